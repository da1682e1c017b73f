import type { PostDto, Profession } from '@casebridge/contracts';
import {
  addPending,
  countByProfession,
  lastSeq,
  mergePosts,
  pendingId,
  removePending,
  threadRows,
  updatePending,
  type ThreadPost,
} from './thread';

let n = 0;
function post(seq: number, over: Partial<PostDto> = {}): PostDto {
  return {
    id: `p${seq}`,
    caseId: 'c1',
    seq,
    body: `post ${seq}`,
    kind: 'post',
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    author: {
      id: `u${seq % 3}`,
      displayName: `User ${seq % 3}`,
      profession: (['nurse', 'chaplain', 'physician'] as Profession[])[seq % 3],
      role: 'learner',
    },
    ...over,
  };
}
function pending(clientId: string, body = 'mine'): ThreadPost {
  return {
    ...post(0),
    id: pendingId(clientId),
    seq: Number.MAX_SAFE_INTEGER,
    clientId,
    body,
    createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, n++)).toISOString(),
  };
}
const ids = (l: ThreadPost[]) => l.map((p) => p.id);

describe('mergePosts', () => {
  it('orders by seq whatever the arrival order, and ignores repeats', () => {
    const a = mergePosts(undefined, [post(3), post(1)]);
    const b = mergePosts(a, [post(2), post(1), post(3)]);
    expect(ids(b)).toEqual(['p1', 'p2', 'p3']);
  });

  it('replaces an optimistic post by its stored copy (same clientId), never doubling it', () => {
    let list = mergePosts(undefined, [post(1)]);
    list = addPending(list, pending('abc12345'));
    expect(ids(list)).toEqual(['p1', 'pending:abc12345']);
    const stored = post(2, { clientId: 'abc12345', body: 'mine' });
    list = mergePosts(list, [stored]); // the ack
    list = mergePosts(list, [stored]); // the broadcast of the same post
    expect(ids(list)).toEqual(['p1', 'p2']);
    expect(list.every((p) => !p.pending)).toBe(true);
  });

  it('drops the optimistic copy when the broadcast (without clientId) came before the ack', () => {
    let list = addPending(mergePosts(undefined, [post(1)]), pending('zzz99999'));
    list = mergePosts(list, [post(2)]); // broadcast to the room, clientId stripped
    expect(ids(list)).toEqual(['p1', 'p2', 'pending:zzz99999']);
    list = mergePosts(list, [post(2, { clientId: 'zzz99999' })]); // the ack
    expect(ids(list)).toEqual(['p1', 'p2']);
  });

  it('keeps posts still being sent after the confirmed ones, in the order they were written', () => {
    let list = addPending(addPending(mergePosts(undefined, [post(1)]), pending('first111')), pending('second22'));
    list = mergePosts(list, [post(2)]);
    expect(ids(list)).toEqual(['p1', 'p2', 'pending:first111', 'pending:second22']);
  });

  it('merges a reconnect catch-up that overlaps what is already there', () => {
    const before = mergePosts(
      undefined,
      [1, 2, 3, 4, 5].map((s) => post(s)),
    );
    expect(lastSeq(before)).toBe(5);
    // live events 7 and 8 arrived before the re-subscribe answered with everything after 5
    const live = mergePosts(before, [post(7), post(8)]);
    const caughtUp = mergePosts(live, [post(6), post(7), post(8), post(9)]);
    expect(caughtUp.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lastSeq(caughtUp)).toBe(9);
  });

  it('applies updates to known posts (edit, hide, endorse) in place', () => {
    const list = mergePosts(mergePosts(undefined, [post(1), post(2)]), [post(1, { hidden: true })]);
    expect(list[0].hidden).toBe(true);
    expect(list).toHaveLength(2);
  });

  it('returns the same array when nothing arrives (no needless re-render)', () => {
    const list = mergePosts(undefined, [post(1)]);
    expect(mergePosts(list, [])).toBe(list);
  });

  it('handles a 2,000-post thread and a 500-post catch-up quickly', () => {
    const big = mergePosts(
      undefined,
      Array.from({ length: 2000 }, (_, i) => post(i + 1)),
    );
    const t0 = performance.now();
    const merged = mergePosts(
      big,
      Array.from({ length: 500 }, (_, i) => post(1800 + i)),
    );
    expect(performance.now() - t0).toBeLessThan(200);
    expect(merged).toHaveLength(2299); // seqs 1800–2000 were already there
    expect(new Set(ids(merged)).size).toBe(2299);
  });
});

describe('pending helpers', () => {
  it('marks a failed send and removes it on discard', () => {
    let list = addPending([], pending('fail0001'));
    list = updatePending(list, 'fail0001', { failed: true });
    expect(list[0].failed).toBe(true);
    expect(removePending(list, 'fail0001')).toEqual([]);
    expect(lastSeq(list)).toBe(0);
  });
});

describe('threadRows', () => {
  const top1 = post(1);
  const top2 = post(2);
  const reply = post(3, { parentId: 'p1' });
  it('puts replies right under their parent, one level deep', () => {
    const rows = threadRows([top1, top2, reply]);
    expect(rows.map((r) => [r.post.id, r.depth])).toEqual([
      ['p1', 0],
      ['p3', 1],
      ['p2', 0],
    ]);
  });

  it('filters by profession and keeps a reply whose parent is filtered out', () => {
    // p1 nurse? seq%3: 1 → chaplain, 2 → physician, 3 → nurse
    const rows = threadRows([top1, top2, reply], new Set<Profession>(['nurse']));
    expect(rows.map((r) => [r.post.id, r.depth, r.orphanOf])).toEqual([['p3', 1, 'p1']]);
  });

  it('counts posts per profession for the filter', () => {
    const counts = countByProfession([top1, top2, reply, post(4)]);
    expect(counts.get('chaplain')).toBe(2);
    expect(counts.get('physician')).toBe(1);
    expect(counts.get('nurse')).toBe(1);
  });
});
