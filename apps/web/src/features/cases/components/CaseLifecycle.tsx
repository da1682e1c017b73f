/**
 * The case's lifecycle on the case page: who may close it (with an outcome) or reopen it, the
 * closure banner, and the follow-ups ("what happened") with a form to add one. Free text goes
 * through the in-browser PHI check while typing and the server gate on send.
 */
import { useState } from 'react';
import { Dialog, DialogTrigger, Form, Heading, Modal } from 'react-aria-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  ADVICE_FOLLOWED_LABELS,
  CLOSE_OUTCOMES,
  CLOSE_OUTCOME_LABELS,
  type CaseDto,
  type CloseOutcome,
  type PhiSpan,
  type UserDto,
} from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { formatDateTime } from '../../../lib/time';
import { Button, RadioGroupField, SelectField } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import { addFollowUp, closeCase, reopenCase, type FollowUpInput } from '../api/cases.api';

/** Mirrors POLICY 'case.update': the author, faculty of the case's cohort, admins. */
export function canUpdateCase(c: CaseDto, me: Pick<UserDto, 'id' | 'role' | 'cohortIds'>): boolean {
  return me.role === 'admin' || c.author.id === me.id || (me.role === 'faculty' && me.cohortIds.includes(c.cohortId));
}

const outcomeOptions = CLOSE_OUTCOMES.map((o) => ({ id: o, label: CLOSE_OUTCOME_LABELS[o] }));
const adviceOptions = (['yes', 'partly', 'no'] as const).map((a) => ({ id: a, label: ADVICE_FOLLOWED_LABELS[a] }));
const ppsOptions = [
  { id: 'none', label: 'Not assessed' },
  ...Array.from({ length: 11 }, (_, i) => ({ id: String(100 - i * 10), label: `${100 - i * 10}%` })),
];

/** Server findings belong to the text they were found in; once the text changes they no longer apply. */
function useServerSpans() {
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  return {
    spansFor: (text: string) => (server?.text === text ? server.spans : []),
    fromError: (e: unknown, text: string) => {
      const findings = phiFindingsOf(e);
      if (findings) setServer({ text, spans: findings.map(({ field: _f, ...s }) => s) });
    },
  };
}

function CloseForm({ c, close }: { c: CaseDto; close: () => void }) {
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<CloseOutcome | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const live = useLivePhi({ note });
  const server = useServerSpans();
  const m = useMutation({
    mutationFn: () => closeCase(c.id, { outcome: outcome!, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (updated) => {
      qc.setQueryData(qk.case(c.id), updated);
      void qc.invalidateQueries({ queryKey: qk.caseLists });
      announce(`Case closed: ${CLOSE_OUTCOME_LABELS[updated.closure?.outcome ?? outcome!]}.`);
      close();
    },
    onError: (e) => server.fromError(e, note.trim()),
  });
  return (
    <Form
      validationBehavior="aria"
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        setMissing(!outcome);
        if (outcome) m.mutate();
      }}
    >
      <RadioGroupField
        label="Outcome"
        orientation="vertical"
        options={outcomeOptions}
        value={outcome}
        onChange={(v) => {
          setOutcome(v as CloseOutcome);
          setMissing(false);
        }}
        error={missing ? 'Choose how the case ended.' : undefined}
        isRequired
      />
      <PhiTextArea
        label="Closing note (optional)"
        description="What was decided, for colleagues who read the case later. No names, dates or places."
        value={note}
        onChange={setNote}
        spans={live.spans.note ?? []}
        serverSpans={server.spansFor(note.trim())}
        rows={3}
      />
      <p className="muted">Closed cases take no new posts. You or faculty of the cohort can reopen it.</p>
      <ErrorNote error={m.error} />
      <div className="form-actions">
        <Button variant="quiet" onPress={close}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          {m.isPending ? 'Closing…' : 'Close case'}
        </Button>
      </div>
    </Form>
  );
}

export function CloseCaseDialog({ c }: { c: CaseDto }) {
  return (
    <DialogTrigger>
      <Button>Close case…</Button>
      <Modal className="modal" isDismissable>
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">Close this case</Heading>
              <CloseForm c={c} close={close} />
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}

export function ReopenButton({ c }: { c: CaseDto }) {
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () => reopenCase(c.id),
    onSuccess: (updated) => {
      qc.setQueryData(qk.case(c.id), updated);
      void qc.invalidateQueries({ queryKey: qk.caseLists });
      announce(`Case reopened. Status: ${updated.status}.`);
    },
  });
  return (
    <>
      <Button variant="primary" onPress={() => m.mutate()} isDisabled={m.isPending}>
        {m.isPending ? 'Reopening…' : 'Reopen case'}
      </Button>
      <ErrorNote error={m.error} />
    </>
  );
}

