/**
 * Error codes are the contract; messages are for humans. The client switches on `code`.
 * Format: DOMAIN.REASON (docs/contract.md "Errors").
 */
export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION.FAILED',
  PAYLOAD_TOO_LARGE: 'VALIDATION.PAYLOAD_TOO_LARGE',
  AUTH_UNAUTHORIZED: 'AUTH.UNAUTHORIZED',
  AUTH_INVALID_CREDENTIALS: 'AUTH.INVALID_CREDENTIALS',
  AUTH_EXPIRED: 'AUTH.EXPIRED',
  AUTH_REFRESH_REUSED: 'AUTH.REFRESH_REUSED',
  AUTH_LOCKED: 'AUTH.LOCKED',
  AUTH_FORBIDDEN: 'AUTH.FORBIDDEN',
  INVITE_INVALID: 'INVITE.INVALID',
  USER_EMAIL_TAKEN: 'USER.EMAIL_TAKEN',
  NOT_FOUND: 'COMMON.NOT_FOUND',
  ROUTE_NOT_FOUND: 'COMMON.ROUTE_NOT_FOUND',
  CONFLICT: 'COMMON.CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  DB_UNAVAILABLE: 'DB.UNAVAILABLE',
  INTERNAL: 'INTERNAL.ERROR',
  PRIVACY_PHI_DETECTED: 'PRIVACY.PHI_DETECTED',
  COHORT_NOT_FOUND: 'COHORT.NOT_FOUND',
  CASE_NOT_FOUND: 'CASE.NOT_FOUND',
  CASE_CLOSED: 'CASE.CLOSED',
  CASE_NOT_CLOSED: 'CASE.NOT_CLOSED',
  POST_NOT_FOUND: 'POST.NOT_FOUND',
  POST_PARENT_INVALID: 'POST.PARENT_INVALID',
  POST_STATE: 'POST.INVALID_STATE',
  PRIVACY_REVIEW_NOT_FOUND: 'PRIVACY.REVIEW_NOT_FOUND',
  PRIVACY_OVERRIDE_INVALID: 'PRIVACY.OVERRIDE_INVALID',
  PRIVACY_REVIEW_STATE: 'PRIVACY.REVIEW_STATE',
  /** A moderator may not approve their own held item: another moderator must. */
  PRIVACY_OWN_REVIEW: 'PRIVACY.OWN_REVIEW',
  /** Redact, delete and restore act on an open report only. */
  PRIVACY_NO_OPEN_REPORT: 'PRIVACY.NO_OPEN_REPORT',
  ESCALATION_NOT_FOUND: 'ESCALATION.NOT_FOUND',
  ESCALATION_STATE: 'ESCALATION.INVALID_STATE',
  SESSION_NOT_FOUND: 'SESSION.NOT_FOUND',
  SESSION_STATE: 'SESSION.INVALID_STATE',
  SESSION_NOT_JOINED: 'SESSION.NOT_JOINED',
  SESSION_SUBMISSION_NOT_FOUND: 'SESSION.SUBMISSION_NOT_FOUND',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ErrorPayload {
  code: string;
  message: string;
  details?: unknown;
}

/** Every HTTP error body. */
export interface ErrorBody {
  error: ErrorPayload;
}

/** Every socket ack. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: ErrorPayload };

export function ackOk<T>(data: T): AckResult<T> {
  return { ok: true, data };
}
