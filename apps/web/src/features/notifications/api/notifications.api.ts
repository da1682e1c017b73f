import type { NotificationDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

export interface Inbox {
  items: NotificationDto[];
  unread: number;
}
export const fetchInbox = (signal?: AbortSignal) => api<Inbox>('/notifications', { signal });
export const markRead = (ids?: string[]) => api<{ unread: number }>('/notifications/read', { method: 'POST', body: ids ? { ids } : {} });
