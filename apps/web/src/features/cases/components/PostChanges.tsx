/**
 * Changing a published post: the author edits it in a dialog that behaves like the
 * composer (live highlighting of possible identifiers, the server's refusal shown on the same text,
 * nothing stored until the gate says clean); the author and moderators open its edit history; the
 * cohort's moderators hide, redact (a gated rewrite, marked "[redacted by a moderator]"), delete
 * (a tombstone) or show a hidden post again, each after a confirmation. Every change reaches the
 * other readers live through `post:updated`.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Dialog, Heading, Modal } from 'react-aria-components';
import { useQuery } from '@tanstack/react-query';
import type { PhiSpan, PostDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { formatDateTime } from '../../../lib/time';
import { useLivePhi } from '../../../lib/phi';
import { Button } from '../../../components/ui/controls';
import { ErrorNote, Loading } from '../../../components/ui/feedback';
import { Markdown } from '../../../components/ui/Markdown';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { deletePost, editPost, hidePost, postHistory, redactPost, restorePost } from '../api/post-moderation.api';
import type { ThreadPost } from '../hooks/thread';

export type ModerationAction = 'hide' | 'redact' | 'delete' | 'restore';

/** The marker a redaction leaves in the text (and the label the thread shows beside it). */
export const REDACTED_MARKER = '[redacted by a moderator]';

type Open =
  { kind: 'edit'; post: ThreadPost } | { kind: 'history'; post: ThreadPost } | { kind: ModerationAction; post: ThreadPost } | null;

function ModalDialog({ title, onClose, children, alert }: { title: string; onClose: () => void; children: ReactNode; alert?: boolean }) {
  return (
    <Modal className="modal" isDismissable isOpen onOpenChange={(o) => !o && onClose()}>
      <Dialog className="dialog post-change-dialog" role={alert ? 'alertdialog' : 'dialog'}>
        <Heading slot="title">{title}</Heading>
        {children}
      </Dialog>
    </Modal>
  );
}

