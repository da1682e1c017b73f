import { Schema, type Types } from 'mongoose';
import { SESSION_PHASES, type SessionEventBody, type SessionPhase, type SessionSnapshot } from '@casebridge/contracts';

/** A scheduled session; also holds the per-session event counter (`seq`) and live counters. */
export interface LiveSessionDoc {
  _id: Types.ObjectId;
  cohortId: Types.ObjectId;
  title: string;
  startsAt: Date;
  presenterCaseId?: Types.ObjectId;
  presenterId?: Types.ObjectId;
  facilitatorId: Types.ObjectId;
  phase: SessionPhase;
  startedAt?: Date;
  endedAt?: Date;
  /** The last allocated event seq ($inc, atomic: gap-free per session with the noop filler). */
  seq: number;
  /** Messages and called-on turns by profession, incremented in the same update as `seq`. */
  counts?: Record<string, { messages?: number; turns?: number }>;
  /** People present by profession, recomputed from the presence collection on every join/leave. */
  present?: Record<string, number>;
  summary?: string;
  /** IANA time zone the session was planned in (start time, transcript times). */
  timeZone?: string;
  meetingUrl?: string;
  meetingLabel?: string;
  /** When members get "starts in 15 minutes" (absent: no reminder), and when a replica claimed it (sent once). */
  remindAt?: Date;
  remindedAt?: Date;
  /** When the transcript was handed to the case thread (claimed atomically: posted once). */
  transcriptClaimedAt?: Date;
  transcriptPostedAt?: Date;
  transcriptError?: string;
  createdAt: Date;
}

export const LiveSessionSchema = new Schema(
  {
    cohortId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    startsAt: { type: Date, required: true },
    presenterCaseId: { type: Schema.Types.ObjectId },
    presenterId: { type: Schema.Types.ObjectId },
    facilitatorId: { type: Schema.Types.ObjectId, required: true },
    phase: { type: String, enum: SESSION_PHASES, required: true },
    startedAt: { type: Date },
    endedAt: { type: Date },
    seq: { type: Number, required: true, default: 0 },
    counts: { type: Schema.Types.Mixed },
    present: { type: Schema.Types.Mixed },
    summary: { type: String },
    timeZone: { type: String },
    meetingUrl: { type: String },
    meetingLabel: { type: String },
    remindAt: { type: Date },
    remindedAt: { type: Date },
    transcriptClaimedAt: { type: Date },
    transcriptPostedAt: { type: Date },
    transcriptError: { type: String },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false, minimize: false },
);
// GET /sessions: sessions of the caller's cohorts in start order
LiveSessionSchema.index({ cohortId: 1, startsAt: 1 });
// GET /sessions for admins, upcoming first
LiveSessionSchema.index({ startsAt: 1 });
// the reminder sweep: unsent reminders by due date
LiveSessionSchema.index({ remindedAt: 1, remindAt: 1 });

/**
 * One row per event of a session's ordered log. `dedupe` is unique per session: `m:<author>:<clientId>`
 * for chat messages (idempotent retries), `#<seq>` for everything else.
 */
export interface SessionEventDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  seq: number;
  type: SessionEventBody['type'];
  at: Date;
  dedupe: string;
  /** The event body without seq/sessionId/at (a mapped DTO shape, never a stored document). */
  body: Record<string, unknown>;
}

export const SessionEventSchema = new Schema(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    dedupe: { type: String, required: true },
    body: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
// join with afterSeq, snapshot folding and the transcript: events of a session in seq order; one event per seq
SessionEventSchema.index({ sessionId: 1, seq: 1 }, { unique: true });
// message idempotency: the same author's clientId returns the stored message
SessionEventSchema.index({ sessionId: 1, dedupe: 1 }, { unique: true });

/** A cached fold of the log up to `seq` (kept apart from the session so the hot $inc stays small). */
export interface SessionSnapshotDoc {
  _id: Types.ObjectId;
  seq: number;
  state: SessionSnapshot;
}
export const SessionSnapshotSchema = new Schema(
  { seq: { type: Number, required: true }, state: { type: Schema.Types.Mixed, required: true } },
  { versionKey: false, minimize: false },
);

/** One row per joined socket (a person with three tabs has three); `expiresAt` moves with each heartbeat. */
export interface SessionSocketDoc {
  _id: string;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  socketId: string;
  expiresAt: Date;
  joinedAt: Date;
}
export const SessionSocketSchema = new Schema(
  {
    _id: { type: String },
    sessionId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    socketId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    joinedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// "does this person still have a live socket here?"
SessionSocketSchema.index({ sessionId: 1, userId: 1 });
// the reaper: sockets whose heartbeat lapsed
SessionSocketSchema.index({ expiresAt: 1 });

/**
 * Per person and session: whether the log says they are present, the seq of the last presence
 * transition (transitions are ordered by it, so two replicas cannot publish them out of order),
 * and since when the open attendance interval runs.
 */
export interface SessionPresenceDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  displayName: string;
  profession: string;
  role: string;
  present: boolean;
  lastSeq: number;
  openSince?: Date;
}
export const SessionPresenceSchema = new Schema(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    displayName: { type: String, required: true },
    profession: { type: String, required: true },
    role: { type: String, required: true },
    present: { type: Boolean, required: true, default: false },
    lastSeq: { type: Number, required: true, default: 0 },
    openSince: { type: Date },
  },
  { versionKey: false },
);
// one presence row per person and session; the participant list (present: true)
SessionPresenceSchema.index({ sessionId: 1, userId: 1 }, { unique: true });
SessionPresenceSchema.index({ sessionId: 1, present: 1 });

/** Closed attendance intervals (an open one lives on the presence row as `openSince`). */
export interface SessionAttendanceDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  displayName: string;
  profession: string;
  role: string;
  joinedAt: Date;
  leftAt: Date;
}
export const SessionAttendanceSchema = new Schema(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    displayName: { type: String, required: true },
    profession: { type: String, required: true },
    role: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    leftAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// the attendance CSV: intervals of a session
SessionAttendanceSchema.index({ sessionId: 1, joinedAt: 1 });

/** One post-session evaluation per person and session (a resubmission replaces it). */
export interface SessionEvaluationDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  profession: string;
  helpful: number;
  change?: string;
  at: Date;
}
export const SessionEvaluationSchema = new Schema(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    profession: { type: String, required: true },
    helpful: { type: Number, required: true },
    change: { type: String },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// one per person and session (upsert); the facilitator's aggregate reads a session's rows
SessionEvaluationSchema.index({ sessionId: 1, userId: 1 }, { unique: true });

export const LIVE_SESSION = 'LiveSession';
export const SESSION_EVENT = 'LiveSessionEvent';
export const SESSION_SNAPSHOT = 'LiveSessionSnapshot';
export const SESSION_SOCKET = 'LiveSessionSocket';
export const SESSION_PRESENCE = 'LiveSessionPresence';
export const SESSION_ATTENDANCE = 'LiveSessionAttendance';
export const SESSION_EVALUATION = 'LiveSessionEvaluation';
