/**
 * The moderated override path: the server refused a text, and every finding is
 * one the author marked "Not an identifier". The author confirms each one and says why; the item
 * then waits for a moderator instead of being a dead end. Reasons are stored, so the server checks
 * them too; its refusal never echoes the text.
 */
import { useState } from 'react';
import type { PhiType } from '@casebridge/contracts';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { Button, CheckboxField, TextInput } from '../../../components/ui/controls';
import { PHI_TYPE_LABELS } from '../../../components/ui/PhiTextArea';
import type { Confirmation } from '../api/privacy.api';

export interface HeldFinding {
  field: string;
  start: number;
  end: number;
  type: PhiType;
  /** The flagged words, for the author's eyes only (never sent). */
  words: string;
  /** Where it is, in words ("Social history"), when the form has several fields. */
  where?: string;
}

export function OverrideReview({
  findings,
  onSend,
  onCancel,
}: {
  findings: HeldFinding[];
  onSend: (confirmations: Confirmation[]) => Promise<unknown>;
  onCancel: () => void;
}) {
  const [confirmed, setConfirmed] = useState<boolean[]>(() => findings.map(() => false));
  const [reasons, setReasons] = useState<string[]>(() => findings.map(() => ''));
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ready = confirmed.every(Boolean) && reasons.every((r) => r.trim().length >= 3);

  const send = async () => {
    setError(null);
    setSending(true);
    try {
      await onSend(findings.map((f, i) => ({ field: f.field, start: f.start, end: f.end, reason: reasons[i].trim() })));
    } catch (e) {
      setError(
        phiFindingsOf(e)
          ? 'A reason or the text still holds a possible identifier the check did not expect. Rewrite it and try again.'
          : describeError(e),
      );
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="override-review" aria-labelledby="override-review-title">
      <h3 id="override-review-title">Send for privacy review</h3>
      <p>
        You marked {findings.length === 1 ? 'this finding' : `these ${findings.length} findings`} “Not an identifier”. Confirm each and say
        why: a moderator reads your text and publishes it, or tells you why not. Until then nobody else sees it.
      </p>
      <ol>
        {findings.map((f, i) => (
          <li key={`${f.field}-${f.start}-${f.end}`}>
            <CheckboxField isSelected={confirmed[i]} onChange={(v) => setConfirmed((c) => c.map((x, j) => (j === i ? v : x)))}>
              “{f.words}” ({PHI_TYPE_LABELS[f.type] ?? f.type}
              {f.where ? `, ${f.where}` : ''}) does not identify a patient or their family
            </CheckboxField>
            <TextInput
              label={`Why “${f.words}” is not an identifier`}
              description="At least 3 characters, e.g. “the name of a care protocol”."
              value={reasons[i]}
              onChange={(v) => setReasons((r) => r.map((x, j) => (j === i ? v : x)))}
              isRequired
            />
          </li>
        ))}
      </ol>
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <Button variant="primary" onPress={() => void send()} isDisabled={!ready || sending}>
          {sending ? 'Sending…' : 'Send for review'}
        </Button>
        <Button variant="quiet" onPress={onCancel}>
          Back to editing
        </Button>
      </div>
    </section>
  );
}
