/**
 * A case thread kept live: the REST history, `post:created`/`post:updated` written into
 * the TanStack Query cache, a re-subscribe with `afterSeq` after every reconnect to fetch
 * what was missed, and optimistic sends that are confirmed by clientId (never doubled).
 */
import { useCallback, useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PROFESSION_LABELS, type AuthorDto, type PostDto } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { newClientId } from '../../../lib/ids';
import { qk } from '../../../lib/query-keys';
import { emitAck, emitAckRetrying, isConnected, onEvent, whenConnected } from '../../../lib/socket';
import { createPost, listPosts } from '../api/cases.api';
import { addPending, lastSeq, mergePosts, pendingId, removePending, updatePending, type ThreadPost } from '../hooks/thread';

export interface SendInput {
  body: string;
  parentId?: string;
  anonymous?: boolean;
}

/** Deliver one post: over the socket when connected, else (or on a socket timeout) by REST with the same clientId. */
export async function deliverPost(caseId: string, input: SendInput & { clientId: string }): Promise<PostDto> {
  const body = {
    body: input.body,
    clientId: input.clientId,
    ...(input.parentId ? { parentId: input.parentId } : {}),
    ...(input.anonymous ? { anonymous: true } : {}),
  };
  if (isConnected()) {
    try {
      return await emitAck('post:create', { caseId, ...body });
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'SOCKET.TIMEOUT' && code !== 'SOCKET.DISCONNECTED') throw e;
    }
  }
  return createPost(caseId, body);
}

function announceIncoming(posts: PostDto[], myId: string): void {
  const others = posts.filter((p) => p.author.id !== myId);
  if (others.length === 0) return;
  if (others.length > 1) return announce(`${others.length} new posts in this case.`);
  const p = others[0];
  const kind = p.kind === 'recommendation' ? 'Faculty recommendation' : p.parentId ? 'New reply' : 'New post';
  const who = p.author.anonymous ? 'Anonymous' : p.author.displayName;
  announce(`${kind} from ${who}, ${PROFESSION_LABELS[p.author.profession] ?? p.author.profession}: ${p.body.slice(0, 140)}`);
}

export function useCaseThread(
  caseId: string,
  me: { id: string; displayName: string; profession: AuthorDto['profession']; role: AuthorDto['role'] },
) {
  const qc = useQueryClient();
  const key = qk.posts(caseId);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => listPosts(caseId, 0, signal) as Promise<ThreadPost[]>,
    // The socket keeps it fresh; a refetch would only race with live events.
    staleTime: Infinity,
  });

  // The seq up to which the cache is known complete (REST history, then each subscribe's
  // `seq`). Live events move it only when they follow on directly, so a reconnect never
  // skips a post that was missed while a later one arrived.
  const synced = useRef(0);

  const merge = useCallback((incoming: PostDto[]) => qc.setQueryData<ThreadPost[]>(key, (cur) => mergePosts(cur, incoming)), [qc, caseId]); // `key` derives from caseId

  useEffect(() => {
    const offCreated = onEvent('post:created', (p) => {
      if (p.caseId !== caseId) return;
      const known = qc.getQueryData<ThreadPost[]>(key)?.some((x) => x.id === p.id);
      merge([p]);
      if (p.seq === synced.current + 1) synced.current = p.seq;
      if (!known) announceIncoming([p], me.id);
    });
    const offUpdated = onEvent('post:updated', (p) => p.caseId === caseId && merge([p]));
    // closed, reopened or a follow-up added (by someone else, or by me in another tab): refetch the case
    const offChanged = onEvent('case:changed', (e) => {
      if (e.caseId !== caseId) return;
      void qc.invalidateQueries({ queryKey: qk.case(caseId) });
      void qc.invalidateQueries({ queryKey: qk.caseLists });
      announce(
        e.change === 'closed'
          ? 'This case was closed.'
          : e.change === 'reopened'
            ? 'This case was reopened.'
            : 'A follow-up was added to this case.',
      );
    });
    const offConnected = whenConnected(() => {
      void (async () => {
        try {
          // History first, so afterSeq covers the gap between the REST read and the subscribe.
          const have = await qc.ensureQueryData({ queryKey: key, queryFn: () => listPosts(caseId) as Promise<ThreadPost[]> });
          if (synced.current === 0) synced.current = lastSeq(have);
          const { missed, seq } = await emitAckRetrying('case:subscribe', { caseId, afterSeq: synced.current });
          const before = new Set((qc.getQueryData<ThreadPost[]>(key) ?? []).map((p) => p.id));
          merge(missed);
          announceIncoming(
            missed.filter((p) => !before.has(p.id)),
            me.id,
          );
          // The server may cap `missed`; fetch the rest by REST.
          const through = Math.max(synced.current, lastSeq(missed));
          if (typeof seq === 'number' && seq > through) merge(await listPosts(caseId, through));
          synced.current = Math.max(through, typeof seq === 'number' ? seq : 0);
          // Sends that failed while offline go out again with their clientId (idempotent).
          for (const p of qc.getQueryData<ThreadPost[]>(key) ?? []) {
            if (p.pending && p.failed && p.clientId) void retrySend(p.clientId);
          }
        } catch {
          /* the banner shows the connection; the next reconnect tries again */
        }
      })();
    });
    return () => {
      offCreated();
      offUpdated();
      offChanged();
      offConnected();
      if (isConnected()) emitAck('case:unsubscribe', { caseId }).catch(() => undefined);
    };
  }, [caseId]); // one subscription per case; the helpers read the cache, not render state

  async function attempt(clientId: string, input: SendInput): Promise<PostDto> {
    try {
      const post = await deliverPost(caseId, { ...input, clientId });
      merge([post]);
      if (post.seq === synced.current + 1) synced.current = post.seq;
      return post;
    } catch (e) {
      if (phiFindingsOf(e)) qc.setQueryData<ThreadPost[]>(key, (cur) => removePending(cur, clientId));
      else qc.setQueryData<ThreadPost[]>(key, (cur) => updatePending(cur, clientId, { failed: true }));
      throw e;
    }
  }

  /** Show the post at once, then confirm it. Rejects with the ApiError (PHI findings, etc.). */
  function send(input: SendInput): Promise<PostDto> {
    const clientId = newClientId();
    const optimistic: ThreadPost = {
      id: pendingId(clientId),
      caseId,
      seq: Number.MAX_SAFE_INTEGER,
      clientId,
      parentId: input.parentId,
      author: { id: me.id, displayName: me.displayName, profession: me.profession, role: me.role, anonymous: input.anonymous },
      body: input.body,
      kind: 'post',
      createdAt: new Date().toISOString(),
    };
    qc.setQueryData<ThreadPost[]>(key, (cur) => addPending(cur, optimistic));
    return attempt(clientId, input);
  }

  function retrySend(clientId: string): Promise<PostDto | undefined> {
    const p = qc.getQueryData<ThreadPost[]>(key)?.find((x) => x.pending && x.clientId === clientId);
    if (!p) return Promise.resolve(undefined);
    qc.setQueryData<ThreadPost[]>(key, (cur) => updatePending(cur, clientId, { failed: false }));
    return attempt(clientId, { body: p.body, parentId: p.parentId, anonymous: p.author.anonymous }).catch(() => undefined);
  }

  function discard(clientId: string): void {
    qc.setQueryData<ThreadPost[]>(key, (cur) => removePending(cur, clientId));
  }

  return { query, posts: query.data ?? [], send, retry: retrySend, discard, merge };
}
