import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthorDto, PurgeOutcome } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { useMe } from '../../../lib/auth';
import { findingsByField, useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { formatRelative } from '../../../lib/time';
import { Button } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle } from '../../../components/ui/feedback';
import { combineSpans, PhiFindingList, PhiTextArea } from '../../../components/ui/PhiTextArea';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import { approve, fetchReviews, purge, purgeText, redact, reject, restore, restoreText, type ReviewItem } from '../api/privacy.api';

/** What the moderator is told after a purge: done, or not yet off the disk (retried, and they will be notified). */
const STORAGE_RETRYING =
  'Removed from every view, but the database could not yet rewrite its files: the old text may still be on disk. The server retries and will notify you when it is gone.';
const purged = (done: string) => (r: Partial<PurgeOutcome> | undefined) => (r?.storage === 'retrying' ? STORAGE_RETRYING : done);

/** What a report of another stored text points at, in words. */
const TEXT_TARGET_LABELS: Record<string, string> = {
  case: 'case field',
  followUp: 'follow-up',
  escalation: 'escalation',
  sessionMessage: 'live-session chat message',
  user: 'display name',
  cohort: 'cohort name',
};

function Redactor({ item, onDone }: { item: ReviewItem; onDone: (r: Partial<PurgeOutcome>) => void }) {
  const [body, setBody] = useState(item.body ?? '');
  const live = useLivePhi({ body });
  const [server, setServer] = useState<{ text: string; spans: ReturnType<typeof findingsByField> } | null>(null);
  const m = useMutation({
    mutationFn: () => (item.postId ? redact(item.postId, body) : purgeText(item.id, body)),
    onSuccess: onDone,
    onError: (e) => {
      const f = phiFindingsOf(e);
      if (f) setServer({ text: body, spans: findingsByField(f) });
    },
  });
  return (
    <div className="stack">
      <PhiTextArea
        label="Redacted text"
        value={body}
        onChange={setBody}
        spans={live.spans.body ?? []}
        serverSpans={server?.text === body ? (server.spans.body ?? []) : []}
        rows={4}
      />
      <ErrorNote error={m.error} />
      <Button variant="primary" onPress={() => m.mutate()} isDisabled={m.isPending || !body.trim()}>
        Replace text everywhere
      </Button>
    </div>
  );
}

