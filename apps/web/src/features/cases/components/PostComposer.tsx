/**
 * Write a post or a reply: mentions with autocomplete (members of the case's cohort),
 * live PHI highlighting, and the server's refusal shown on the same text.
 *
 * The mention list is hand-made: no react-aria component autocompletes a word inside a
 * text area. It follows the ARIA pattern: the text area keeps focus and points at the
 * active option with aria-activedescendant; ↑/↓ move, Enter or Tab insert, Escape closes.
 */
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { Form } from 'react-aria-components';
import type { PhiFinding, PhiSpan } from '@casebridge/contracts';
import { describeError, phiFindingsOf } from '../../../lib/api';
import { clearDraft, loadDraft, useDraftAutosave } from '../../../lib/drafts';
import { useLivePhi } from '../../../lib/phi';
import { Button, CheckboxField } from '../../../components/ui/controls';
import { PhiTextArea } from '../../../components/ui/PhiTextArea';
import { ProfessionBadge } from '../../../components/ui/ProfessionBadge';
import type { Member } from '../api/cases.api';
import { insertMention, matchMembers, mentionQuery } from '../hooks/mentions';
import type { ThreadPost } from '../hooks/thread';
import type { SendInput } from '../realtime/useCaseThread';

export function PostComposer({ caseId, members, replyTo, onCancelReply, send }: {
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
        setServer({ text, spans: (findings as PhiFinding[]).filter((f) => f.field === 'body' || !f.field).map(({ field: _f, ...s }) => s) });
        setError('Not posted: the privacy check found possible identifiers. Rewrite the highlighted text.');
      } else {
        setError(`${describeError(e)} Your post is kept below the thread; retry it there.`);
      }
    });
  };

  return (
    <Form validationBehavior="aria"
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
          <Button variant="quiet" className="btn-small" onPress={onCancelReply}>Cancel reply</Button>
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
        spans={live.spans.body ?? []}
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
              if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => (a + 1) % suggestions.length); return; }
              if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => (a - 1 + suggestions.length) % suggestions.length); return; }
              if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); pick(suggestions[Math.min(active, suggestions.length - 1)].displayName); return; }
              if (e.key === 'Escape') { e.preventDefault(); setDismissed(q?.start ?? null); return; }
            }
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); }
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
                onMouseDown={(e) => { e.preventDefault(); pick(m.displayName); }}
              >
                {m.displayName} <ProfessionBadge profession={m.profession} compact />
              </li>
            ))}
          </ul>
        )}
      </PhiTextArea>
      <span className="visually-hidden" role="status">{open ? `${suggestions.length} people match. Use up and down arrows, Enter to insert.` : ''}</span>
      {error && <p className="note note-error" role="alert">{error}</p>}
      <div className="form-actions">
        <CheckboxField isSelected={anonymous} onChange={setAnonymous}>Anonymous to peers</CheckboxField>
        <Button type="submit" variant="primary" isDisabled={!body.trim()}>{replyTo ? 'Post reply' : 'Post'}</Button>
      </div>
    </Form>
  );
}
