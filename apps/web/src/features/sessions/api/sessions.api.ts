import type { CaseDto, CohortDto, CreateSessionRequest, Page, SessionDto, SessionSnapshot } from '@casebridge/contracts';
import { api, apiText } from '../../../lib/api';

export interface SessionDetail {
  session: SessionDto;
  snapshot: SessionSnapshot;
  seq: number;
}
export const listSessions = (upcoming: boolean, signal?: AbortSignal) => api<SessionDto[]>('/sessions', { query: { upcoming: upcoming || undefined }, signal });
export const getSession = (id: string, signal?: AbortSignal) => api<SessionDetail>(`/sessions/${id}`, { signal });
export const createSession = (body: CreateSessionRequest) => api<SessionDto>('/sessions', { method: 'POST', body });
export const startSession = (id: string) => api<SessionDto>(`/sessions/${id}/start`, { method: 'POST' });
export const endSession = (id: string) => api<SessionDto>(`/sessions/${id}/end`, { method: 'POST' });
export const attendanceCsv = (id: string) => apiText(`/sessions/${id}/attendance.csv`);
export const listCohorts = (signal?: AbortSignal) => api<CohortDto[]>('/cohorts', { signal });
/** Open cases of a cohort to choose the presented one from (newest activity first). */
export const listCohortCases = (cohortId: string, signal?: AbortSignal) => api<Page<CaseDto>>('/cases', { query: { cohortId, limit: 100 }, signal });
/** The presented case, for the room's summary panel. */
export const getPresentedCase = (id: string, signal?: AbortSignal) => api<CaseDto>(`/cases/${id}`, { signal });
