/**
 * Write a post or a reply: mentions with autocomplete (members of the case's cohort),
 * live PHI highlighting, and the server's refusal shown on the same text. Each finding can
 * be rewritten (one or all suggestions) or marked "Not an identifier"; when the server
 * refuses only marked findings, the post goes on the moderated override path instead.
 * A mention picked from the list is never a finding (the server agrees).
 *
 * The mention list is hand-made: no react-aria component autocompletes a word inside a
 * text area. It follows the ARIA pattern: the text area keeps focus and points at the
 * active option with aria-activedescendant; ↑/↓ move, Enter or Tab insert, Escape closes.
 */
import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import type { PhiFinding, PhiSpan } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { clearDraft, loadDraft, useDraftAutosave } from '../../../lib/drafts';
import { newClientId } from '../../../lib/ids';
import { outsideMentions, PhiMarksContext, usePhiMarksState, useLivePhi } from '../../../lib/phi';
import { submitOverride } from '../../privacy/api/privacy.api';
import { OverrideReview, type HeldFinding } from '../../privacy/components/OverrideReview';
import { Button, CheckboxField } from '../../../components/ui/controls';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { ProfessionBadge } from '../../../components/ui/ProfessionBadge';
import type { Member } from '../api/cases.api';
import { insertMention, matchMembers, mentionQuery } from '../hooks/mentions';
import type { ThreadPost } from '../hooks/thread';
import type { SendInput } from '../realtime/useCaseThread';

