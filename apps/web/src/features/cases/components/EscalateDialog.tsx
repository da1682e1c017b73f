/**
 * Escalate a question to tertiary faculty, with a preview of where it will be routed
 * (`/api/escalations/route-preview`) before it is sent.
 */
import { useState } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, Form } from 'react-aria-components';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CreateEscalationRequest,
  NCP_DOMAINS,
  PROFESSIONS,
  PROFESSION_LABELS,
  type CaseDto,
  type EscalationDto,
  type PhiSpan,
  type Profession,
  type RoutePreviewDto,
} from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { schemaIssues } from '../../../lib/forms';
import { useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { Button, CheckboxField, CheckboxGroupField, RadioGroupField } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { createEscalation, routePreview } from '../api/cases.api';

const dayTime = new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const lower = (ps: readonly Profession[]) => ps.map((p) => PROFESSION_LABELS[p].toLowerCase());
const orList = (w: string[]) => (w.length <= 1 ? w.join('') : `${w.slice(0, -1).join(', ')} or ${w.at(-1)}`);

/** The routing preview as sentences: who answers, which professions, by when. */
function PreviewWords({ p, urgency, asked }: { p: RoutePreviewDto; urgency: 'routine' | 'urgent'; asked: Profession[] }) {
  const hours = p.targetHours[urgency];
  const by = p.dueAt ? dayTime.format(new Date(p.dueAt)) : undefined;
  const fromDomains = p.targetProfessions.filter((x) => !asked.includes(x));
  return (
    <>
      <p>
        {p.assignee ? (
          <>
            <strong>{p.assignee.displayName}</strong> ({PROFESSION_LABELS[p.assignee.profession].toLowerCase()}, on duty) will be asked
            first
          </>
        ) : p.targetProfessions.length ? (
          <>No matching faculty member is on duty now; it will be offered to every {orList(lower(p.targetProfessions))} faculty member</>
        ) : (
          <>It will be offered to the faculty pool</>
        )}
        {by ? (
          <>
            {' '}
            — answer expected by <strong>{by}</strong> ({hours} h target for {urgency} questions).
          </>
        ) : (
          '.'
        )}
      </p>
      {p.targetProfessions.length > 0 && (
        <p className="muted">
          {asked.length > 0 && <>You asked for {orList(lower(asked))}. </>}
          {fromDomains.length > 0 && <>The chosen domains also reach {orList(lower(fromDomains))}. </>}
          {p.candidates > 1 && <>{p.candidates} matching faculty members are on duty.</>}
        </p>
      )}
    </>
  );
}

function EscalateForm({ c, close, open }: { c: CaseDto; close: () => void; open: EscalationDto[] }) {
  const [despiteOpen, setDespiteOpen] = useState(false);
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
    queryKey: [...qk.routePreview(domainNums, professions), urgency],
    queryFn: ({ signal }) => routePreview(domainNums, professions as Profession[], urgency as 'routine' | 'urgent', signal),
    enabled: domainNums.length > 0,
    placeholderData: keepPreviousData,
  });
  const m = useMutation({
    mutationFn: (body: CreateEscalationRequest) => createEscalation(c.id, body),
    onSuccess: (e) => {
      void qc.invalidateQueries({ queryKey: qk.escalationsAll });
      void qc.invalidateQueries({ queryKey: qk.case(c.id) });
      announce(
        e.assigneeName
          ? `Escalated. ${e.assigneeName} has been asked.`
          : `Escalated. Offered to ${e.targetProfessions.map((p) => PROFESSION_LABELS[p]).join(', ')} faculty.`,
      );
      close();
    },
    onError: (e) => {
      const findings = phiFindingsOf(e);
      if (findings) setServer({ text: question, spans: findings.map(({ field: _f, ...s }) => s) });
    },
  });
  const submit = () => {
    if (open.length > 0 && !despiteOpen) {
      setIssues({ despiteOpen: 'This case already has an open escalation. Tick the box to confirm this is a different question.' });
      return;
    }
    const body = {
      question: question.trim(),
      domains: domainNums,
      professions: professions.length ? (professions as Profession[]) : undefined,
      urgency: urgency as 'routine' | 'urgent',
      ...(open.length > 0 ? { despiteOpen: true } : {}),
    };
    const found = schemaIssues(CreateEscalationRequest, body);
    setIssues(Object.fromEntries(found.map((i) => [i.path.split('.')[0], i.message])));
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
      {open.length > 0 && (
        <div className="panel warning" role="note">
          <p>
            <strong>This case is already escalated.</strong>{' '}
            {open.map((e) => (e.assigneeName ? `${e.assigneeName} is on it` : 'It is waiting in the faculty pool')).join('; ')}. Escalating
            again asks another faculty member to do the same work; do it only for a different question.
          </p>
          <CheckboxField isSelected={despiteOpen} onChange={setDespiteOpen}>
            This is a different question: escalate it as well
          </CheckboxField>
          {issues.despiteOpen && (
            <p className="field-error" role="alert">
              {issues.despiteOpen}
            </p>
          )}
        </div>
      )}
      <PhiTextArea
        label="Question for faculty"
        value={question}
        onChange={setQuestion}
        spans={live.spans.question ?? []}
        serverSpans={server?.text === question ? server.spans : []}
        error={issues.question}
        rows={4}
        isRequired
      />
      <CheckboxGroupField
        label="NCP domains"
        options={Object.entries(NCP_DOMAINS).map(([id, n]) => ({ id, label: `${id}. ${n}` }))}
        value={domains}
        onChange={setDomains}
        error={issues.domains}
        isRequired
      />
      <CheckboxGroupField
        label="Ask these professions (optional)"
        options={PROFESSIONS.map((p) => ({ id: p, label: PROFESSION_LABELS[p] }))}
        value={professions}
        onChange={setProfessions}
      />
      <RadioGroupField
        label="Urgency"
        options={[
          { id: 'routine', label: 'Routine' },
          { id: 'urgent', label: 'Urgent' },
        ]}
        value={urgency}
        onChange={setUrgency}
      />
      <div className="route-preview" aria-live="polite">
        <h3>Where it goes</h3>
        {domainNums.length === 0 ? (
          <p>Choose at least one domain to see the routing.</p>
        ) : preview.error ? (
          <ErrorNote error={preview.error} />
        ) : !preview.data || preview.isPlaceholderData ? (
          // Never show the previous selection's routing as if it were this one's.
          <p>Checking routing…</p>
        ) : (
          <PreviewWords p={preview.data} urgency={urgency as 'routine' | 'urgent'} asked={professions as Profession[]} />
        )}
      </div>
      <ErrorNote error={m.error} />
      <div className="form-actions">
        <Button variant="quiet" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          {m.isPending ? 'Sending…' : 'Escalate'}
        </Button>
      </div>
    </Form>
  );
}

export function EscalateDialog({ c, open = [] }: { c: CaseDto; open?: EscalationDto[] }) {
  return (
    <DialogTrigger>
      <Button variant={open.length ? 'secondary' : 'primary'}>{open.length ? 'Escalate another question' : 'Escalate to faculty'}</Button>
      <Modal className="modal" isDismissable>
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">Escalate to tertiary faculty</Heading>
              <EscalateForm c={c} close={close} open={open} />
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