/** The banner a closed case shows above everything else. */
export function ClosureBanner({ c, canUpdate }: { c: CaseDto; canUpdate: boolean }) {
  if (c.status !== 'closed') return null;
  const k = c.closure;
  return (
    <section className="panel closure" aria-labelledby="closure-title">
      <h2 id="closure-title">Closed{k ? `: ${CLOSE_OUTCOME_LABELS[k.outcome]}` : ''}</h2>
      {k && (
        <p className="row-meta">
          {formatDateTime(k.closedAt)} by <AuthorLine author={k.closedBy} />
        </p>
      )}
      {k?.note && <p className="closure-note">{k.note}</p>}
      <p className="muted">This case takes no new posts{canUpdate ? ' until it is reopened' : ''}.</p>
      {canUpdate && <ReopenButton c={c} />}
    </section>
  );
}

function FollowUpForm({ c, onDone }: { c: CaseDto; onDone: () => void }) {
  const qc = useQueryClient();
  const [advice, setAdvice] = useState<FollowUpInput['adviceFollowed'] | null>(null);
  const [outcome, setOutcome] = useState('');
  const [pps, setPps] = useState('none');
  const [errors, setErrors] = useState<{ advice?: string; outcome?: string }>({});
  const live = useLivePhi({ outcome });
  const server = useServerSpans();
  const m = useMutation({
    mutationFn: () =>
      addFollowUp(c.id, { adviceFollowed: advice!, outcome: outcome.trim(), ...(pps !== 'none' ? { pps: Number(pps) } : {}) }),
    onSuccess: (updated) => {
      qc.setQueryData(qk.case(c.id), updated);
      announce('Follow-up added.');
      onDone();
    },
    onError: (e) => server.fromError(e, outcome.trim()),
  });
  return (
    <Form
      validationBehavior="aria"
      className="stack follow-up-form"
      aria-label="Add a follow-up"
      onSubmit={(e) => {
        e.preventDefault();
        const next = {
          ...(advice ? {} : { advice: 'Say whether the advice was followed.' }),
          ...(outcome.trim() ? {} : { outcome: 'Describe what happened.' }),
        };
        setErrors(next);
        if (next.advice || next.outcome) {
          document
            .querySelector<HTMLElement>(next.advice ? '.follow-up-form [role=radiogroup] input' : '.follow-up-form textarea')
            ?.focus();
          return;
        }
        m.mutate();
      }}
    >
      <RadioGroupField
        label="Was the advice followed?"
        options={adviceOptions}
        value={advice}
        onChange={(v) => setAdvice(v as FollowUpInput['adviceFollowed'])}
        error={errors.advice}
        isRequired
      />
      <PhiTextArea
        label="What happened"
        description="How the patient and family did afterwards, and what you would do again or differently."
        value={outcome}
        onChange={setOutcome}
        spans={live.spans.outcome ?? []}
        serverSpans={server.spansFor(outcome.trim())}
        error={errors.outcome}
        rows={3}
        isRequired
      />
      <SelectField label="PPS now (optional)" options={ppsOptions} value={pps} onChange={setPps} />
      <ErrorNote error={m.error} />
      <div className="form-actions">
        <Button variant="quiet" onPress={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          {m.isPending ? 'Saving…' : 'Add follow-up'}
        </Button>
      </div>
    </Form>
  );
}

/** "What happened": the follow-ups, oldest first, and (for those allowed) a form to add one. */
export function FollowUps({ c, canUpdate }: { c: CaseDto; canUpdate: boolean }) {
  const [adding, setAdding] = useState(false);
  if (c.followUps.length === 0 && !canUpdate) return null;
  return (
    <section className="panel follow-ups" aria-labelledby="follow-ups-title">
      <div className="panel-head">
        <h2 id="follow-ups-title">What happened ({c.followUps.length})</h2>
        {canUpdate && !adding && <Button onPress={() => setAdding(true)}>Add a follow-up</Button>}
      </div>
      {c.followUps.length === 0 ? (
        <p className="muted">No follow-up yet. Tell colleagues how the patient did after the advice.</p>
      ) : (
        <ol className="follow-up-list">
          {c.followUps.map((f, i) => (
            <li key={`${f.createdAt}-${i}`}>
              <p className="row-meta">
                <strong>{ADVICE_FOLLOWED_LABELS[f.adviceFollowed] ?? f.adviceFollowed}</strong> · {formatDateTime(f.createdAt)}
                {f.author && (
                  <>
                    {' '}
                    · <AuthorLine author={f.author} />
                  </>
                )}
                {f.pps !== undefined && <> · PPS {f.pps}%</>}
              </p>
              <p>{f.outcome}</p>
            </li>
          ))}
        </ol>
      )}
      {adding && <FollowUpForm c={c} onDone={() => setAdding(false)} />}
    </section>
  );
}
