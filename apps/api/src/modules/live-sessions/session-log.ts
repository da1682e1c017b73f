import { Injectable, Logger } from '@nestjs/common';
import {
  contiguousAfter,
  emptySnapshot,
  foldEvents,
  ErrorCodes,
  type SessionEvent,
  type SessionEventBody,
  type SessionMessage,
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

/** What may change on the session together with an event's seq (conditions, counters, fields). */
export interface AppendOptions {
  where?: Record<string, unknown>;
  inc?: Record<string, number>;
  set?: Record<string, unknown>;
}

/**
 * A session's ordered event log: appending (seq allocation, insert, one publish per event),
 * filling abandoned seqs, catch-up reads and the current state (cached snapshot + fold).
 */
@Injectable()
export class SessionLog {
  private readonly logger = new Logger('LiveSessions');

  constructor(
    private readonly repo: SessionsRepository,
    private readonly publisher: Publisher,
  ) {}

  /** Appends one event: allocate seq (with whatever changes with it) → insert → publish once. Null when `where` fails. */
  async append(sessionId: string, body: SessionEventBody, opts: AppendOptions = {}): Promise<SeqResult | null> {
    const r = await this.repo.allocSeq(sessionId, opts);
    if (!r) return null;
    await this.write(sessionId, r, body, new Date());
    return r;
  }

  /** A seq allocated without an event yet (presence transitions decide their event after it). */
  allocate(sessionId: string): Promise<SeqResult | null> {
    return this.repo.allocSeq(sessionId);
  }

  /** Writes and publishes the event of an allocated seq; on failure the seq is filled so readers do not stop at it. */
  async write(sessionId: string, r: SeqResult, body: SessionEventBody, at: Date): Promise<void> {
    try {
      await this.repo.insertEvent({
        sessionId: r._id,
        seq: r.seq,
        type: body.type,
        at,
        dedupe: `#${r.seq}`,
        body: body as unknown as Record<string, unknown>,
      });
    } catch (err) {
      // the seq is ours alone, so a failure here is the database's; readers stop at the hole until filled
      await this.fill(sessionId, r.seq).catch(() => undefined);
      throw err;
    }
    this.publisher.toSession(sessionId, 'session:event', { ...body, seq: r.seq, sessionId, at: at.toISOString() } as SessionEvent);
  }

  /**
   * A chat message, idempotent by (author, clientId): a retry of a stored message answers with the
   * stored one. Null when the session has ended. `counted` is the author's profession.
   */
  async appendMessage(
    sessionId: string,
    input: { authorId: string; counted: string; make: (id: string, seq: number, at: Date) => SessionMessage },
  ): Promise<{ message: SessionMessage; seqResult?: SeqResult } | null> {
    const inc = { [`counts.${input.counted}.messages`]: 1 };
    const r = await this.repo.allocSeq(sessionId, { where: { phase: { $ne: 'ended' } }, inc });
    if (!r) return null;
    const at = new Date();
    const message = input.make(this.repo.newId(), r.seq, at);
    const dedupe = `m:${input.authorId}:${message.clientId}`;
    let stored: boolean;
    try {
      stored = await this.repo.insertEventOnce({
        sessionId: r._id,
        seq: r.seq,
        type: 'message',
        at,
        dedupe,
        body: { type: 'message', message },
      });
    } catch (err) {
      // the seq is ours alone: fill it if the database still answers (else readers do, see session-holes)
      await this.repo.undoCounts(sessionId, inc).catch(() => undefined);
      await this.fill(sessionId, r.seq).catch(() => undefined);
      throw err;
    }
    if (!stored) {
      // A retry of a stored message: answer with it; its seq becomes a noop so the log stays gap-free.
      const existing = await this.repo.findByDedupe(sessionId, dedupe);
      await this.repo.undoCounts(sessionId, inc);
      await this.fill(sessionId, r.seq);
      if (existing) return { message: (existing.body as { message: SessionMessage }).message };
      // Not a retry: this write was so slow that a reader declared its seq abandoned (session-holes.ts).
      throw AppError.conflict(ErrorCodes.CONFLICT, 'The message was not stored; send it again with the same clientId');
    }
    this.publisher.toSession(sessionId, 'session:event', { type: 'message', message, seq: r.seq, sessionId, at: message.at });
    return { message, seqResult: r };
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
    const fresh = rows.length ? undefined : await this.repo.find(sessionId);
    // a client "ahead" of the log (another database, a reset) gets a snapshot instead
    if (fresh && afterSeq > fresh.seq) return null;
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
}