function ReviewCard({ item, onStorageRetrying }: { item: ReviewItem; onStorageRetrying: (text: string) => void }) {
  const qc = useQueryClient();
  const me = useMe();
  const [redacting, setRedacting] = useState(false);
  const done = (msg: string | ((r: Partial<PurgeOutcome> | undefined) => string)) => (r?: unknown) => {
    const text = typeof msg === 'string' ? msg : msg(r as Partial<PurgeOutcome> | undefined);
    announce(text, text === STORAGE_RETRYING ? 'assertive' : 'polite');
    if (text === STORAGE_RETRYING) onStorageRetrying(text);
    void qc.invalidateQueries({ queryKey: qk.reviews });
  };
  // an override is a second opinion: its author cannot approve it (the server refuses too)
  const own = item.kind === 'override' && item.authorId === me.id;
  const storedText = item.kind === 'report' && !item.postId && item.itemId;
  const act = useMutation({ mutationFn: (fn: () => Promise<unknown>) => fn() });
  const text = item.body ?? '';
  const spans = combineSpans(
    text,
    [],
    (item.findings ?? []).filter((f) => !f.field || f.field === 'body'),
  );
  // Findings in a held case point into its fields; the queue carries types and offsets only.
  const elsewhere = text ? [] : (item.findings ?? []);
  return (
    <li className="card review" data-kind={item.kind}>
      <h2 className="card-title">
        {storedText
          ? `Reported ${TEXT_TARGET_LABELS[item.target] ?? item.target}${item.field ? ` (${item.field})` : ''}`
          : item.kind === 'report'
            ? 'Reported post'
            : `Held ${item.target ?? 'item'} (author overrode the check)`}
        {item.createdAt && <span className="row-meta"> · {formatRelative(item.createdAt)}</span>}
      </h2>
      {item.author && (
        <p>
          Author: <AuthorLine author={item.author as AuthorDto} />
        </p>
      )}
      {item.reportedBy && (
        <p>
          Reported by: <AuthorLine author={item.reportedBy as AuthorDto} />
        </p>
      )}
      {item.caseId && (
        <p>
          <Link to={`/cases/${item.caseId}`}>Open the case</Link>
        </p>
      )}
      {item.reason && <p>Reason given: {item.reason}</p>}
      {item.reportCount !== undefined && item.reportCount > 1 && <p>Reported by {item.reportCount} people.</p>}
      {text && (
        <blockquote className="review-text">
          {item.selection && item.selection.end <= text.length ? (
            <>
              {text.slice(0, item.selection.start)}
              <mark className="review-selection" aria-label="the reporter's selection">
                {text.slice(item.selection.start, item.selection.end)}
              </mark>
              {text.slice(item.selection.end)}
            </>
          ) : (
            text
          )}
        </blockquote>
      )}
      <PhiFindingList id={`review-${item.id}-findings`} text={text} spans={spans} />
      {elsewhere.length > 0 && (
        <ul className="phi-findings" aria-label="Flagged places">
          {elsewhere.map((f) => (
            <li key={`${f.field}-${f.start}`}>
              <span className="phi-type">{f.type}</span> in {f.field}, characters {f.start}–{f.end}
            </li>
          ))}
        </ul>
      )}
      {item.confirmations && item.confirmations.length > 0 && (
        <ul className="confirmations" aria-label="The author's reasons">
          {item.confirmations.map((c) => (
            <li key={`${c.field}-${c.start}`}>
              {c.field} {c.start}–{c.end}: {c.reason}
            </li>
          ))}
        </ul>
      )}
      <div className="card-actions">
        {storedText ? (
          <>
            <Button
              variant="primary"
              onPress={() => act.mutate(() => restoreText(item.id).then(done('Closed: no identifier, nothing changed.')))}
            >
              No identifier: keep it
            </Button>
            <Button onPress={() => setRedacting((r) => !r)} aria-expanded={redacting}>
              Rewrite…
            </Button>
            <Button
              variant="danger"
              onPress={() => act.mutate(() => purgeText(item.id).then(done(purged('Text removed everywhere it was stored.'))))}
            >
              Remove text
            </Button>
          </>
        ) : item.kind === 'report' && item.postId ? (
          <>
            <Button
              variant="primary"
              onPress={() => act.mutate(() => restore(item.postId!).then(done('Restored: the post is visible again.')))}
            >
              No identifier: restore
            </Button>
            <Button onPress={() => setRedacting((r) => !r)} aria-expanded={redacting}>
              Redact…
            </Button>
            <Button variant="danger" onPress={() => act.mutate(() => purge(item.postId!).then(done(purged('Post deleted.'))))}>
              Delete post
            </Button>
          </>
        ) : (
          <>
            <Button
              variant="primary"
              isDisabled={own}
              onPress={() => act.mutate(() => approve(item.id).then(done('Approved and published.')))}
            >
              Approve and publish
            </Button>
            <Button variant="danger" onPress={() => act.mutate(() => reject(item.id).then(done(purged('Rejected and deleted.'))))}>
              Reject and delete
            </Button>
          </>
        )}
      </div>
      {own && <p className="muted">You wrote this item: another moderator must approve it.</p>}
      <ErrorNote error={act.error} />
      {redacting && <Redactor item={item} onDone={done(purged('Redacted everywhere.'))} />}
    </li>
  );
}

export default function ReviewQueuePage() {
  const q = useQuery({ queryKey: qk.reviews, queryFn: ({ signal }) => fetchReviews(signal) });
  // outlives the card it came from (the decided item leaves the queue)
  const [storageNote, setStorageNote] = useState<string | null>(null);
  return (
    <>
      <PageTitle>Privacy review</PageTitle>
      <p className="lede">Held items and reported posts. What you see here is never shown to others until you approve it.</p>
      {storageNote && (
        <p className="note note-error" role="alert">
          {storageNote}
        </p>
      )}
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : q.data.length === 0 ? (
        <Empty>Nothing to review.</Empty>
      ) : (
        <ul className="list cards">
          {q.data.map((i) => (
            <ReviewCard key={i.id} item={i} onStorageRetrying={setStorageNote} />
          ))}
        </ul>
      )}
    </>
  );
}
