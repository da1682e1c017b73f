import type {
  AdjustAttendanceRequest,
  AttendanceEntryDto,
  ReviewSubmissionRequest,
  SessionSubmissionDto,
  SessionSubmissionsView,
  SessionWithAgenda,
  CaseDto,
  CreateSessionRequest,
  Page,
  SessionDto,
  SessionEvaluationRequest,
  SessionEvaluationSummary,
  SessionSnapshot,
} from '@casebridge/contracts';
import { api, apiBlob, apiText } from '../../../lib/api';

export interface SessionDetail {
  session: SessionWithAgenda;
  snapshot: SessionSnapshot;
  seq: number;
}
export const listSessions = (upcoming: boolean, signal?: AbortSignal) =>
  api<SessionWithAgenda[]>('/sessions', { query: { upcoming: upcoming || undefined }, signal });
export const getSession = (id: string, signal?: AbortSignal) => api<SessionDetail>(`/sessions/${id}`, { signal });
export const createSession = (body: CreateSessionRequest) => api<SessionDto>('/sessions', { method: 'POST', body });
export const startSession = (id: string) => api<SessionDto>(`/sessions/${id}/start`, { method: 'POST' });
export const endSession = (id: string) => api<SessionDto>(`/sessions/${id}/end`, { method: 'POST' });
export const attendanceCsv = (id: string) => apiText(`/sessions/${id}/attendance.csv`);
/** Open cases of a cohort to choose the presented one from (newest activity first). */
export const listCohortCases = (cohortId: string, signal?: AbortSignal) =>
  api<Page<CaseDto>>('/cases', { query: { cohortId, limit: 100 }, signal });
/** The presented case, for the room's summary panel. */
export const getPresentedCase = (id: string, signal?: AbortSignal) => api<CaseDto>(`/cases/${id}`, { signal });
/** The caller's certificate of attendance (PDF) for one ended session, or for every session attended in [from, to]. */
export const sessionCertificate = (id: string) => apiBlob(`/sessions/${id}/certificate.pdf`);
export const periodCertificate = (from: string, to: string) => apiBlob('/sessions/certificate.pdf', { from, to });

/** Saves a blob under a file name (an object URL clicked once, then revoked). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
export const evaluateSession = (id: string, body: SessionEvaluationRequest) =>
  api<{ saved: true }>(`/sessions/${id}/evaluation`, { method: 'POST', body });
export const sessionEvaluations = (id: string, signal?: AbortSignal) =>
  api<SessionEvaluationSummary>(`/sessions/${id}/evaluations`, { signal });

// ── case submissions and attendance adjustments ───────────────────────────────────────────────

export const listSubmissions = (signal?: AbortSignal) => api<SessionSubmissionsView>('/session-submissions', { signal });
export const submitCase = (sessionId: string, caseId: string) =>
  api<SessionSubmissionDto>(`/sessions/${sessionId}/submissions`, { method: 'POST', body: { caseId } });
export const reviewSubmission = (id: string, body: ReviewSubmissionRequest) =>
  api<SessionSubmissionDto>(`/session-submissions/${id}/review`, { method: 'POST', body });
/** Cases of a cohort, newest activity first (the screen keeps the caller's own: authors always see themselves). */
export const listMyCohortCases = (cohortId: string, signal?: AbortSignal) =>
  api<Page<CaseDto>>('/cases', { query: { cohortId, limit: 100 }, signal });
export const attendanceRoster = (sessionId: string, signal?: AbortSignal) =>
  api<AttendanceEntryDto[]>(`/sessions/${sessionId}/attendance`, { signal });
export const adjustAttendance = (sessionId: string, userId: string, body: AdjustAttendanceRequest) =>
  api<AttendanceEntryDto>(`/sessions/${sessionId}/attendance/${userId}`, { method: 'PUT', body });
