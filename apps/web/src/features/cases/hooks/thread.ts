/**
 * The case thread as the client holds it: confirmed posts ordered by `seq`, then the
 * user's own posts still on their way (optimistic, keyed by `clientId`). Pure functions,
 * so the merge rules (never doubled, never reordered, catch-up after a reconnect) are
 * tested without a socket.
 */
import type { PostDto, Profession } from '@casebridge/contracts';

export type ThreadPost = PostDto & { pending?: boolean; failed?: boolean };

export const pendingId = (clientId: string) => `pending:${clientId}`;

function order(a: ThreadPost, b: ThreadPost): number {
  if (!!a.pending !== !!b.pending) return a.pending ? 1 : -1;
  if (a.pending) return a.createdAt.localeCompare(b.createdAt);
  return a.seq - b.seq;
}

/**
 * Merge posts from any source (REST page, `post:created`, a `post:create` ack, the
 * `missed` list of a re-subscribe): a known id is replaced (edits, hides, endorsements),
 * a post whose clientId matches one of ours in flight replaces it, anything else is added.
 */
export function mergePosts(current: readonly ThreadPost[] | undefined, incoming: readonly PostDto[]): ThreadPost[] {
  const list: ThreadPost[] = current ? [...current] : [];
  const byId = new Map<string, number>();
  const pendingByClient = new Map<string, number>();
  list.forEach((p, i) => {
    byId.set(p.id, i);
    if (p.pending && p.clientId) pendingByClient.set(p.clientId, i);
  });
  const drop = new Set<number>();
  let changed = false;
  for (const p of incoming) {
    const known = byId.get(p.id);
    const mine = p.clientId ? pendingByClient.get(p.clientId) : undefined;
    if (known !== undefined) {
      list[known] = p;
      if (mine !== undefined) drop.add(mine);
    } else if (mine !== undefined) {
      list[mine] = p;
      byId.set(p.id, mine);
    } else {
      byId.set(p.id, list.length);
      list.push(p);
    }
    if (p.clientId) pendingByClient.delete(p.clientId);
    changed = true;
  }
  if (!changed && current) return current as ThreadPost[];
  return list.filter((_, i) => !drop.has(i)).sort(order);
}

export function addPending(current: readonly ThreadPost[] | undefined, post: ThreadPost): ThreadPost[] {
  return [...(current ?? []), { ...post, pending: true, failed: false }];
}

export function updatePending(current: readonly ThreadPost[] | undefined, clientId: string, patch: Partial<ThreadPost>): ThreadPost[] {
  return (current ?? []).map((p) => (p.pending && p.clientId === clientId ? { ...p, ...patch } : p));
}

export function removePending(current: readonly ThreadPost[] | undefined, clientId: string): ThreadPost[] {
  return (current ?? []).filter((p) => !(p.pending && p.clientId === clientId));
}

/** The highest confirmed `seq`: what to send as `afterSeq` when catching up. */
export function lastSeq(posts: readonly ThreadPost[] | undefined): number {
  let max = 0;
  for (const p of posts ?? []) if (!p.pending && p.seq > max) max = p.seq;
  return max;
}

export interface ThreadRow {
  post: ThreadPost;
  depth: 0 | 1;
  /** Set for a reply shown without its parent (filtered out or not loaded). */
  orphanOf?: string;
}

/**
 * Rows for the list: each top-level post followed by its replies (one level), in seq
 * order; optionally only posts by some professions.
 */
export function threadRows(posts: readonly ThreadPost[], professions?: ReadonlySet<Profession>): ThreadRow[] {
  const shown = professions && professions.size > 0 ? posts.filter((p) => professions.has(p.author.profession)) : posts;
  const ids = new Set(shown.map((p) => p.id));
  const replies = new Map<string, ThreadPost[]>();
  const rows: ThreadRow[] = [];
  for (const p of shown) {
    if (p.parentId && ids.has(p.parentId)) {
      const list = replies.get(p.parentId) ?? [];
      list.push(p);
      replies.set(p.parentId, list);
    }
  }
  for (const p of shown) {
    if (p.parentId && ids.has(p.parentId)) continue;
    rows.push({ post: p, depth: p.parentId ? 1 : 0, orphanOf: p.parentId });
    for (const r of replies.get(p.id) ?? []) rows.push({ post: r, depth: 1 });
  }
  return rows;
}

/** How many posts each profession wrote: the counts on the profession filter. */
export function countByProfession(posts: readonly ThreadPost[]): Map<Profession, number> {
  const m = new Map<Profession, number>();
  for (const p of posts) if (p.kind !== 'system') m.set(p.author.profession, (m.get(p.author.profession) ?? 0) + 1);
  return m;
}
