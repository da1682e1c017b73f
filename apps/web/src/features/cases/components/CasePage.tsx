import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { PROFESSION_LABELS, type CaseDto, type Profession } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { describeError } from '../../../lib/api';
import { isFaculty, isModerator, useMe } from '../../../lib/auth';
import { isTypingOrModified } from '../../../app/shortcuts';
import { qk } from '../../../lib/query-keys';
import { Button, RadioGroupField } from '../../../components/ui/controls';
import { ErrorNote, Loading, PageTitle, Section } from '../../../components/ui/feedback';
import { AuthorLine, ProfessionBadge } from '../../../components/ui/ProfessionBadge';
import { ReportDialog } from '../../privacy/components/ReportDialog';
import { endorsePost, getCase, listMembers, markRead, setFollowLevel, type FollowLevel } from '../api/cases.api';
import { countByProfession, threadRows, type ThreadPost } from '../hooks/thread';
import { useCaseThread } from '../realtime/useCaseThread';
import { CaseSummary } from './CaseSummary';
import { canUpdateCase, ClosureBanner, CloseCaseDialog, FollowUps } from './CaseLifecycle';
import { EscalateDialog } from './EscalateDialog';
import { WAITING_STATUSES } from '../../escalations/lib/words';
import { CaseEscalationsPanel, MarkResolvedButton, useCaseEscalations } from '../../escalations/components/CaseEscalationsPanel';
import { PostComposer } from './PostComposer';
import { usePostChanges } from './PostChanges';
import { Recommendation } from './PostItem';
import { Thread, type ThreadHandle } from './Thread';

function FollowControl({ caseId, initial }: { caseId: string; initial: FollowLevel }) {
  const [level, setLevel] = useState<FollowLevel>(initial);
  const m = useMutation({
    mutationFn: (l: FollowLevel) => setFollowLevel(caseId, l),
    onSuccess: (r) => {
      setLevel(r.level);
      announce(
        r.level === 'following' ? 'Following this case.' : r.level === 'muted' ? 'Case muted.' : 'Normal notifications for this case.',
      );
    },
  });
  return (
    <div className="follow-control">
      <RadioGroupField
        label="Notifications for this case"
        options={[
          { id: 'following', label: 'Follow' },
          { id: 'normal', label: 'Normal' },
          { id: 'muted', label: 'Mute' },
        ]}
        value={level}
        onChange={(v) => m.mutate(v as FollowLevel)}
      />
      <ErrorNote error={m.error} />
    </div>
  );
}

/**
 * Moves the reader's marker to the newest confirmed post while the page is open and visible
 * (debounced), and refreshes the lists' "n new" afterwards.
 */
function useMarkRead(caseId: string, posts: ThreadPost[], ready: boolean): void {
  const qc = useQueryClient();
  const marked = useRef<{ caseId: string; seq: number } | null>(null);
  const newest = posts.reduce((m, p) => (p.pending ? m : Math.max(m, p.seq)), 0);
  useEffect(() => {
    if (!ready) return;
    if (marked.current?.caseId === caseId && marked.current.seq >= newest) return;
    const t = setTimeout(() => {
      if (document.visibilityState === 'hidden') return;
      marked.current = { caseId, seq: newest };
      markRead(caseId, newest).then(
        (r) => {
          // the next visit's "new since" starts here (the open page keeps the marker it opened with)
          qc.setQueryData<CaseDto>(qk.case(caseId), (cur) => (cur ? { ...cur, readSeq: r.seq } : cur));
          void qc.invalidateQueries({ queryKey: qk.caseLists });
        },
        () => {
          marked.current = null; // try again with the next post
        },
      );
    }, 800);
    return () => clearTimeout(t);
  }, [caseId, newest, ready, qc]);
}

