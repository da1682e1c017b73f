/**
 * Escalate a question to tertiary faculty, with a preview of where it will be routed
 * (`/api/escalations/route-preview`) before it is sent.
 */
import { useState } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, Form } from 'react-aria-components';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CreateEscalationRequest, NCP_DOMAINS, PROFESSIONS, PROFESSION_LABELS, type CaseDto, type PhiSpan, type Profession } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { schemaIssues } from '../../../lib/forms';
import { useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { Button, CheckboxGroupField, RadioGroupField } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { ProfessionBadge } from '../../../components/ui/ProfessionBadge';
import { createEscalation, routePreview } from '../api/cases.api';

function EscalateForm({ c, close }: { c: CaseDto; close: () => void }) {
  const qc = useQueryClient();
  const [question, setQuestion] = useState(c.question.text);
  const [domains, setDomains] = useState<string[]>(c.question.domains.map(String));
  const [professions, setProfessions] = useState<string[]>(c.question.professions ?? []);
  const [urgency, setUrgency] = useState<string>(c.question.urgency);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  const live = useLivePhi({ question });
  const domainNums = domains.map(Number).sort((a, b) => a - b);
  const preview = useQuery({
    queryKey: qk.routePreview(domainNums, professions),
    queryFn: ({ signal }) => routePreview(domainNums, professions as Profession[], signal),
    enabled: domainNums.length > 0,
    placeholderData: keepPreviousData,
  });
  const m = useMutation({
    mutationFn: (body: CreateEscalationRequest) => createEscalation(c.id, body),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: qk.escalationsAll });
      void qc.invalidateQueries({ queryKey: qk.case(c.id) });
      announce(`Escalated. Routed to ${e.targetProfessions.map((p) => PROFESSION_LABELS[p]).join(', ')}.`);
      close();
    },
    onError: (e) => {
      const findings = phiFindingsOf(e);
      if (findings) setServer({ text: question, spans: findings.map(({ field: _f, ...s }) => s) });
    },
  });
  const submit = () => {
    const body = { question: question.trim(), domains: domainNums, professions: professions.length ? (professions as Profession[]) : undefined, urgency: urgency as 'routine' | 'urgent' };
    const found = schemaIssues(CreateEscalationRequest, body);
    setIssues(Object.fromEntries(found.map((i) => [i.path.split('.')[0], i.message])));
    if (found.length === 0) m.mutate(body);
  };

  return (
    <Form validationBehavior="aria"
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <PhiTextArea label="Question for faculty" value={question} onChange={setQuestion} spans={live.spans.question ?? []} serverSpans={server?.text === question ? server.spans : []} error={issues.question} rows={4} isRequired />
      <CheckboxGroupField label="NCP domains" options={Object.entries(NCP_DOMAINS).map(([id, n]) => ({ id, label: `${id}. ${n}` }))} value={domains} onChange={setDomains} error={issues.domains} isRequired />
      <CheckboxGroupField label="Ask these professions (optional)" options={PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }))} value={professions} onChange={setProfessions} />
      <RadioGroupField label="Urgency" options={[{ id: 'routine', label: 'Routine' }, { id: 'urgent', label: 'Urgent' }]} value={urgency} onChange={setUrgency} />
      <div className="route-preview" aria-live="polite">
        <h3>Where it goes</h3>
        {domainNums.length === 0 ? (
          <p>Choose at least one domain to see the routing.</p>
        ) : preview.error ? (
          <ErrorNote error={preview.error} />
        ) : !preview.data ? (
          <p>Checking routing…</p>
        ) : (
          <>
            <p>
              Routed to:{' '}
              {preview.data.targetProfessions.length ? preview.data.targetProfessions.map((p) => <ProfessionBadge key={p} profession={p} />) : 'the faculty pool'}
            </p>
            <p>{preview.data.candidates === 0 ? 'No matching faculty is on duty now; it will wait for the next available.' : `${preview.data.candidates} faculty member${preview.data.candidates === 1 ? '' : 's'} on duty can take it.`}</p>
          </>
        )}
      </div>
      <ErrorNote error={m.error} />
      <div className="form-actions">
        <Button variant="quiet" onPress={close}>Cancel</Button>
        <Button type="submit" variant="primary" isDisabled={m.isPending}>{m.isPending ? 'Sending…' : 'Escalate'}</Button>
      </div>
    </Form>
  );
}

export function EscalateDialog({ c }: { c: CaseDto }) {
  return (
    <DialogTrigger>
      <Button variant="primary">Escalate to faculty</Button>
      <Modal className="modal" isDismissable>
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">Escalate to tertiary faculty</Heading>
              <EscalateForm c={c} close={close} />
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
