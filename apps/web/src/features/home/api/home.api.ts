import type { CaseDto, EscalationDto, NotificationDto, Page, SessionDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

export const fetchCases = (query: { followed?: boolean; limit: number }, signal?: AbortSignal) =>
  api<Page<CaseDto>>('/cases', { query, signal });
export const fetchMyEscalations = (signal?: AbortSignal) => api<EscalationDto[]>('/escalations', { query: { scope: 'mine' }, signal });
export const fetchUpcomingSessions = (signal?: AbortSignal) => api<SessionDto[]>('/sessions', { query: { upcoming: true }, signal });
export const fetchNotifications = (signal?: AbortSignal) => api<{ items: NotificationDto[]; unread: number }>('/notifications', { signal });
