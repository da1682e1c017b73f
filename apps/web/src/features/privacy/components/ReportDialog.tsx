/**
 * "Report identifier" on a post: the reporter may say why and which words, so the
 * moderator sees what they meant. The words are sent as offsets into the post, never as text; the
 * reason is stored, so the server checks it like any text (and refuses it without echoing it).
 */
import { useState } from 'react';
import { Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';
import type { ReportPostRequest } from '@casebridge/contracts';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { Button, TextInput } from '../../../components/ui/controls';
import { reportPost } from '../api/privacy.api';

/** Offsets of `words` in `body` (exact first, then ignoring case), or null when they are not in it. */
export function selectionOf(body: string, words: string): { start: number; end: number } | null {
  const w = words.trim();
  if (!w) return null;
  let at = body.indexOf(w);
  if (at < 0) at = body.toLowerCase().indexOf(w.toLowerCase());
  return at < 0 ? null : { start: at, end: at + w.length };
}

export function ReportDialog<P extends { id: string; body: string }>({
  post,
  onClose,
  onReported,
}: {
  post: P | null;
  onClose: () => void;
  onReported: (p: P) => void;
}) {
  const [reason, setReason] = useState('');
  const [words, setWords] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const selection = post && words.trim() ? selectionOf(post.body, words) : null;
  const wordsError =
    post && words.trim() && !selection ? 'Those words are not in the post: copy them exactly, or leave this empty.' : undefined;

  const close = () => {
    setReason('');
    setWords('');
    setError(null);
    onClose();
  };
  const send = async () => {
    if (!post || wordsError) return;
    const req: ReportPostRequest = { ...(reason.trim() ? { reason: reason.trim() } : {}), ...(selection ?? {}) };
    setSending(true);
    setError(null);
    try {
      await reportPost(post.id, req);
      setReason('');
      setWords('');
      onReported(post);
    } catch (e) {
      setError(
        phiFindingsOf(e)
          ? 'Your reason itself looks like an identifier. Describe the problem without repeating it (e.g. “names the daughter”).'
          : describeError(e),
      );
    } finally {
      setSending(false);
    }
  };

  return (
    <DialogTrigger isOpen={!!post} onOpenChange={(o) => !o && close()}>
      <Modal className="modal" isDismissable>
        <Dialog className="dialog" role="alertdialog">
          <Heading slot="title">Report a possible identifier?</Heading>
          <p>
            The post is hidden from everyone at once until a moderator reviews it. The author and the cohort’s moderators are told, not who
            reported it.
          </p>
          <TextInput
            label="Which words identify someone? (optional)"
            description="Copy them from the post; only their position is sent."
            value={words}
            onChange={setWords}
            error={wordsError}
          />
          <TextInput
            label="Why? (optional)"
            description="e.g. “names the daughter”, “exact admission date”."
            value={reason}
            onChange={setReason}
          />
          {error && (
            <p className="note note-error" role="alert">
              {error}
            </p>
          )}
          <div className="form-actions">
            <Button variant="quiet" onPress={close}>
              Cancel
            </Button>
            <Button variant="danger" onPress={() => void send()} isDisabled={sending || !!wordsError}>
              Report and hide
            </Button>
          </div>
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
