import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Participant, SessionPhase, SessionSnapshot } from '@casebridge/contracts';
import {
  LIVE_SESSION,
  SESSION_ATTENDANCE,
  SESSION_EVALUATION,
  SESSION_EVENT,
  SESSION_PRESENCE,
  SESSION_SNAPSHOT,
  SESSION_SOCKET,
  type LiveSessionDoc,
  type SessionAttendanceDoc,
  type SessionEvaluationDoc,
  type SessionEventDoc,
  type SessionPresenceDoc,
  type SessionSnapshotDoc,
  type SessionSocketDoc,
} from './session.schema';
import { isDuplicateKey, isOid, newId, oid } from '../../../infra/persistence';

/** Socket rows are keyed by session and socket id (a string _id; the driver's typings assume ObjectId). */
const socketKey = (sessionId: string, socketId: string) => ({ _id: `${sessionId}:${socketId}` }) as never;

/** A new session as the service writes it: ids as strings. */
export type NewSession = Omit<
  LiveSessionDoc,
  '_id' | 'seq' | 'createdAt' | 'phase' | 'cohortId' | 'facilitatorId' | 'presenterCaseId' | 'presenterId'
> & {
  cohortId: string;
  facilitatorId: string;
  presenterCaseId?: string;
  presenterId?: string;
};

/** What the seq allocation returns: enough to publish and push participation without another read. */
export type SeqResult = Pick<LiveSessionDoc, '_id' | 'seq' | 'facilitatorId' | 'counts' | 'present' | 'phase'>;
const SEQ_PROJECTION = { seq: 1, facilitatorId: 1, counts: 1, present: 1, phase: 1 } as const;

/**
 * The live-sessions store. Hot-path writes (seq allocation, event inserts, heartbeats) go through
 * `Model.collection` with plain objects: no mongoose documents are built per chat message.
 */
@Injectable()
export class SessionsRepository {
  /** A new ObjectId as a string (ids for chat messages are made before their insert). */
  newId(): string {
    return newId().toHexString();
  }

  constructor(
    @InjectModel(LIVE_SESSION) private readonly sessions: Model<LiveSessionDoc>,
    @InjectModel(SESSION_EVENT) private readonly events: Model<SessionEventDoc>,
    @InjectModel(SESSION_SNAPSHOT) private readonly snapshots: Model<SessionSnapshotDoc>,
    @InjectModel(SESSION_SOCKET) private readonly sockets: Model<SessionSocketDoc>,
    @InjectModel(SESSION_PRESENCE) private readonly presence: Model<SessionPresenceDoc>,
    @InjectModel(SESSION_ATTENDANCE) private readonly attendance: Model<SessionAttendanceDoc>,
    @InjectModel(SESSION_EVALUATION) private readonly evaluations: Model<SessionEvaluationDoc>,
  ) {}

  // ── evaluations ─────────────────────────────────────────────────────────────────────────────

  /** One evaluation per person and session: a resubmission replaces the earlier one (idempotent). */
  async saveEvaluation(e: Omit<SessionEvaluationDoc, '_id'>): Promise<void> {
    await this.evaluations.collection.updateOne(
      { sessionId: e.sessionId, userId: e.userId },
      {
        $set: { profession: e.profession, helpful: e.helpful, at: e.at, ...(e.change ? { change: e.change } : {}) },
        ...(e.change ? {} : { $unset: { change: '' } }),
      },
      { upsert: true },
    );
  }

  evaluationsOf(sessionId: string): Promise<SessionEvaluationDoc[]> {
    return this.evaluations.collection
      .find({ sessionId: oid(sessionId) })
      .sort({ at: 1 })
      .limit(5000)
      .toArray() as Promise<SessionEvaluationDoc[]>;
  }

  // ── sessions ────────────────────────────────────────────────────────────────────────────────

  /** Ids arrive as strings (services hold no ObjectIds they make themselves); stored as ObjectIds. */
  async create(input: NewSession): Promise<LiveSessionDoc> {
    const { presenterCaseId, presenterId, ...rest } = input;
    const ids = {
      cohortId: oid(input.cohortId),
      facilitatorId: oid(input.facilitatorId),
      ...(presenterCaseId ? { presenterCaseId: oid(presenterCaseId) } : {}),
      ...(presenterId ? { presenterId: oid(presenterId) } : {}),
    };
    const doc = {
      _id: newId(),
      ...rest,
      ...ids,
      phase: 'lobby' as SessionPhase,
      seq: 0,
      counts: {},
      present: {},
      createdAt: new Date(),
    };
    await this.sessions.collection.insertOne(doc);
    return doc as LiveSessionDoc;
  }

