import { Type, type Static } from '@sinclair/typebox';
import { ObjectIdString, type AuthorDto, type Profession, type Role } from './identity';

export const SESSION_PHASES = ['lobby', 'presentation', 'clarifying', 'recommendations', 'summary', 'ended'] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

export const CreateSessionRequest = Type.Object(
  {
    cohortId: ObjectIdString,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    startsAt: Type.String({ format: 'date-time' }),
    presenterCaseId: Type.Optional(ObjectIdString),
    presenterId: Type.Optional(ObjectIdString),
    /** IANA time zone the session is planned in (start time and the transcript's times are shown in it). */
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*$' })),
    /** The video meeting (Zoom, Teams...): an https address without credentials. */
    meetingUrl: Type.Optional(Type.String({ minLength: 12, maxLength: 500, pattern: '^https://[^\\s@]+$' })),
    /** A short label for the meeting link ("Zoom — passcode in the invitation"); passes the PHI gate. */
    meetingLabel: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
  },
  { additionalProperties: false },
);
export type CreateSessionRequest = Static<typeof CreateSessionRequest>;

export interface SessionDto {
  id: string;
  cohortId: string;
  title: string;
  startsAt: string;
  presenterCaseId?: string;
  /** Absent for peers when the presenter is the anonymous author of the presented case. */
  presenterId?: string;
  /** True when the presenter is withheld from this viewer (see presenterId). */
  presenterAnonymous?: boolean;
  facilitatorId: string;
  phase: SessionPhase;
  startedAt?: string;
  endedAt?: string;
  /** IANA time zone the session was planned in (absent for sessions scheduled before it existed). */
  timeZone?: string;
  meetingUrl?: string;
  meetingLabel?: string;
  /** The presenter's display name, only where presenterId is shown (never for an anonymous presenter). */
  presenterName?: string;
}

export interface Participant {
  userId: string;
  displayName: string;
  profession: Profession;
  role: Role;
}

export interface SessionMessage {
  id: string;
  clientId: string;
  author: AuthorDto;
  body: string;
  at: string;
  seq: number;
}

export interface ParticipationCounts {
  /** Per profession: chat messages and turns called on. */
  byProfession: Partial<Record<Profession, { messages: number; turns: number; present: number }>>;
  /** Professions present that have not yet spoken (a nudge for the facilitator). */
  silentProfessions: Profession[];
}

/** The state of a live session; events applied in seq order to an older snapshot give a newer one. */
export interface SessionSnapshot {
  sessionId: string;
  phase: SessionPhase;
  participants: Participant[];
  hands: { userId: string; raisedAt: string }[];
  calledOn?: string;
  messages: SessionMessage[];
  summary?: string;
  /**
   * Who presents, and which case (set when the session starts, by a `presenter` event). `userId`
   * is absent when the presenter is the anonymous author of the case (the log is shared by every
   * audience, so it never links them).
   */
  presenter?: { userId?: string; caseId?: string };
  participation: ParticipationCounts;
}

export type SessionEventBody =
  | { type: 'joined'; participant: Participant }
  | { type: 'left'; userId: string }
  | { type: 'message'; message: SessionMessage }
  | { type: 'hand'; userId: string; raised: boolean; at: string }
  | { type: 'called'; userId: string }
  | { type: 'phase'; phase: SessionPhase }
  | { type: 'presenter'; presenterId?: string; caseId?: string }
  | { type: 'summary'; summary: string }
  /** Fills a sequence number whose write was abandoned (a lost race or a clientId retry) so the log stays gap-free; changes nothing. */
  | { type: 'noop' };

export type SessionEvent = SessionEventBody & { seq: number; sessionId: string; at: string };

