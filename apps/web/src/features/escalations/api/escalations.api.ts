import type { AnswerEscalationRequest, EscalationDto, UserDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

export const fetchQueue = (signal?: AbortSignal) => api<EscalationDto[]>('/escalations', { query: { scope: 'mine' }, signal });
export const claim = (id: string) => api<EscalationDto>(`/escalations/${id}/claim`, { method: 'POST' });
export const answer = (id: string, body: AnswerEscalationRequest) => api<EscalationDto>(`/escalations/${id}/answer`, { method: 'POST', body });
export const resolve = (id: string) => api<EscalationDto>(`/escalations/${id}/resolve`, { method: 'POST' });
export const setOnDuty = (onDuty: boolean) => api<UserDto>('/me', { method: 'PATCH', body: { onDuty } });