export function PostComposer({
  caseId,
  members,
  replyTo,
  onCancelReply,
  send,
}: {
  caseId: string;
  members: Member[];
  replyTo: ThreadPost | null;
  onCancelReply: () => void;
  send: (input: SendInput) => Promise<unknown>;
}) {
  const draftKey = `post.${caseId}`;
  const [body, setBody] = useState(() => loadDraft(draftKey, { body: '' }).body);
  useDraftAutosave(draftKey, { body });
  const [anonymous, setAnonymous] = useState(false);
  const [server, setServer] = useState<{ text: string; spans: PhiSpan[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  // Where the caret goes after a mention is inserted: set in the same commit (a layout effect),
  // so the next keystroke of a fast typist lands after the mention, not at the end of the text.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (pendingCaret.current === null || !ref.current) return;
    ref.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });
  const live = useLivePhi({ body });
  const marks = usePhiMarksState();
  const names = useMemo(() => members.map((m) => m.displayName), [members]);
  const localSpans = useMemo(() => outsideMentions(body, live.spans.body ?? [], names), [body, live.spans.body, names]);
  // the server refused only findings the author marked "Not an identifier": confirm and send for review
  const [held, setHeld] = useState<{ text: string; parentId?: string; anonymous: boolean; findings: HeldFinding[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const q = mentionQuery(body, caret);
  const suggestions = q && dismissed !== q.start ? matchMembers(members, q.query) : [];
  const open = suggestions.length > 0;

  const pick = (name: string) => {
    const next = insertMention(body, caret, name);
    setBody(next.text);
    setCaret(next.caret);
    pendingCaret.current = next.caret;
  };

  const submit = () => {
    const text = body.trim();
    if (!text) return;
    setError(null);
    setNotice(null);
    setHeld(null);
    // The parent of a reply to a reply is the top-level post: replies are one level deep.
    const parentId = replyTo ? (replyTo.parentId ?? replyTo.id) : undefined;
    setBody('');
    clearDraft(draftKey);
    onCancelReply();
    send({ body: text, parentId, anonymous }).catch((e: unknown) => {
      const findings = phiFindingsOf(e);
      if (findings) {
        // Refused before storage: give the text back with the findings on it.
        setBody(text);
        const mine = (findings as PhiFinding[]).filter((f) => f.field === 'body' || !f.field);
        setServer({ text, spans: mine.map(({ field: _f, ...s }) => s) });
        const words = (f: PhiFinding) => text.slice(f.start, f.end);
        if (mine.length > 0 && mine.every((f) => marks.isMarked(f.type, words(f)))) {
          setHeld({
            text,
            parentId,
            anonymous,
            findings: mine.map((f) => ({ field: f.field || 'body', start: f.start, end: f.end, type: f.type, words: words(f) })),
          });
        } else {
          setError(
            'Not posted: the privacy check found possible identifiers. Rewrite the highlighted text, or mark a finding “Not an identifier” for review.',
          );
        }
      } else {
        setError(`${describeError(e)} Your post is kept below the thread; retry it there.`);
      }
    });
  };

  const sendForReview = async (confirmations: Parameters<typeof submitOverride>[2]) => {
    if (!held) return;
    const payload = {
      caseId,
      body: held.text,
      clientId: newClientId(),
      ...(held.parentId ? { parentId: held.parentId } : {}),
      ...(held.anonymous ? { anonymous: true } : {}),
    };
    await submitOverride('post', payload, confirmations);
    setHeld(null);
    setServer(null);
    setBody('');
    clearDraft(draftKey);
    marks.clear();
    const msg = 'Sent for privacy review. A moderator will publish your post or tell you why not.';
    setNotice(msg);
    announce(msg);
  };

  return (
    <PhiMarksContext.Provider value={marks}>
      <Form
        validationBehavior="aria"
        className="post-composer"
        aria-label={replyTo ? 'Reply' : 'New post'}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {replyTo && (
          <p className="replying">
            Replying to {replyTo.author.anonymous ? 'Anonymous' : replyTo.author.displayName}{' '}
            <Button variant="quiet" className="btn-small" onPress={onCancelReply}>
              Cancel reply
            </Button>
          </p>
        )}
        <PhiTextArea
          label={replyTo ? 'Your reply' : 'Add to the discussion'}
          description="Markdown. Type @ to mention someone. Ctrl+Enter posts."
          value={body}
          onChange={(v) => {
            setBody(v);
            setCaret(ref.current?.selectionStart ?? v.length);
            setActive(0);
          }}
          spans={localSpans}
          serverSpans={server && server.text === body ? server.spans : []}
          rows={3}
          textAreaRef={ref}
          textAreaProps={{
            'aria-autocomplete': 'list',
            'aria-controls': open ? listId : undefined,
            'aria-activedescendant': open ? `${listId}-${active}` : undefined,
            onSelect: (e) => setCaret(e.currentTarget.selectionStart),
            onKeyDown: (e) => {
              if (open) {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((a) => (a + 1) % suggestions.length);
                  return;
                }
                if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((a) => (a - 1 + suggestions.length) % suggestions.length);
                  return;
                }
                if (e.key === 'Enter' || e.key === 'Tab') {
                  e.preventDefault();
                  pick(suggestions[Math.min(active, suggestions.length - 1)].displayName);
                  return;
                }
                if (e.key === 'Escape') {
                  e.preventDefault();
                  setDismissed(q?.start ?? null);
                  return;
                }
              }
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            },
          }}
        >
          {open && (
            <ul id={listId} role="listbox" aria-label="People to mention" className="mention-list">
              {suggestions.map((m, i) => (
                <li
                  key={m.id}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? 'active' : ''}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(m.displayName);
                  }}
                >
                  {m.displayName} <ProfessionBadge profession={m.profession} compact />
                </li>
              ))}
            </ul>
          )}
        </PhiTextArea>
        <span className="visually-hidden" role="status">
          {open ? `${suggestions.length} people match. Use up and down arrows, Enter to insert.` : ''}
        </span>
        {error && (
          <p className="note note-error" role="alert">
            {error}
          </p>
        )}
        {notice && <p className="note">{notice}</p>}
        {held && held.text === body ? (
          <OverrideReview key={held.text} findings={held.findings} onSend={sendForReview} onCancel={() => setHeld(null)} />
        ) : (
          <div className="form-actions">
            <CheckboxField isSelected={anonymous} onChange={setAnonymous}>
              Anonymous to peers
            </CheckboxField>
            <Button type="submit" variant="primary" isDisabled={!body.trim()}>
              {replyTo ? 'Post reply' : 'Post'}
            </Button>
          </div>
        )}
      </Form>
    </PhiMarksContext.Provider>
  );
}