  find(id: string): Promise<LiveSessionDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.sessions.findById(id).lean<LiveSessionDoc>().exec();
  }

  /** Claims one due, unsent reminder of a session not yet started (atomic: one replica, once). */
  claimReminder(now: Date): Promise<LiveSessionDoc | null> {
    return this.sessions.collection.findOneAndUpdate(
      { remindedAt: null, remindAt: { $lte: now }, phase: 'lobby' },
      { $set: { remindedAt: now } },
      { returnDocument: 'after' },
    ) as Promise<LiveSessionDoc | null>;
  }

  list(filter: { cohortIds?: string[]; upcoming: boolean }): Promise<LiveSessionDoc[]> {
    const q: Record<string, unknown> = {};
    if (filter.cohortIds) q.cohortId = { $in: filter.cohortIds.filter(isOid).map(oid) };
    if (filter.upcoming) q.phase = { $ne: 'ended' };
    return this.sessions.find(q).sort({ startsAt: 1 }).limit(500).lean<LiveSessionDoc[]>().exec();
  }

  /**
   * Allocates the next seq of a session in one atomic update (with any counters or fields that
   * change together with it). Null when the session is missing or fails `where` (e.g. ended).
   * Not used by the log any more: new events go through `SessionLog.append` (one insert whose seq
   * the unique index arbitrates); a seq taken here can collide with one SessionLog already used.
   */
  allocSeq(
    sessionId: string,
    opts: { where?: Record<string, unknown>; inc?: Record<string, number>; set?: Record<string, unknown> } = {},
  ): Promise<SeqResult | null> {
    return this.sessions.collection.findOneAndUpdate(
      { _id: oid(sessionId), ...opts.where },
      { $inc: { seq: 1, ...opts.inc }, ...(opts.set ? { $set: opts.set } : {}) },
      { returnDocument: 'after', projection: SEQ_PROJECTION },
    ) as Promise<SeqResult | null>;
  }

  /** Undoes counter increments of an abandoned write (its seq is filled with a noop instead). */
  async undoCounts(sessionId: string, inc: Record<string, number>): Promise<void> {
    const neg = Object.fromEntries(Object.entries(inc).map(([k, v]) => [k, -v]));
    if (Object.keys(neg).length) await this.sessions.collection.updateOne({ _id: oid(sessionId) }, { $inc: neg });
  }

  setPresentCounts(sessionId: string, present: Record<string, number>): Promise<unknown> {
    return this.sessions.collection.updateOne({ _id: oid(sessionId) }, { $set: { present } });
  }

  /** Moves the stored phase once the transition event is logged (start/end stamp their times). */
  setFields(sessionId: string, set: Record<string, unknown>, where: Record<string, unknown> = {}): Promise<LiveSessionDoc | null> {
    return this.sessions.collection.findOneAndUpdate(
      { _id: oid(sessionId), ...where },
      { $set: set },
      { returnDocument: 'after' },
    ) as Promise<LiveSessionDoc | null>;
  }

  /** Claims the once-only transcript hand-off (first caller wins, across replicas). */
  async claimTranscript(sessionId: string): Promise<boolean> {
    const r = await this.sessions.collection.updateOne(
      { _id: oid(sessionId), transcriptClaimedAt: { $exists: false } },
      { $set: { transcriptClaimedAt: new Date() } },
    );
    return r.modifiedCount === 1;
  }

  /** Participation counters of every session (analytics). */
  allCounts(): Promise<Pick<LiveSessionDoc, 'counts'>[]> {
    return this.sessions.find({}, { counts: 1 }).lean<Pick<LiveSessionDoc, 'counts'>[]>().exec();
  }

  // ── the event log ───────────────────────────────────────────────────────────────────────────

  insertEvent(doc: Omit<SessionEventDoc, '_id'>): Promise<unknown> {
    return this.events.collection.insertOne({ ...doc });
  }

  /** Inserts an event unless one with its dedupe key is stored: false then (a retry), other failures throw. */
  async insertEventOnce(doc: Omit<SessionEventDoc, '_id'>): Promise<boolean> {
    try {
      await this.events.collection.insertOne({ ...doc });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Fills a seq whose write was abandoned, so readers never wait on a hole. */
  async insertNoop(sessionId: string, seq: number): Promise<void> {
    try {
      await this.events.collection.insertOne({
        sessionId: oid(sessionId),
        seq,
        type: 'noop',
        at: new Date(),
        dedupe: `#${seq}`,
        body: { type: 'noop' },
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  findByDedupe(sessionId: string, dedupe: string): Promise<SessionEventDoc | null> {
    return this.events.collection.findOne({ sessionId: oid(sessionId), dedupe }) as Promise<SessionEventDoc | null>;
  }

  eventsAfter(sessionId: string, afterSeq: number, limit = 100_000): Promise<SessionEventDoc[]> {
    return this.events.collection
      .find({ sessionId: oid(sessionId), seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .toArray() as Promise<SessionEventDoc[]>;
  }

  /** The log row of one chat message (privacy report and purge). */
  findMessage(messageId: string): Promise<SessionEventDoc | null> {
    return this.events.collection.findOne({ type: 'message', 'body.message.id': messageId }) as Promise<SessionEventDoc | null>;
  }

  /**
   * Privacy purge of a chat message: its text in the log row (what session:join replays and the
   * transcript reads), and the cached snapshot (dropped: the next join folds the log again).
   */
  async purgeMessage(event: SessionEventDoc, text: string): Promise<void> {
    await this.events.collection.updateOne({ _id: event._id }, { $set: { 'body.message.body': text } });
    await this.snapshots.collection.deleteOne({ _id: event.sessionId });
  }

  /** The phase changes of a session in seq order (the transcript groups messages by phase). */
  phaseEvents(sessionId: string): Promise<SessionEventDoc[]> {
    return this.events.collection
      .find({ sessionId: oid(sessionId), type: 'phase' })
      .sort({ seq: 1 })
      .toArray() as Promise<SessionEventDoc[]>;
  }

  messages(sessionId: string): Promise<SessionEventDoc[]> {
    return this.events.collection
      .find({ sessionId: oid(sessionId), type: 'message' })
      .sort({ seq: 1 })
      .toArray() as Promise<SessionEventDoc[]>;
  }

  // ── one write per event (the log's own seq allocation) ────────────────────────────────────

  /** The highest seq stored in a session's log (0 when empty): where SessionLog's allocation resumes. */
  async lastSeq(sessionId: string): Promise<number> {
    const last = (await this.events.collection
      .find({ sessionId: oid(sessionId) }, { projection: { seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .next()) as Pick<SessionEventDoc, 'seq'> | null;
    return last?.seq ?? 0;
  }

  /**
   * Inserts one event at a seq its writer chose: the unique {sessionId, seq} and {sessionId, dedupe}
   * indexes arbitrate, so this single acknowledged insert is both the seq allocation and the event.
   * False when either key is taken (another writer has the seq, or this dedupe key is stored).
   */
  appendEvent(sessionId: string, e: Omit<SessionEventDoc, '_id' | 'sessionId'>): Promise<boolean> {
    return this.insertEventOnce({ ...e, sessionId: oid(sessionId) });
  }

  /** Turns an event its writer abandoned after inserting it (a lost presence race) into a noop. */
  async overwriteWithNoop(sessionId: string, seq: number): Promise<void> {
    await this.events.collection.updateOne({ sessionId: oid(sessionId), seq }, { $set: { type: 'noop', body: { type: 'noop' } } });
  }

  /** Changes the session's fields and counters if it matches `where`; the session after, or null (missing, or `where` failed). */
  updateSession(
    sessionId: string,
    opts: { where?: Record<string, unknown>; inc?: Record<string, number>; set?: Record<string, unknown> },
  ): Promise<SeqResult | null> {
    const update = { ...(opts.inc ? { $inc: opts.inc } : {}), ...(opts.set ? { $set: opts.set } : {}) };
    if (!Object.keys(update).length)
      return this.sessions.collection.findOne(
        { _id: oid(sessionId), ...opts.where },
        { projection: SEQ_PROJECTION },
      ) as Promise<SeqResult | null>;
    return this.sessions.collection.findOneAndUpdate({ _id: oid(sessionId), ...opts.where }, update, {
      returnDocument: 'after',
      projection: SEQ_PROJECTION,
    }) as Promise<SeqResult | null>;
  }

  /** Adds batched participation counters and raises the session's `seq` to at least `seqAtLeast`; the session after. */
  addCounts(sessionId: string, inc: Record<string, number>, seqAtLeast: number): Promise<SeqResult | null> {
    return this.sessions.collection.findOneAndUpdate(
      { _id: oid(sessionId) },
      { ...(Object.keys(inc).length ? { $inc: inc } : {}), $max: { seq: seqAtLeast } },
      { returnDocument: 'after', projection: SEQ_PROJECTION },
    ) as Promise<SeqResult | null>;
  }

  // ── cached snapshots ────────────────────────────────────────────────────────────────────────

  snapshot(sessionId: string): Promise<SessionSnapshotDoc | null> {
    return this.snapshots.collection.findOne({ _id: oid(sessionId) }) as Promise<SessionSnapshotDoc | null>;
  }

  /** Stores a newer cached snapshot; an older one never overwrites a newer one. */
  async saveSnapshot(sessionId: string, seq: number, state: SessionSnapshot): Promise<void> {
    try {
      await this.snapshots.collection.updateOne({ _id: oid(sessionId), seq: { $lt: seq } }, { $set: { seq, state } }, { upsert: true });
    } catch (err) {
      // a concurrent writer stored the same or a newer one (the upsert hit the unique _id)
      if (!isDuplicateKey(err)) throw err;
    }
  }

  // ── presence ────────────────────────────────────────────────────────────────────────────────

  addSocket(sessionId: string, userId: string, socketId: string, expiresAt: Date): Promise<unknown> {
    return this.sockets.collection.updateOne(
      socketKey(sessionId, socketId),
      { $set: { expiresAt }, $setOnInsert: { sessionId: oid(sessionId), userId: oid(userId), socketId, joinedAt: new Date() } },
      { upsert: true },
    );
  }

  async removeSocket(sessionId: string, socketId: string): Promise<boolean> {
    const r = await this.sockets.collection.deleteOne(socketKey(sessionId, socketId));
    return r.deletedCount === 1;
  }

  /** Extends a socket's presence; false when it is gone (reaped while the laptop slept). */
  async heartbeat(sessionId: string, socketId: string, expiresAt: Date): Promise<boolean> {
    const r = await this.sockets.collection.updateOne(socketKey(sessionId, socketId), { $set: { expiresAt } });
    return r.matchedCount === 1;
  }

  liveSockets(sessionId: string, userId: string, now: Date): Promise<number> {
    return this.sockets.collection.countDocuments({ sessionId: oid(sessionId), userId: oid(userId), expiresAt: { $gt: now } });
  }

  expiredSockets(now: Date, limit: number): Promise<SessionSocketDoc[]> {
    return this.sockets.collection
      .find({ expiresAt: { $lte: now } })
      .limit(limit)
      .toArray() as unknown as Promise<SessionSocketDoc[]>;
  }

  /** The reaper's claim: only one replica deletes (and so handles) a lapsed socket. */
  async claimExpired(id: string, now: Date): Promise<boolean> {
    const r = await this.sockets.collection.deleteOne({ _id: id, expiresAt: { $lte: now } } as never);
    return r.deletedCount === 1;
  }

  async ensurePresence(sessionId: string, p: Participant): Promise<void> {
    try {
      await this.presence.collection.updateOne(
        { sessionId: oid(sessionId), userId: oid(p.userId) },
        { $set: { displayName: p.displayName, profession: p.profession, role: p.role }, $setOnInsert: { present: false, lastSeq: 0 } },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // two first joins at once: the other created it
    }
  }

  presenceOf(sessionId: string, userId: string): Promise<SessionPresenceDoc | null> {
    return this.presence.collection.findOne({ sessionId: oid(sessionId), userId: oid(userId) }) as Promise<SessionPresenceDoc | null>;
  }

  /**
   * The presence transition, ordered by seq: flips `present` only if it still has the old value
   * and no later transition was recorded. Returns the row as it was before (null: lost the race).
   */
  transition(sessionId: string, userId: string, to: boolean, seq: number, at: Date): Promise<SessionPresenceDoc | null> {
    return this.presence.collection.findOneAndUpdate(
      { sessionId: oid(sessionId), userId: oid(userId), present: !to, lastSeq: { $lt: seq } },
      to ? { $set: { present: true, lastSeq: seq, openSince: at } } : { $set: { present: false, lastSeq: seq }, $unset: { openSince: '' } },
      { returnDocument: 'before' },
    ) as Promise<SessionPresenceDoc | null>;
  }

  presentRows(sessionId: string): Promise<SessionPresenceDoc[]> {
    return this.presence.collection.find({ sessionId: oid(sessionId), present: true }).toArray() as Promise<SessionPresenceDoc[]>;
  }

  // ── attendance ──────────────────────────────────────────────────────────────────────────────

  addInterval(input: Omit<SessionAttendanceDoc, '_id' | 'sessionId' | 'userId'> & { sessionId: string; userId: string }): Promise<unknown> {
    return this.attendance.collection.insertOne({ ...input, sessionId: oid(input.sessionId), userId: oid(input.userId) });
  }

  intervals(sessionId: string): Promise<SessionAttendanceDoc[]> {
    return this.attendance.collection
      .find({ sessionId: oid(sessionId) })
      .sort({ joinedAt: 1 })
      .toArray() as Promise<SessionAttendanceDoc[]>;
  }
}
