import type {
  AnswerEscalationRequest,
  CaseDto,
  EscalationDto,
  FacultyColleagueDto,
  PostDto,
  TransferEscalationRequest,
  UserDto,
} from '@casebridge/contracts';
import { api } from '../../../lib/api';

export const fetchQueue = (signal?: AbortSignal) => api<EscalationDto[]>('/escalations', { query: { scope: 'mine' }, signal });
export const claim = (id: string) => api<EscalationDto>(`/escalations/${id}/claim`, { method: 'POST' });
export const answer = (id: string, body: AnswerEscalationRequest) =>
  api<EscalationDto>(`/escalations/${id}/answer`, { method: 'POST', body });
export const resolve = (id: string) => api<EscalationDto>(`/escalations/${id}/resolve`, { method: 'POST' });
export const setOnDuty = (onDuty: boolean) => api<UserDto>('/me', { method: 'PATCH', body: { onDuty } });
export const decline = (id: string, reason: string) =>
  api<EscalationDto>(`/escalations/${id}/decline`, { method: 'POST', body: { reason } });
export const transfer = (id: string, body: TransferEscalationRequest) =>
  api<EscalationDto>(`/escalations/${id}/transfer`, { method: 'POST', body });
export const requestInfo = (id: string, question: string) =>
  api<EscalationDto>(`/escalations/${id}/request-info`, { method: 'POST', body: { question } });
export const provideInfo = (id: string, answerText: string) =>
  api<EscalationDto>(`/escalations/${id}/info`, { method: 'POST', body: { answer: answerText } });
export const fetchColleagues = (signal?: AbortSignal) => api<FacultyColleagueDto[]>('/escalations/colleagues', { signal });
export const fetchCaseEscalations = (caseId: string, signal?: AbortSignal) =>
  api<EscalationDto[]>(`/cases/${caseId}/escalations`, { signal });
/** The case and its thread, for the summary beside the answer form (faculty the escalation reached may read it). */
export const fetchCase = (caseId: string, signal?: AbortSignal) => api<CaseDto>(`/cases/${caseId}`, { signal });
export const fetchPosts = (caseId: string, signal?: AbortSignal) => api<PostDto[]>(`/cases/${caseId}/posts`, { signal });
