/** PHI finding types (docs/domain.md "Privacy": HIPAA Safe Harbor categories that occur in text). */
export const PHI_TYPES = [
  'NAME',
  'LOCATION',
  'DATE',
  'AGE',
  'PHONE',
  'FAX',
  'EMAIL',
  'SSN',
  'MRN',
  'HEALTH_PLAN',
  'ACCOUNT',
  'LICENSE',
  'VEHICLE',
  'DEVICE',
  'URL',
  'IP',
  'OTHER_ID',
] as const;
export type PhiType = (typeof PHI_TYPES)[number];

/** One detector hit inside a single text. Offsets are UTF-16 code units, end exclusive. */
export interface PhiSpan {
  start: number;
  end: number;
  type: PhiType;
  /** A safe rewrite, e.g. "90+", "hospital day 3", "the patient's daughter". Never contains the original text. */
  suggestion?: string;
}

/** A finding as the gate reports it: which field, where, what. Never the text itself. */
export interface PhiFinding extends PhiSpan {
  field: string;
}

/** `restored`: a report found no identifier and the post was shown again. */
/**
 * Stored texts other than posts that can be reported and purged: a case's fields
 * (id = case id, field e.g. `narrative.social`, `medications.2`), a follow-up (id = `<caseId>:<index>`),
 * an escalation's question and answer (`question`, `answer.rationale`...), a live-session chat
 * message (id = message id, field `body`: its event log row and cached snapshot too), a display
 * name (id = user id, field `displayName`) and a cohort name (id = cohort id, field `name`).
 */
export const TEXT_TARGETS = ['case', 'followUp', 'escalation', 'sessionMessage', 'user', 'cohort'] as const;
export type TextTarget = (typeof TEXT_TARGETS)[number];

/** "Report identifier" on any stored text: what, which field, and an optional (gated) reason. */
export interface ReportTextRequest {
  target: TextTarget;
  id: string;
  field: string;
  reason?: string;
}

/** A moderator's purge of a reported text: the replacement (gated), or a neutral placeholder. */
export interface PurgeTextRequest {
  text?: string;
}

export const REVIEW_STATUSES = ['pending', 'approved', 'rejected', 'redacted', 'deleted', 'restored'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/**
 * An item in the privacy review queue (moderators and admins only): a case or post held after its
 * author confirmed findings as false positives (`override`), or a published post reported as PHI
 * (`report`). Findings carry types and offsets, never text; `payload` (the held item) is present
 * only while an override is pending, `post` (the reported post as moderators see it) for reports.
 */
export interface PrivacyReviewDto {
  id: string;
  kind: 'override' | 'report';
  /** `post` and `case` for overrides and post reports; any TextTarget for reports of other texts. */
  target: 'post' | TextTarget;
  status: ReviewStatus;
  authorId: string;
  reporterId?: string;
  cohortId: string;
  caseId?: string;
  postId?: string;
  findings: { field: string; start: number; end: number; type: PhiType }[];
  confirmations?: { field: string; start: number; end: number; reason: string }[];
  payload?: unknown;
  post?: unknown;
  /** The text under review, for posts (held body, or the reported post's body): findings' offsets point into it. */
  body?: string;
  author?: { id: string | null; displayName: string; profession: string; role: string };
  reportedBy?: { id: string | null; displayName: string; profession: string; role: string };
  createdAt: string;
  decidedAt?: string;
  decidedBy?: string;
  /** The published case or post once an override is approved. */
  resultId?: string;
  /** Reports: the reporter's reason (it passed the gate) and the part of the post they selected. */
  reason?: string;
  selection?: { start: number; end: number };
  /** Reports: how many people reported the post while the report was open. */
  reportCount?: number;
  /** Reports of other stored texts: the item and the field reported (`body` holds its text for moderators). */
  itemId?: string;
  field?: string;
}

/**
 * "Report identifier" on a post: an optional reason (gated like any stored text) and the offsets
 * of the offending text in the post body, so moderators see what the reporter meant.
 */
export interface ReportPostRequest {
  reason?: string;
  start?: number;
  end?: number;
}

/**
 * What a purge did to storage: `compacted` when the database rewrote its files without the old
 * text; `retrying` when compaction failed (the text is gone from every query, but may still be on
 * disk): the server retries until it succeeds and tells the moderator.
 */
export type PurgeStorage = 'compacted' | 'retrying';

/** Moderator actions that remove text answer with the item and what happened on disk. */
export interface PurgeOutcome {
  storage: PurgeStorage;
}

/** The moderator's badge: open items in the cohorts they moderate. */
export interface ReviewCountDto {
  pending: number;
}
