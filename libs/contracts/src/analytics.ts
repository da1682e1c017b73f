import { Type, type Static } from '@sinclair/typebox';
import { ObjectIdString } from './identity';

/** GET /api/analytics/summary: quality-improvement figures (faculty and admins). */
export interface PercentileSummaryDto {
  /** How many samples the percentiles are computed from. */
  count: number;
  /** Hours, 2 decimals; null when there are no samples. Linear interpolation (type 7). */
  p50: number | null;
  p90: number | null;
}

export interface AnalyticsSummaryDto {
  generatedAt: string;
  /** Hours from an escalation's creation to its answer. */
  escalationResponseHours: {
    overall: PercentileSummaryDto;
    /** Keyed by NCP domain ("1".."8"); an escalation tagged with several domains counts in each. */
    byDomain: Record<string, PercentileSummaryDto>;
    /** Keyed by the answering faculty member's profession. */
    byProfession: Record<string, PercentileSummaryDto>;
  };
  /** Keyed by NCP domain. */
  casesByDomain: Record<string, number>;
  /** Keyed by the author's profession. */
  postsByProfession: Record<string, number>;
  /** Keyed by profession: live-session chat messages and turns called on, over all sessions. */
  sessionParticipationByProfession: Record<string, { messages: number; turns: number }>;
  /** Caveats about the figures (e.g. a source that is not available yet). */
  notes: string[];
}

// ── GET /api/analytics/quality: the programme's measures, filtered ─────────────────────────────────

const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A UTC calendar day, YYYY-MM-DD (inclusive)' });

/** Filters of the quality report: a cohort and a range of days (both ends inclusive, UTC). */
export const QualityQuery = Type.Object(
  {
    cohortId: Type.Optional(ObjectIdString),
    from: Type.Optional(IsoDay),
    to: Type.Optional(IsoDay),
  },
  { additionalProperties: false },
);
export type QualityQuery = Static<typeof QualityQuery>;

/** The tables of the report, each downloadable as CSV (GET /api/analytics/quality.csv?table=…). */
export const QUALITY_TABLES = [
  'onTimeByUrgency',
  'onTimeByDomain',
  'onTimeByProfession',
  'routing',
  'firstPeerReply',
  'sessionsByProfession',
] as const;
export type QualityTable = (typeof QUALITY_TABLES)[number];
export const QualityCsvQuery = Type.Object(
  {
    table: Type.Union(QUALITY_TABLES.map((t) => Type.Literal(t))),
    cohortId: Type.Optional(ObjectIdString),
    from: Type.Optional(IsoDay),
    to: Type.Optional(IsoDay),
  },
  { additionalProperties: false },
);
export type QualityCsvQuery = Static<typeof QualityCsvQuery>;

/**
 * Answers against the response target for one group. An escalation counts once it is decided:
 * answered (on time when answeredAt ≤ dueAt, else late) or still unanswered past its target (late).
 * Escalations still within their target, or withdrawn unanswered, are `pending`/left out.
 */
export interface OnTimeRowDto {
  /** urgency ("urgent" | "routine"), NCP domain ("1".."8") or profession, by table. */
  key: string;
  onTime: number;
  late: number;
  /** Open and not yet due: not counted in the rate. */
  pending: number;
  /** onTime / (onTime + late), 0..1 with 3 decimals; null when nothing is decided yet. */
  rate: number | null;
}

/** Routing events over the escalations in range (timeline entries, counted by type). */
export interface RoutingRowDto {
  /** "overdue" (admins alerted), "rerouted", "declined", "transferred", "offered" (to the pool). */
  event: string;
  /** How many times it happened. */
  events: number;
  /** How many escalations it happened to at least once. */
  escalations: number;
}

/** Time from a case's creation to the first post by someone other than its author, per month. */
export interface FirstReplyRowDto {
  /** "YYYY-MM" (UTC) of the case's creation, or "all" for the whole range. */
  month: string;
  cases: number;
  /** Cases with at least one reply by a peer. */
  replied: number;
  /** Hours, 2 decimals; null without replies. */
  medianHours: number | null;
  p90Hours: number | null;
}

/** Live sessions held in a month, by the attendee's profession. */
export interface SessionProfessionRowDto {
  /** "YYYY-MM" (UTC) of the session's start. */
  month: string;
  profession: string;
  /** Sessions of that month with at least one attendee of this profession. */
  sessions: number;
  /** Distinct people of this profession who joined, summed over the month's sessions. */
  attendances: number;
  /** Chat messages and turns called on (live participation). */
  messages: number;
  turns: number;
}

export interface QualityReportDto {
  generatedAt: string;
  /** The filters applied, as understood (null: not filtered). */
  filters: { cohortId: string | null; from: string | null; to: string | null };
  /** The response targets the rates are measured against, in hours. */
  targetHours: { urgent: number; routine: number };
  onTime: {
    overall: OnTimeRowDto;
    byUrgency: OnTimeRowDto[];
    /** An escalation tagged with several domains counts in each. */
    byDomain: OnTimeRowDto[];
    /** The answering faculty member's profession; an unanswered late one counts for each profession it was routed to. */
    byProfession: OnTimeRowDto[];
  };
  routing: RoutingRowDto[];
  /** Rows by month, then one row "all". */
  firstPeerReply: FirstReplyRowDto[];
  sessionsByProfession: SessionProfessionRowDto[];
  notes: string[];
}