function EditForm({ post, onDone, onClose }: { post: ThreadPost; onDone: (p: PostDto) => void; onClose: () => void }) {
  const [body, setBody] = useState(post.body);
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const live = useLivePhi({ body });
  const save = async () => {
    const text = body.trim();
    if (!text || text === post.body) return;
    setSaving(true);
    setError(null);
    try {
      onDone(await editPost(post.id, text));
      announce('Post edited.');
    } catch (e) {
      const findings = phiFindingsOf(e);
      if (findings) {
        setServer({ text: body, spans: findings.filter((f) => f.field === 'body' || !f.field).map(({ field: _f, ...s }) => s) });
        setError('Not saved: the privacy check found possible identifiers. Rewrite the highlighted text.');
      } else setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form
      className="post-edit-form"
      aria-label="Edit post"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <PhiTextArea
        label="Your post"
        description="Markdown. The earlier text stays in the edit history, seen only by you and moderators."
        value={body}
        onChange={setBody}
        spans={live.spans.body ?? []}
        serverSpans={server && server.text === body ? server.spans : []}
        rows={5}
      />
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <Button onPress={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" isDisabled={saving || !body.trim() || body.trim() === post.body}>
          {saving ? 'Saving…' : 'Save edit'}
        </Button>
      </div>
    </form>
  );
}

function History({ post }: { post: ThreadPost }) {
  const q = useQuery({ queryKey: ['post-history', post.id, post.editedAt], queryFn: ({ signal }) => postHistory(post.id, signal) });
  if (q.isPending) return <Loading label="Loading history…" />;
  if (q.error) return <ErrorNote error={q.error} />;
  if (q.data.length === 0) return <p className="muted">No earlier versions are kept.</p>;
  return (
    <ol className="post-history" aria-label="Earlier versions, oldest first">
      {q.data.map((v, i) => (
        <li key={`${v.editedAt}-${i}`}>
          <p className="row-meta">
            Version {i + 1}, replaced <time dateTime={v.editedAt}>{formatDateTime(v.editedAt)}</time>
          </p>
          <Markdown>{v.body}</Markdown>
        </li>
      ))}
      <li>
        <p className="row-meta">Current version</p>
        <Markdown>{post.body}</Markdown>
      </li>
    </ol>
  );
}

const CONFIRM: Record<ModerationAction, { title: string; text: string; button: string; done: string }> = {
  hide: {
    title: 'Hide this post?',
    text: 'Only moderators will see it, and it joins the privacy review queue. The author is told it was hidden.',
    button: 'Hide post',
    done: 'Post hidden.',
  },
  redact: {
    title: 'Redact this post?',
    text: `Rewrite the text without the problem; every earlier version is purged. The post is marked ${REDACTED_MARKER} for everyone.`,
    button: 'Redact post',
    done: 'Post redacted.',
  },
  delete: {
    title: 'Delete this post?',
    text: 'The post stays in the thread as “Removed by a moderator”; replies keep their place. This cannot be undone here.',
    button: 'Delete post',
    done: 'Post deleted.',
  },
  restore: {
    title: 'Show this post again?',
    text: 'The post is shown to everyone again, unchanged, and its review is closed as a false report.',
    button: 'Show post',
    done: 'Post shown again.',
  },
};

function ModerationForm({
  post,
  action,
  onDone,
  onClose,
}: {
  post: ThreadPost;
  action: ModerationAction;
  onDone: (p: Partial<PostDto> & { id: string }) => void;
  onClose: () => void;
}) {
  const [body, setBody] = useState(post.body);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const live = useLivePhi({ body: action === 'redact' ? body : '' });
  const c = CONFIRM[action];
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      if (action === 'hide') {
        await hidePost(post.id);
        onDone({ id: post.id, hidden: true });
      } else if (action === 'redact') onDone(await redactPost(post, body.trim()));
      else if (action === 'delete') onDone(await deletePost(post.id));
      else onDone(await restorePost(post.id));
      announce(c.done);
    } catch (e) {
      setError(phiFindingsOf(e) ? 'The rewrite still looks like it identifies someone: rewrite the highlighted text.' : describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{c.text}</p>
      {action === 'redact' && (
        <PhiTextArea
          label="Text after redaction"
          description={`Replace the identifying words, e.g. with ${REDACTED_MARKER}.`}
          value={body}
          onChange={setBody}
          spans={live.spans.body ?? []}
          rows={5}
        />
      )}
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <Button onPress={onClose}>Cancel</Button>
        <Button
          variant={action === 'restore' ? 'primary' : 'danger'}
          onPress={() => void run()}
          isDisabled={busy || (action === 'redact' && (!body.trim() || body.trim() === post.body))}
        >
          {busy ? 'Working…' : c.button}
        </Button>
      </div>
    </>
  );
}

/**
 * The post-change actions for the thread and the one dialog open at a time. `merge` writes the
 * server's answer into the thread at once (the `post:updated` event brings the same to others).
 */
export function usePostChanges(merge: (posts: PostDto[]) => void, current: (id: string) => ThreadPost | undefined) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const done = (p: Partial<PostDto> & { id: string }) => {
    const before = current(p.id);
    if (before) merge([{ ...before, ...p } as PostDto]);
    close();
  };
  // only state setters: the same object every render, so the thread's posts do not re-render
  const actions = useMemo(
    () => ({
      onEdit: (post: ThreadPost) => setOpen({ kind: 'edit', post }),
      onHistory: (post: ThreadPost) => setOpen({ kind: 'history', post }),
      onModerate: (post: ThreadPost, action: ModerationAction) => setOpen({ kind: action, post }),
    }),
    [],
  );
  let dialog: ReactNode = null;
  if (open?.kind === 'edit') {
    dialog = (
      <ModalDialog title="Edit your post" onClose={close}>
        <EditForm post={open.post} onDone={done} onClose={close} />
      </ModalDialog>
    );
  } else if (open?.kind === 'history') {
    dialog = (
      <ModalDialog title="Edit history" onClose={close}>
        <History post={open.post} />
        <div className="form-actions">
          <Button onPress={close}>Close</Button>
        </div>
      </ModalDialog>
    );
  } else if (open) {
    dialog = (
      <ModalDialog title={CONFIRM[open.kind].title} onClose={close} alert>
        <ModerationForm post={open.post} action={open.kind} onDone={done} onClose={close} />
      </ModalDialog>
    );
  }
  return { actions, dialog };
}