export const SessionJoinPayload = Type.Object(
  { sessionId: ObjectIdString, afterSeq: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export const SessionIdPayload = Type.Object({ sessionId: ObjectIdString }, { additionalProperties: false });
export const SessionMessagePayload = Type.Object(
  {
    sessionId: ObjectIdString,
    body: Type.String({ minLength: 1, maxLength: 4000 }),
    clientId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
);
export const SessionHandPayload = Type.Object({ sessionId: ObjectIdString, raised: Type.Boolean() }, { additionalProperties: false });
export const SessionPhasePayload = Type.Object(
  { sessionId: ObjectIdString, phase: Type.Union(SESSION_PHASES.map((p) => Type.Literal(p))) },
  { additionalProperties: false },
);
export const SessionCallPayload = Type.Object({ sessionId: ObjectIdString, userId: ObjectIdString }, { additionalProperties: false });
export const SessionSummaryPayload = Type.Object(
  { sessionId: ObjectIdString, summary: Type.String({ minLength: 1, maxLength: 8000 }) },
  { additionalProperties: false },
);
export type SessionJoinPayload = Static<typeof SessionJoinPayload>;

/** After a session: did the recommendations help (1 not at all … 5 a great deal), what will you change. */
export const SessionEvaluationRequest = Type.Object(
  {
    helpful: Type.Integer({ minimum: 1, maximum: 5 }),
    change: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type SessionEvaluationRequest = Static<typeof SessionEvaluationRequest>;

export const HELPFUL_LABELS: Record<1 | 2 | 3 | 4 | 5, string> = {
  1: 'Not at all',
  2: 'A little',
  3: 'Somewhat',
  4: 'Quite a bit',
  5: 'A great deal',
};

/** What the facilitator sees: the aggregate, and the "what will you change" answers by profession only (never by name). */
export interface SessionEvaluationSummary {
  count: number;
  /** People with attendance recorded (the response rate's denominator). */
  attendees: number;
  helpful: { mean: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  changes: { profession: Profession; text: string }[];
}

// ── case submissions for a session ──────────────────────────────────────────────────────────────

/** A submitted case waits in review; approved it is scheduled on the session's agenda; returned, its author may revise and resubmit. */
export const SUBMISSION_STATUSES = ['in_review', 'scheduled', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const SubmitCaseRequest = Type.Object({ caseId: ObjectIdString }, { additionalProperties: false });
export type SubmitCaseRequest = Static<typeof SubmitCaseRequest>;

/** The facilitator's decision; a return needs a note to the author (it passes the PHI gate). */
export const ReviewSubmissionRequest = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('return')]),
    note: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);
export type ReviewSubmissionRequest = Static<typeof ReviewSubmissionRequest>;

/**
 * Who presents a case on the agenda, as this viewer may see it: `presenterId`/`presenterName` are
 * absent (and `presenterAnonymous` true) for peers when the author is anonymous to them.
 */
export interface SessionPresenterView {
  presenterId?: string;
  presenterName?: string;
  presenterAnonymous?: boolean;
  presenterProfession?: Profession;
}

/** An approved case on a session's agenda. */
export interface SessionAgendaItem extends SessionPresenterView {
  submissionId: string;
  caseId: string;
  caseTitle: string;
}

export interface SessionSubmissionDto extends SessionPresenterView {
  id: string;
  sessionId: string;
  sessionTitle: string;
  sessionStartsAt: string;
  caseId: string;
  caseTitle: string;
  status: SubmissionStatus;
  /** The facilitator's note when the case was returned. */
  note?: string;
  submittedAt: string;
  reviewedAt?: string;
}

/** GET /session-submissions: the caller's own submissions, and those they may review (facilitators, cohort faculty, admins). */
export interface SessionSubmissionsView {
  mine: SessionSubmissionDto[];
  toReview: SessionSubmissionDto[];
}

/** A session with its agenda (the approved cases): what GET /sessions and GET /sessions/:id answer. */
export type SessionWithAgenda = SessionDto & { agenda?: SessionAgendaItem[] };

// ── attendance adjustments ──────────────────────────────────────────────────────────────────────

/** The facilitator corrects a person's attendance after the session; the reason is required, gated and kept in the export. */
export const AdjustAttendanceRequest = Type.Object(
  {
    present: Type.Boolean(),
    /** Minutes present; absent with present:true keeps the recorded minutes (or the whole session when none were recorded). */
    minutes: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })),
    reason: Type.String({ minLength: 3, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type AdjustAttendanceRequest = Static<typeof AdjustAttendanceRequest>;

/** One person's attendance for the facilitator's screen: recorded, and as adjusted. */
export interface AttendanceEntryDto {
  userId: string;
  displayName: string;
  profession: Profession;
  role: Role;
  /** Minutes credited (after any adjustment). */
  minutes: number;
  /** Minutes the room recorded. */
  recordedMinutes: number;
  firstJoinedAt?: string;
  lastLeftAt?: string;
  adjustment?: { present: boolean; minutes: number; reason: string; byName: string; at: string };
}
