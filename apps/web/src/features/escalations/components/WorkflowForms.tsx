/**
 * Faculty workflow on an escalation: decline with a reason, transfer to a named
 * colleague, ask the asker for more information; and the asker's answer. Every text goes through
 * the server's privacy gate; findings are shown on the field.
 */
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PROFESSION_LABELS, type EscalationDto, type PhiSpan } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { Button, SelectField } from '../../../components/ui/controls';
import { ErrorNote } from '../../../components/ui/feedback';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { decline, fetchColleagues, provideInfo, requestInfo, transfer } from '../api/escalations.api';
import { caseEscalationsKey, upsertEscalation } from '../hooks/queue';

export type WorkflowMode = 'decline' | 'transfer' | 'ask';

function useEscalationMutation<A>(e: EscalationDto, fn: (a: A) => Promise<EscalationDto>, done: string, onDone: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (u) => {
      qc.setQueryData<EscalationDto[]>(qk.escalations('mine'), (cur) => upsertEscalation(cur, u));
      void qc.invalidateQueries({ queryKey: caseEscalationsKey(e.caseId) });
      void qc.invalidateQueries({ queryKey: qk.posts(e.caseId) });
      announce(done);
      onDone();
    },
  });
}

/** One gated text field + submit, shared by decline / ask / the asker's answer. */
function TextForm({
  label,
  hint,
  submitLabel,
  pendingLabel,
  maxLength,
  onSubmit,
  onCancel,
  error,
  pending,
  ariaLabel,
}: {
  label: string;
  hint?: string;
  submitLabel: string;
  pendingLabel: string;
  maxLength: number;
  ariaLabel: string;
  onSubmit: (text: string, fail: (spans: PhiSpan[]) => void) => void;
  onCancel?: () => void;
  error: unknown;
  pending: boolean;
}) {
  const [text, setText] = useState('');
  const [issue, setIssue] = useState<string | undefined>();
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  const live = useLivePhi({ text });
  return (
    <Form
      validationBehavior="aria"
      className="stack workflow-form"
      aria-label={ariaLabel}
      onSubmit={(ev) => {
        ev.preventDefault();
        const t = text.trim();
        if (!t) return setIssue(`${label} cannot be empty.`);
        if (t.length > maxLength) return setIssue(`Keep it under ${maxLength} characters.`);
        setIssue(undefined);
        onSubmit(t, (spans) => setServer({ text, spans }));
      }}
    >
      <PhiTextArea
        label={label}
        description={hint}
        value={text}
        onChange={setText}
        isRequired
        error={issue}
        spans={live.spans.text ?? []}
        serverSpans={server?.text === text ? server.spans : []}
        rows={3}
      />
      {!phiFindingsOf(error) && <ErrorNote error={error} />}
      <div className="form-actions">
        {onCancel && (
          <Button variant="quiet" onPress={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" isDisabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </div>
    </Form>
  );
}

const spansOf = (err: unknown): PhiSpan[] | null => phiFindingsOf(err)?.map(({ field: _f, ...s }) => s) ?? null;

export function DeclineForm({ e, onDone }: { e: EscalationDto; onDone: () => void }) {
  const m = useEscalationMutation(e, (reason: string) => decline(e.id, reason), 'Declined. It is being re-routed to a colleague.', onDone);
  return (
    <TextForm
      ariaLabel="Decline the escalation"
      label="Why are you declining?"
      hint="The asker and the next faculty member see this. No patient identifiers."
      submitLabel="Decline and re-route"
      pendingLabel="Declining…"
      maxLength={2000}
      pending={m.isPending}
      error={m.error}
      onCancel={onDone}
      onSubmit={(t, fail) =>
        m.mutate(t, {
          onError: (err) => {
            const s = spansOf(err);
            if (s) fail(s);
          },
        })
      }
    />
  );
}

export function AskForm({ e, onDone }: { e: EscalationDto; onDone: () => void }) {
  const m = useEscalationMutation(
    e,
    (q: string) => requestInfo(e.id, q),
    'Question sent. The response clock is paused until the asker answers.',
    onDone,
  );
  return (
    <TextForm
      ariaLabel="Ask the asker for more information"
      label="What do you need to know?"
      hint="Posted in the case thread; the asker is notified. The response clock pauses until they answer."
      submitLabel="Ask the asker"
      pendingLabel="Sending…"
      maxLength={2000}
      pending={m.isPending}
      error={m.error}
      onCancel={onDone}
      onSubmit={(t, fail) =>
        m.mutate(t, {
          onError: (err) => {
            const s = spansOf(err);
            if (s) fail(s);
          },
        })
      }
    />
  );
}

/** The asker answers the faculty question; the answer is posted in the thread and the clock resumes. */
export function ProvideInfoForm({ e, onDone }: { e: EscalationDto; onDone?: () => void }) {
  const m = useEscalationMutation(
    e,
    (a: string) => provideInfo(e.id, a),
    'Answer posted in the thread. Faculty were notified.',
    () => onDone?.(),
  );
  return (
    <TextForm
      ariaLabel="Answer the faculty question"
      label="Your answer"
      hint="Posted as your reply in the case thread (anonymous if you posted the case anonymously)."
      submitLabel="Post answer"
      pendingLabel="Posting…"
      maxLength={4000}
      pending={m.isPending}
      error={m.error}
      onSubmit={(t, fail) =>
        m.mutate(t, {
          onError: (err) => {
            const s = spansOf(err);
            if (s) fail(s);
          },
        })
      }
    />
  );
}

export function TransferForm({ e, onDone }: { e: EscalationDto; onDone: () => void }) {
  const colleagues = useQuery({ queryKey: ['escalations', 'colleagues'], queryFn: ({ signal }) => fetchColleagues(signal) });
  const [to, setTo] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [issue, setIssue] = useState<string | undefined>();
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  const live = useLivePhi({ note });
  const m = useEscalationMutation(e, (body: { toUserId: string; note?: string }) => transfer(e.id, body), 'Transferred.', onDone);
  const options = (colleagues.data ?? []).map((c) => ({
    id: c.id,
    label: `${c.displayName} — ${PROFESSION_LABELS[c.profession]}${c.onDuty ? ', on duty' : ', off duty'}`,
  }));
  return (
    <Form
      validationBehavior="aria"
      className="stack workflow-form"
      aria-label="Transfer the escalation"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (!to) return setIssue('Choose the colleague who should take it.');
        setIssue(undefined);
        const n = note.trim();
        m.mutate(
          { toUserId: to, ...(n ? { note: n } : {}) },
          {
            onError: (err) => {
              const s = spansOf(err);
              if (s) setServer({ text: note, spans: s });
            },
          },
        );
      }}
    >
      {colleagues.error ? (
        <ErrorNote error={colleagues.error} />
      ) : (
        <SelectField
          label="Transfer to"
          options={options}
          value={to}
          onChange={setTo}
          isRequired
          error={issue}
          placeholder={colleagues.isPending ? 'Loading colleagues…' : 'Choose a colleague'}
        />
      )}
      <PhiTextArea
        label="Note for your colleague (optional)"
        value={note}
        onChange={setNote}
        spans={live.spans.note ?? []}
        serverSpans={server?.text === note ? server.spans : []}
        rows={2}
      />
      {!phiFindingsOf(m.error) && <ErrorNote error={m.error} />}
      <div className="form-actions">
        <Button variant="quiet" onPress={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" isDisabled={m.isPending}>
          {m.isPending ? 'Transferring…' : 'Transfer'}
        </Button>
      </div>
    </Form>
  );
}