export default function CasePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const qc = useQueryClient();
  const c = useQuery({ queryKey: qk.case(id), queryFn: ({ signal }) => getCase(id, signal) });
  const escalations = useCaseEscalations(id);
  const members = useQuery({
    queryKey: qk.members(c.data?.cohortId ?? ''),
    queryFn: ({ signal }) => listMembers(c.data!.cohortId, signal),
    enabled: !!c.data,
    staleTime: 5 * 60_000,
  });
  const thread = useCaseThread(id, me);
  const [filter, setFilter] = useState<Set<Key>>(new Set());
  const [replyTo, setReplyTo] = useState<ThreadPost | null>(null);
  const [reporting, setReporting] = useState<ThreadPost | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const posts = thread.posts;
  const byId = useMemo(() => new Map(posts.map((p) => [p.id, p])), [posts]);
  const rows = useMemo(() => threadRows(posts, filter as Set<Profession>), [posts, filter]);
  const counts = useMemo(() => countByProfession(posts), [posts]);
  // "new since your last visit": the read marker as it was when the page opened (kept while reading)
  const readAtOpen = useRef<{ caseId: string; seq: number | undefined } | null>(null);
  if (c.data && readAtOpen.current?.caseId !== id) readAtOpen.current = { caseId: id, seq: c.data.readSeq };
  const lastVisit = readAtOpen.current?.caseId === id ? readAtOpen.current.seq : undefined;
  const isNew = (p: ThreadPost) => lastVisit !== undefined && !p.pending && p.seq > lastVisit && p.author.id !== me.id;
  const newFromIndex = rows.findIndex((r) => isNew(r.post));
  const newCount = rows.filter((r) => isNew(r.post)).length;
  const threadRef = useRef<ThreadHandle>(null);
  useMarkRead(id, posts, !!c.data);
  // a link to one post (/cases/:id#post-<postId>, e.g. from a notification) opens the page there
  const { hash } = useLocation();
  const caseLoaded = !!c.data;
  const jumped = useRef('');
  useEffect(() => {
    const postId = /^#post-([A-Za-z0-9:_-]+)$/.exec(hash)?.[1];
    if (!postId || jumped.current === `${id}${hash}`) return;
    const at = rows.findIndex((r) => r.post.id === postId);
    // the thread renders once both the case and its posts are loaded
    if (at < 0 || !threadRef.current) return;
    jumped.current = `${id}${hash}`;
    const thread = threadRef.current;
    requestAnimationFrame(() => thread.jumpTo(at));
  }, [hash, id, rows, caseLoaded]);

  const recommendations = useMemo(() => posts.filter((p) => p.kind === 'recommendation' && !p.hidden && !p.deleted), [posts]);

  const { merge, retry, discard } = thread;
  const postChanges = usePostChanges(merge, (postId) => byId.get(postId));
  const changeActions = postChanges.actions;
  const actions = useMemo(
    () => ({
      onReply: (p: ThreadPost) => {
        setReplyTo(p);
        requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('.post-composer textarea')?.focus());
      },
      onEndorse: (p: ThreadPost) => {
        endorsePost(p.id).then((updated) => {
          merge([updated]);
          announce('Endorsed.');
        }, setActionError);
      },
      onReport: (p: ThreadPost) => setReporting(p),
      onRetry: (clientId: string) => void retry(clientId),
      onDiscard: discard,
      ...changeActions,
    }),
    [merge, retry, discard, changeActions],
  );

  // j / k between posts, r to reply (never while typing: see app/shortcuts)
  const keys = useRef({ rows, byId, onReply: actions.onReply });
  keys.current = { rows, byId, onReply: actions.onReply };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingOrModified(e) || !['j', 'k', 'r'].includes(e.key)) return;
      const { rows: rs, byId: posts, onReply } = keys.current;
      const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.thread-list [data-index]');
      if (e.key === 'r') {
        const post = focused ? posts.get(focused.querySelector<HTMLElement>('article')?.dataset.postId ?? '') : undefined;
        e.preventDefault();
        if (post && !post.pending) onReply(post);
        else document.querySelector<HTMLTextAreaElement>('.post-composer textarea')?.focus();
        return;
      }
      if (rs.length === 0) return;
      e.preventDefault();
      let next: number;
      if (focused) next = Number(focused.dataset.index) + (e.key === 'j' ? 1 : -1);
      else {
        // nothing focused yet: start from the first post on screen
        const onScreen = [...document.querySelectorAll<HTMLElement>('.thread-list [data-index]')].find(
          (el) => el.getBoundingClientRect().bottom > 0,
        );
        next = onScreen ? Number(onScreen.dataset.index) : 0;
      }
      threadRef.current?.jumpTo(Math.max(0, Math.min(rs.length - 1, next)), 'auto');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const reported = useCallback(
    (p: ThreadPost) => {
      setReporting(null);
      qc.setQueryData<ThreadPost[]>(qk.posts(id), (cur) => cur?.map((x) => (x.id === p.id ? { ...x, hidden: true } : x)));
      announce('Reported. The post is hidden until a moderator reviews it.');
    },
    [qc, id],
  );

  if (c.isPending) return <Loading label="Loading case…" />;
  if (c.error) return <ErrorNote error={c.error} title="This case could not be opened." />;
  const cs = c.data;
  const isAsker = cs.author.id === me.id;
  const canEscalate = me.role === 'learner' && cs.status !== 'closed';
  const canUpdate = canUpdateCase(cs, me);
  const followLevel: FollowLevel = cs.followLevel ?? (posts.some((p) => !p.pending && p.author.id === me.id) ? 'following' : 'normal');
  // The asker's escalation a recommendation answered: "Mark resolved" sits beside that recommendation.
  const answeredBy = (postId: string) =>
    escalations.data?.find((e) => e.postId === postId && e.status === 'answered' && e.askerId === me.id);

  return (
    <>
      <PageTitle
        actions={
          <>
            {(canEscalate || isAsker) && cs.status !== 'closed' && (
              <EscalateDialog c={cs} open={escalations.data?.filter((e) => WAITING_STATUSES.includes(e.status)) ?? []} />
            )}
            {canUpdate && cs.status !== 'closed' && <CloseCaseDialog c={cs} />}
          </>
        }
      >
        {cs.title}
      </PageTitle>
      <div className="case-layout">
        <div className="case-main">
          <ClosureBanner c={cs} canUpdate={canUpdate} />
          <CaseSummary c={cs} />
          {recommendations.length > 0 && (
            <Section title="Faculty recommendations" id="recs" className="recommendations">
              {recommendations.map((r) => (
                <article key={r.id} className="recommendation" aria-label={`Recommendation by ${r.author.displayName}`}>
                  <AuthorLine author={r.author} />
                  <Recommendation post={r} />
                  {answeredBy(r.id) && <MarkResolvedButton e={answeredBy(r.id)!} />}
                </article>
              ))}
            </Section>
          )}
          <CaseEscalationsPanel caseId={cs.id} me={me} />
          <FollowUps c={cs} canUpdate={canUpdate} />
          <section className="panel thread-panel" aria-labelledby="thread-title">
            <div className="panel-head">
              <h2 id="thread-title">Discussion ({posts.filter((p) => !p.pending).length})</h2>
            </div>
            {counts.size > 0 && (
              <ToggleButtonGroup
                className="profession-filter"
                aria-label="Show posts by profession"
                selectionMode="multiple"
                selectedKeys={filter}
                onSelectionChange={setFilter}
              >
                {[...counts.entries()].map(([p, n]) => (
                  <ToggleButton key={p} id={p} className="toggle">
                    <ProfessionBadge profession={p} />{' '}
                    <span className="count" aria-label={`${n} posts`}>
                      {n}
                    </span>
                  </ToggleButton>
                ))}
                {filter.size > 0 && (
                  <Button variant="quiet" className="btn-small" onPress={() => setFilter(new Set())}>
                    Show all
                  </Button>
                )}
              </ToggleButtonGroup>
            )}
            {filter.size > 0 && (
              <p className="muted" role="status">
                Showing {rows.length} posts by {[...filter].map((p) => PROFESSION_LABELS[p as Profession]).join(', ')}.
              </p>
            )}
            {thread.query.error ? (
              <ErrorNote error={thread.query.error} />
            ) : thread.query.isPending ? (
              <Loading label="Loading discussion…" />
            ) : rows.length === 0 ? (
              <p className="empty">No posts yet. Start the discussion below.</p>
            ) : (
              <>
                {rows.length > 3 || newCount > 0 ? (
                  <div className="thread-jumps">
                    {newCount > 0 && (
                      <Button variant="primary" className="btn-small" onPress={() => threadRef.current?.jumpTo(newFromIndex)}>
                        Jump to first unread ({newCount} new)
                      </Button>
                    )}
                    <Button className="btn-small" onPress={() => threadRef.current?.jumpTo(rows.length - 1)}>
                      Jump to newest
                    </Button>
                  </div>
                ) : null}
                <Thread
                  rows={rows}
                  byId={byId}
                  meId={me.id}
                  canEndorse={isFaculty(me)}
                  canModerate={isModerator(me) && (me.role === 'admin' || me.cohortIds.includes(cs.cohortId))}
                  actions={actions}
                  busy={thread.query.isFetching}
                  newFromIndex={newFromIndex >= 0 ? newFromIndex : undefined}
                  handleRef={threadRef}
                />
              </>
            )}
            {actionError ? (
              <p className="note note-error" role="alert">
                {describeError(actionError)}
              </p>
            ) : null}
            {cs.status !== 'closed' && (
              <PostComposer
                caseId={id}
                members={members.data ?? []}
                replyTo={replyTo}
                onCancelReply={() => setReplyTo(null)}
                send={thread.send}
              />
            )}
          </section>
        </div>
        <aside className="case-side" aria-label="Case actions">
          {/* Posting follows a case whose level was never chosen (server rule): show that without a reload. */}
          <FollowControl key={followLevel} caseId={id} initial={followLevel} />
        </aside>
      </div>
      <ReportDialog post={reporting} onClose={() => setReporting(null)} onReported={reported} />
      {postChanges.dialog}
    </>
  );
}
