import { Injectable, Logger } from '@nestjs/common';
import {
  contiguousAfter,
  emptySnapshot,
  foldEvents,
  ErrorCodes,
  type SessionEvent,
  type SessionEventBody,
  type SessionMessage,
  type SessionPhase,
  type SessionSnapshot,
} from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { Publisher } from '../realtime';
import { SessionsRepository, type SeqResult } from './infra/sessions.repository';
import type { SessionEventDoc } from './infra/session.schema';
import { toEvent } from './live-sessions.mapper';
import { HOLE_GRACE_MS, staleHoles } from './session-holes';

/** Refresh the cached snapshot when a fold had to apply at least this many events. */
const SNAPSHOT_EVERY = 50;
/** Heads of this many sessions are cached; the oldest is dropped (and re-read when needed) beyond it. */
const MAX_HEADS = 10_000;
/** Attempts at a seq another writer (a replica) keeps taking before the append fails with CONFLICT. */
const MAX_SEQ_ATTEMPTS = 16;

/** What may change on the session together with an event (an atomic, conditional update first). */
export interface AppendOptions {
  /** Refuse (null) once the session has ended, without a session write (hands). */
  open?: boolean;
  where?: Record<string, unknown>;
  inc?: Record<string, number>;
  set?: Record<string, unknown>;
}

/** Where this replica will try to append next in a session, and the phase it last knew. */
interface Head {
  next: number;
  phase: SessionPhase;
}

type EventRow = Omit<SessionEventDoc, '_id' | 'sessionId'>;

/**
 * A session's ordered event log: appending (one publish per event), filling abandoned seqs,
 * catch-up reads and the current state (cached snapshot + fold).
 *
 * One write per event: a writer picks the next seq from its cached head and inserts the event
 * there; the unique {sessionId, seq} index is the allocation, so the acknowledged insert is both.
 * When another replica holds that seq the insert fails as a duplicate and the head is re-read
 * (with the session's phase). A seq taken here whose insert did not happen is handed back when
 * nothing later was taken, else filled with a noop (and readers fill holes a dead writer left, see
 * session-holes.ts), so the log stays gap-free and ordered.
 */
@Injectable()
export class SessionLog {
  private readonly logger = new Logger('LiveSessions');
  private readonly heads = new Map<string, Head>();
  private readonly loading = new Map<string, Promise<Head | null>>();

  constructor(
    private readonly repo: SessionsRepository,
    private readonly publisher: Publisher,
  ) {}

  /**
   * Appends one event after its conditional session update (if any): null when the session is
   * missing or the condition failed. `session` is the session after that update.
   */
  async append(sessionId: string, body: SessionEventBody, opts: AppendOptions = {}): Promise<{ seq: number; session?: SeqResult } | null> {
    let session: SeqResult | undefined;
    if (opts.where || opts.set || opts.inc) {
      session = (await this.repo.updateSession(sessionId, opts)) ?? undefined;
      if (!session) return null;
    }
    const head = await this.head(sessionId);
    if (!head) return null;
    // synchronously with the seq below: nothing this replica appends after an end passes `open`
    if (typeof opts.set?.phase === 'string') head.phase = opts.set.phase as SessionPhase;
    if (opts.open && head.phase === 'ended') return null;
    const at = new Date();
    const r = await this.insertNext(sessionId, head, (seq) => ({ seq, type: body.type, at, dedupe: `#${seq}`, body: asRow(body) }), {
      open: !!opts.open,
    });
    if (!r || 'existing' in r) return null;
    this.publish(sessionId, body, r.seq, at);
    return { seq: r.seq, ...(session ? { session } : {}) };
  }

