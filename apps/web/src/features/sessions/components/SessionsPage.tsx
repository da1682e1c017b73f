import { useMemo, useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreateSessionRequest } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { isFaculty, useMe } from '../../../lib/auth';
import { schemaIssues } from '../../../lib/forms';
import { qk } from '../../../lib/query-keys';
import { browserTimeZone, timeZoneOptions, wallTimeToIso } from '../../../lib/session-time';
import { Button, SelectField, SwitchField, TextInput } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { useCohorts } from '../../../lib/cohorts';
import { SessionCard } from '../../../components/sessions/SessionCard';
import { createSession, listCohortCases, listSessions, periodCertificate, saveBlob } from '../api/sessions.api';
import { CaseSubmissions } from './CaseSubmissions';
import './sessions.css';

const NO_CASE = 'none';

function ScheduleForm() {
  const qc = useQueryClient();
  const cohorts = useCohorts();
  const zones = useMemo(() => timeZoneOptions().map((z) => ({ id: z, label: z.replace(/_/g, ' ') })), []);
  const empty = { cohortId: '', title: '', startsAt: '', timeZone: browserTimeZone(), caseId: NO_CASE, meetingUrl: '', meetingLabel: '' };
  const [form, setForm] = useState(empty);
  const cases = useQuery({
    queryKey: qk.cases({ cohortId: form.cohortId, limit: 100 }),
    queryFn: ({ signal }) => listCohortCases(form.cohortId, signal),
    enabled: !!form.cohortId,
  });
  const caseOptions = [
    { id: NO_CASE, label: 'No case yet (didactic or open discussion)' },
    ...(cases.data?.items ?? [])
      .filter((c) => c.status !== 'closed')
      .map((c) => ({ id: c.id, label: `${c.title} — ${c.anonymous ? 'anonymous author' : c.author.displayName}` })),
  ];
  const [issues, setIssues] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: createSession,
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: ['sessions'] });
      announce(`Scheduled “${s.title}”.`);
      setForm({ ...empty, cohortId: form.cohortId, timeZone: form.timeZone });
    },
  });
  const submit = () => {
    const chosen = cases.data?.items.find((c) => c.id === form.caseId);
    const body = {
      cohortId: form.cohortId,
      title: form.title.trim(),
      startsAt: form.startsAt ? wallTimeToIso(form.startsAt, form.timeZone) : '',
      timeZone: form.timeZone,
      // the case's author presents it (their name stays hidden from peers when the case is anonymous)
      ...(chosen ? { presenterCaseId: chosen.id, ...(chosen.author.id ? { presenterId: chosen.author.id } : {}) } : {}),
      ...(form.meetingUrl.trim() ? { meetingUrl: form.meetingUrl.trim() } : {}),
      ...(form.meetingLabel.trim() ? { meetingLabel: form.meetingLabel.trim() } : {}),
    };
    const found = schemaIssues(CreateSessionRequest, body);
    const words: Record<string, string> = {
      cohortId: 'Choose the cohort.',
      title: 'Give the session a title.',
      startsAt: 'Choose the date and time it starts.',
      meetingUrl: 'Paste the https:// address of the Zoom or Teams meeting.',
      meetingLabel: 'Keep the label under 120 characters.',
    };
    setIssues(Object.fromEntries(found.map((i) => [i.path, words[i.path] ?? i.message])));
    if (found.length === 0) m.mutate(body);
  };
  return (
    <Form
      validationBehavior="aria"
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <SelectField
        label="Cohort"
        options={(cohorts.data ?? []).map((c) => ({ id: c.id, label: c.name }))}
        value={form.cohortId || null}
        onChange={(v) => setForm({ ...form, cohortId: v, caseId: NO_CASE })}
        error={issues.cohortId}
        isRequired
        placeholder="Choose…"
      />
      <TextInput label="Title" value={form.title} onChange={(v) => setForm({ ...form, title: v })} error={issues.title} isRequired />
      <div className="schedule-when">
        <TextInput
          label="Starts at"
          type="datetime-local"
          value={form.startsAt}
          onChange={(v) => setForm({ ...form, startsAt: v })}
          error={issues.startsAt}
          isRequired
          description={`In the time zone chosen beside it (${form.timeZone.replace(/_/g, ' ')}).`}
        />
        <SelectField label="Time zone" options={zones} value={form.timeZone} onChange={(v) => setForm({ ...form, timeZone: v })} />
      </div>
      <SelectField
        label="Presented case"
        description={form.cohortId ? 'Its author presents it; an anonymous author stays anonymous to peers.' : 'Choose the cohort first.'}
        options={caseOptions}
        value={form.caseId}
        onChange={(v) => setForm({ ...form, caseId: v })}
        isDisabled={!form.cohortId}
      />
      <TextInput
        label="Video meeting link (optional)"
        type="url"
        value={form.meetingUrl}
        onChange={(v) => setForm({ ...form, meetingUrl: v })}
        error={issues.meetingUrl}
        placeholder="https://…"
        description="Zoom, Teams or Webex: shown in the room and on the session card."
      />
      <TextInput
        label="Meeting label (optional)"
        value={form.meetingLabel}
        onChange={(v) => setForm({ ...form, meetingLabel: v })}
        error={issues.meetingLabel}
        description="For example “Zoom, passcode in the invitation”. No patient details."
      />
      <ErrorNote error={m.error} />
      <Button type="submit" variant="primary" isDisabled={m.isPending}>
        Schedule
      </Button>
    </Form>
  );
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** A certificate of attendance for every session the caller attended in a period. */
function CertificateForm() {
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 90 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const m = useMutation({
    mutationFn: () => periodCertificate(from, to),
    onSuccess: (blob) => {
      saveBlob(blob, `certificate-${from}-to-${to}.pdf`);
      announce('Certificate downloaded.');
    },
  });
  return (
    <Form
      validationBehavior="aria"
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        m.mutate();
      }}
    >
      <p className="field-description">Every session you attended between the two dates, with the minutes you were present.</p>
      <div className="schedule-when">
        <TextInput label="From" type="date" value={from} onChange={setFrom} isRequired />
        <TextInput label="To" type="date" value={to} onChange={setTo} isRequired />
      </div>
      <ErrorNote error={m.error} />
      <Button type="submit" isDisabled={m.isPending || !from || !to}>
        Download certificate (PDF)
      </Button>
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
        <Section
          title="Sessions"
          id="sessions-list"
          actions={
            <SwitchField isSelected={upcoming} onChange={setUpcoming}>
              Upcoming only
            </SwitchField>
          }
        >
          {q.isPending ? (
            <Loading />
          ) : q.error ? (
            <ErrorNote error={q.error} />
          ) : q.data.length === 0 ? (
            <Empty>No sessions.</Empty>
          ) : (
            <ul className="list">
              {q.data.map((s) => (
                <SessionCard key={s.id} session={s} />
              ))}
            </ul>
          )}
        </Section>
        {isFaculty(me) && (
          <Section title="Schedule a session" id="schedule">
            <ScheduleForm />
          </Section>
        )}
        <CaseSubmissions />
        <Section title="Certificate of attendance" id="certificate">
          <CertificateForm />
        </Section>
      </div>
    </>
  );
}
