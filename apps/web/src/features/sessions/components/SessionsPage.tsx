import { useState } from 'react';
import { Link } from 'react-router';
import { Form } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreateSessionRequest } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { isFaculty, useMe } from '../../../lib/auth';
import { schemaIssues } from '../../../lib/forms';
import { useCohorts } from '../../../lib/cohorts';
import { qk } from '../../../lib/query-keys';
import { formatDateTime } from '../../../lib/time';
import { Button, SelectField, SwitchField, TextInput } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { createSession, listSessions } from '../api/sessions.api';
import { PHASE_LABELS } from '../realtime/useSessionRoom';

function ScheduleForm() {
  const qc = useQueryClient();
  const cohorts = useCohorts();
  const [form, setForm] = useState({ cohortId: '', title: '', startsAt: '', presenterCaseId: '' });
  const [issues, setIssues] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: createSession,
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      announce(`Scheduled “${s.title}”.`);
      setForm({ cohortId: form.cohortId, title: '', startsAt: '', presenterCaseId: '' });
    },
  });
  const submit = () => {
    const body = {
      cohortId: form.cohortId,
      title: form.title.trim(),
      startsAt: form.startsAt ? new Date(form.startsAt).toISOString() : '',
      ...(form.presenterCaseId.trim() ? { presenterCaseId: form.presenterCaseId.trim() } : {}),
    };
    const found = schemaIssues(CreateSessionRequest, body);
    setIssues(Object.fromEntries(found.map((i) => [i.path, i.path === 'presenterCaseId' ? 'A case id from the case page address' : i.message])));
    if (found.length === 0) m.mutate(body);
  };
  return (
    <Form validationBehavior="aria" className="stack" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <SelectField label="Cohort" options={(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))} value={form.cohortId || null} onChange={(v) => setForm({ ...form, cohortId: v })} error={issues.cohortId} isRequired placeholder="Choose…" />
      <TextInput label="Title" value={form.title} onChange={(v) => setForm({ ...form, title: v })} error={issues.title} isRequired />
      <TextInput label="Starts at" type="datetime-local" value={form.startsAt} onChange={(v) => setForm({ ...form, startsAt: v })} error={issues.startsAt} isRequired />
      <TextInput label="Presented case id (optional)" value={form.presenterCaseId} onChange={(v) => setForm({ ...form, presenterCaseId: v })} error={issues.presenterCaseId} />
      <ErrorNote error={m.error} />
      <Button type="submit" variant="primary" isDisabled={m.isPending}>Schedule</Button>
    </Form>
  );
}

export default function SessionsPage() {
  const me = useMe();
  const [upcoming, setUpcoming] = useState(true);
  const q = useQuery({ queryKey: qk.sessions({ upcoming }), queryFn: ({ signal }) => listSessions(upcoming, signal) });
  return (
    <>
      <PageTitle>Live sessions</PageTitle>
      <div className="grid-2">
        <Section title="Sessions" id="sessions-list" actions={<SwitchField isSelected={upcoming} onChange={setUpcoming}>Upcoming only</SwitchField>}>
          {q.isPending ? <Loading /> : q.error ? <ErrorNote error={q.error} /> : q.data.length === 0 ? <Empty>No sessions.</Empty> : (
            <ul className="list">
              {q.data.map((s) => (
                <li key={s.id} className="list-row">
                  <Link to={`/sessions/${s.id}`} className="row-title">{s.title}</Link>
                  <span className="row-meta">{formatDateTime(s.startsAt)} · {PHASE_LABELS[s.phase]}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
        {isFaculty(me) && (
          <Section title="Schedule a session" id="schedule">
            <ScheduleForm />
          </Section>
        )}
      </div>
    </>
  );
}