  /**
   * Appends an event whose validity is decided after its seq (presence: the row flips only if no
   * later transition was recorded): inserted first, then `decide(seq)`; when that says no, the event
   * becomes a noop. The seq when it stood, null when it did not (or the session is gone).
   */
  async appendDecided(
    sessionId: string,
    body: SessionEventBody,
    at: Date,
    decide: (seq: number) => Promise<boolean>,
  ): Promise<number | null> {
    const head = await this.head(sessionId);
    if (!head) return null;
    const r = await this.insertNext(sessionId, head, (seq) => ({ seq, type: body.type, at, dedupe: `#${seq}`, body: asRow(body) }), {
      open: false,
    });
    if (!r || 'existing' in r) return null;
    let stands: boolean;
    try {
      stands = await decide(r.seq);
    } catch (err) {
      await this.voidEvent(sessionId, r.seq).catch(() => undefined);
      throw err;
    }
    if (!stands) {
      await this.voidEvent(sessionId, r.seq);
      return null;
    }
    this.publish(sessionId, body, r.seq, at);
    return r.seq;
  }

  /**
   * A chat message in one acknowledged insert, idempotent by (author, clientId): a retry of a
   * stored message answers with the stored one (`fresh: false`). Null when the session has ended.
   */
  async appendMessage(
    sessionId: string,
    input: { authorId: string; clientId: string; make: (id: string, seq: number, at: Date) => SessionMessage },
  ): Promise<{ message: SessionMessage; fresh: boolean } | null> {
    const head = await this.head(sessionId);
    if (!head || head.phase === 'ended') return null;
    const id = this.repo.newId();
    const at = new Date();
    const dedupe = `m:${input.authorId}:${input.clientId}`;
    let message: SessionMessage | undefined;
    const r = await this.insertNext(
      sessionId,
      head,
      (seq) => {
        message = input.make(id, seq, at);
        return { seq, type: 'message', at, dedupe, body: { type: 'message', message } };
      },
      { open: true, dedupe },
    );
    if (!r) return null;
    if ('existing' in r) return { message: (r.existing.body as { message: SessionMessage }).message, fresh: false };
    const stored = message as SessionMessage;
    this.publisher.toSession(sessionId, 'session:event', { type: 'message', message: stored, seq: r.seq, sessionId, at: stored.at });
    return { message: stored, fresh: true };
  }

  /** Fills a seq with a noop (and tells the room), so no reader waits on it. */
  async fill(sessionId: string, seq: number): Promise<void> {
    await this.repo.insertNoop(sessionId, seq);
    this.publisher.toSession(sessionId, 'session:event', { type: 'noop', seq, sessionId, at: new Date().toISOString() });
  }

  /** The log after `afterSeq`, with abandoned seqs (writer crashed, database lost) filled so no reader stops at them for good. */
  async eventsAfter(sessionId: string, afterSeq: number, limit?: number): Promise<SessionEventDoc[]> {
    const rows = await this.repo.eventsAfter(sessionId, afterSeq, limit);
    const holes = staleHoles(afterSeq, rows, Date.now() - HOLE_GRACE_MS);
    if (!holes.length) return rows;
    this.logger.warn({ sessionId, holes: holes.length, first: holes[0] }, 'filling abandoned event seqs');
    for (const seq of holes) await this.fill(sessionId, seq);
    return this.repo.eventsAfter(sessionId, afterSeq, limit);
  }

  /** The events after `afterSeq` up to the first hole, or null when the client is too far back or ahead of the log. */
  async catchUp(sessionId: string, afterSeq: number, maxReplay: number): Promise<{ events: SessionEvent[]; seq: number } | null> {
    const rows = await this.eventsAfter(sessionId, afterSeq, maxReplay + 1);
    if (rows.length > maxReplay) return null;
    // a client "ahead" of the log (another database, a reset) gets a snapshot instead
    if (!rows.length && afterSeq > (await this.repo.lastSeq(sessionId))) return null;
    return contiguousAfter(afterSeq, rows.map(toEvent));
  }

