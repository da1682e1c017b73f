/**
 * Holes in a session's event log. A seq is allocated first and its event inserted next; when the
 * writer dies in between (api process killed, database lost mid-write) that seq stays empty and
 * every reader stops at it (contiguousAfter), so later acknowledged events would never reach a
 * catch-up or a snapshot. Readers therefore fill a hole with a noop once an event after it is
 * older than a grace period — far longer than an insert takes while the writer lives. A writer
 * that was only slow then hits the unique {sessionId, seq} index and fails; its client retries
 * with the same clientId and gets a new seq. Pure: no Nest, no mongoose.
 */

/** How old the event after a hole must be before the hole counts as abandoned. */
export const HOLE_GRACE_MS = 3000;
/** At most this many seqs are filled per read (bounded work; the next read continues). */
export const MAX_HOLES_PER_READ = 1000;

/**
 * The seqs after `afterSeq` that are missing below an event stored before `olderThan` (ms since
 * epoch). Stops at the first hole whose next event is still younger (it may yet be written).
 */
export function staleHoles(afterSeq: number, events: readonly { seq: number; at: Date | string }[], olderThan: number): number[] {
  const out: number[] = [];
  let next = afterSeq + 1;
  for (const e of [...events].sort((x, y) => x.seq - y.seq)) {
    if (e.seq < next) continue;
    if (e.seq > next) {
      if (new Date(e.at).getTime() > olderThan) break;
      for (let s = next; s < e.seq && out.length < MAX_HOLES_PER_READ; s++) out.push(s);
      if (out.length >= MAX_HOLES_PER_READ) break;
    }
    next = e.seq + 1;
  }
  return out;
}
