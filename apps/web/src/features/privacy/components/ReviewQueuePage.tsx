import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthorDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { findingsByField, useLivePhi } from '../../../lib/phi';
import { qk } from '../../../lib/query-keys';
import { formatRelative } from '../../../lib/time';
import { Button } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle } from '../../../components/ui/feedback';
import { combineSpans, PhiFindingList, PhiTextArea } from '../../../components/ui/PhiTextArea';
import { AuthorLine } from '../../../components/ui/ProfessionBadge';
import { approve, fetchReviews, purge, redact, reject, type ReviewItem } from '../api/privacy.api';

function Redactor({ item, onDone }: { item: ReviewItem; onDone: () => void }) {
  const [body, setBody] = useState(item.body ?? '');
  const live = useLivePhi({ body });
  const [server, setServer] = useState<{ text: string; spans: ReturnType<typeof findingsByField> } | null>(null);
  const m = useMutation({
    mutationFn: () => redact(item.postId!, body),
    onSuccess: onDone,
    onError: (e) => {
      const f = phiFindingsOf(e);
      if (f) setServer({ text: body, spans: findingsByField(f) });
    },
  });
  return (
    <div className="stack">
      <PhiTextArea label="Redacted text" value={body} onChange={setBody} spans={live.spans.body ?? []} serverSpans={server?.text === body ? (server.spans.body ?? []) : []} rows={4} />
      <ErrorNote error={m.error} />
      <Button variant="primary" onPress={() => m.mutate()} isDisabled={m.isPending || !body.trim()}>Replace text everywhere</Button>
    </div>
  );
}

function ReviewCard({ item }: { item: ReviewItem }) {
  const qc = useQueryClient();
  const [redacting, setRedacting] = useState(false);
  const done = (msg: string) => () => {
    announce(msg);
    void qc.invalidateQueries({ queryKey: qk.reviews });
  };
  const act = useMutation({ mutationFn: (fn: () => Promise<unknown>) => fn() });
  const text = item.body ?? '';
  const spans = combineSpans(text, [], (item.findings ?? []).filter((f) => !f.field || f.field === 'body'));
  // Findings in a held case point into its fields; the queue carries types and offsets only.
  const elsewhere = text ? [] : (item.findings ?? []);
  return (
    <li className="card review" data-kind={item.kind}>
      <h2 className="card-title">
        {item.kind === 'report' ? 'Reported post' : `Held ${item.target ?? 'item'} (author overrode the check)`}
        {item.createdAt && <span className="row-meta"> · {formatRelative(item.createdAt)}</span>}
      </h2>
      {item.author && <p>Author: <AuthorLine author={item.author as AuthorDto} /></p>}
      {item.reportedBy && <p>Reported by: <AuthorLine author={item.reportedBy as AuthorDto} /></p>}
      {item.caseId && <p><Link to={`/cases/${item.caseId}`}>Open the case</Link></p>}
      {text && <blockquote className="review-text">{text}</blockquote>}
      <PhiFindingList id={`review-${item.id}-findings`} text={text} spans={spans} />
      {elsewhere.length > 0 && (
        <ul className="phi-findings" aria-label="Flagged places">
          {elsewhere.map((f) => <li key={`${f.field}-${f.start}`}><span className="phi-type">{f.type}</span> in {f.field}, characters {f.start}–{f.end}</li>)}
        </ul>
      )}
      {item.confirmations && item.confirmations.length > 0 && (
        <ul className="confirmations" aria-label="The author's reasons">
          {item.confirmations.map((c) => <li key={`${c.field}-${c.start}`}>{c.field} {c.start}–{c.end}: {c.reason}</li>)}
        </ul>
      )}
      <div className="card-actions">
        <Button variant="primary" onPress={() => act.mutate(() => approve(item.id).then(done(item.kind === 'report' ? 'Restored.' : 'Approved and published.')))}>
          {item.kind === 'report' ? 'No identifier: restore' : 'Approve and publish'}
        </Button>
        {item.kind === 'report' && item.postId ? (
          <>
            <Button onPress={() => setRedacting((r) => !r)} aria-expanded={redacting}>Redact…</Button>
            <Button variant="danger" onPress={() => act.mutate(() => purge(item.postId!).then(done('Post deleted.')))}>Delete post</Button>
          </>
        ) : (
          <Button variant="danger" onPress={() => act.mutate(() => reject(item.id).then(done('Rejected and deleted.')))}>Reject and delete</Button>
        )}
      </div>
      <ErrorNote error={act.error} />
      {redacting && <Redactor item={item} onDone={done('Redacted everywhere.')} />}
    </li>
  );
}

export default function ReviewQueuePage() {
  const q = useQuery({ queryKey: qk.reviews, queryFn: ({ signal }) => fetchReviews(signal) });
  return (
    <>
      <PageTitle>Privacy review</PageTitle>
      <p className="lede">Held items and reported posts. What you see here is never shown to others until you approve it.</p>
      {q.isPending ? <Loading /> : q.error ? <ErrorNote error={q.error} /> : q.data.length === 0 ? <Empty>Nothing to review.</Empty> : (
        <ul className="list cards">{q.data.map((i) => <ReviewCard key={i.id} item={i} />)}</ul>
      )}
    </>
  );
}