  /** The current state: the cached snapshot plus the events after it (cache refreshed when it lags). */
  async snapshot(sessionId: string): Promise<{ snapshot: SessionSnapshot; seq: number }> {
    const cached = await this.repo.snapshot(sessionId);
    const baseSeq = cached?.seq ?? 0;
    const rows = await this.eventsAfter(sessionId, baseSeq);
    const { events, seq } = contiguousAfter(baseSeq, rows.map(toEvent));
    const snapshot = foldEvents(cached?.state ?? emptySnapshot(sessionId), events);
    if (events.length >= SNAPSHOT_EVERY) {
      this.repo
        .saveSnapshot(sessionId, seq, snapshot)
        .catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'snapshot cache write failed'));
    }
    return { snapshot, seq };
  }

  // ── allocation ──────────────────────────────────────────────────────────────────────────────

  /**
   * Inserts `row(seq)` at this replica's next seq; on a duplicate, either it is our dedupe key (a
   * retry: `existing`, our seq handed back) or another writer holds the seq (head re-read, next
   * seq). Null when the session is gone, or ended and `open` is asked.
   */
  private async insertNext(
    sessionId: string,
    first: Head,
    row: (seq: number) => EventRow,
    opts: { open: boolean; dedupe?: string },
  ): Promise<{ seq: number } | { existing: SessionEventDoc } | null> {
    let head: Head | null = first;
    for (let attempt = 0; attempt < MAX_SEQ_ATTEMPTS && head; attempt++) {
      if (opts.open && head.phase === 'ended') return null;
      const seq = head.next++;
      let stored: boolean;
      try {
        stored = await this.repo.appendEvent(sessionId, row(seq));
      } catch (err) {
        await this.release(sessionId, head, seq).catch(() => undefined);
        throw err;
      }
      if (stored) return { seq };
      if (opts.dedupe) {
        const existing = await this.repo.findByDedupe(sessionId, opts.dedupe);
        if (existing) {
          await this.release(sessionId, head, seq);
          return { existing };
        }
      }
      head = await this.head(sessionId, true);
    }
    if (!head) return null;
    throw AppError.conflict(ErrorCodes.CONFLICT, 'The session log is busy; send it again with the same clientId');
  }

  /** A seq taken here but not written: handed back when nothing later was taken, else filled. */
  private async release(sessionId: string, head: Head, seq: number): Promise<void> {
    if (head.next === seq + 1) head.next = seq;
    else await this.fill(sessionId, seq);
  }

  /** Turns an inserted but abandoned event into a noop, for readers and for the room. */
  private async voidEvent(sessionId: string, seq: number): Promise<void> {
    await this.repo.overwriteWithNoop(sessionId, seq);
    this.publisher.toSession(sessionId, 'session:event', { type: 'noop', seq, sessionId, at: new Date().toISOString() });
  }

  /** The cached head, or (first use, or `reload` after losing a seq) one read from the session and its log. */
  private head(sessionId: string, reload = false): Promise<Head | null> {
    const cached = this.heads.get(sessionId);
    if (cached && !reload) return Promise.resolve(cached);
    let p = this.loading.get(sessionId);
    if (!p) {
      p = this.loadHead(sessionId).finally(() => this.loading.delete(sessionId));
      this.loading.set(sessionId, p);
    }
    return p;
  }

  private async loadHead(sessionId: string): Promise<Head | null> {
    const [s, last] = await Promise.all([this.repo.find(sessionId), this.repo.lastSeq(sessionId)]);
    if (!s) {
      this.heads.delete(sessionId);
      return null;
    }
    let head = this.heads.get(sessionId);
    if (!head) {
      if (this.heads.size >= MAX_HEADS) this.heads.delete(this.heads.keys().next().value as string);
      this.heads.set(sessionId, (head = { next: 1, phase: s.phase }));
    }
    head.next = Math.max(head.next, last + 1, (s.seq ?? 0) + 1);
    head.phase = s.phase;
    return head;
  }

  /** This replica's highest seq taken in a session (for the counters' `seq` floor). */
  lastTaken(sessionId: string): number {
    return (this.heads.get(sessionId)?.next ?? 1) - 1;
  }

  private publish(sessionId: string, body: SessionEventBody, seq: number, at: Date): void {
    this.publisher.toSession(sessionId, 'session:event', { ...body, seq, sessionId, at: at.toISOString() } as SessionEvent);
  }
}

const asRow = (body: SessionEventBody): Record<string, unknown> => body as unknown as Record<string, unknown>;
