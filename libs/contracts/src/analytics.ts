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
