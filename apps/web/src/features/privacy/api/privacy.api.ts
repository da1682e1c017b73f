import type { AuthorDto, PhiFinding } from '@casebridge/contracts';
import { api } from '../../../lib/api';

/**
 * A privacy review item. Not in libs/contracts yet (endpoints.md only names the route),
 * so this is the client's reading of it; every field but id and kind is optional.
 */
export interface ReviewItem {
  id: string;
  kind: 'override' | 'report';
  target?: 'case' | 'post';
  createdAt?: string;
  caseId?: string;
  postId?: string;
  /** The held or reported text, shown to moderators only. */
  body?: string;
  findings?: PhiFinding[];
  confirmations?: { field: string; start: number; end: number; reason: string }[];
  author?: AuthorDto;
  reportedBy?: AuthorDto;
}

export const fetchReviews = (signal?: AbortSignal) =>
  api<ReviewItem[] | { items: ReviewItem[] }>('/privacy/reviews', { signal }).then((r) => (Array.isArray(r) ? r : (r.items ?? [])));
export const approve = (id: string) => api<unknown>(`/privacy/reviews/${id}/approve`, { method: 'POST' });
export const reject = (id: string) => api<unknown>(`/privacy/reviews/${id}/reject`, { method: 'POST' });
export const redact = (postId: string, body: string) => api<unknown>(`/privacy/reports/${postId}/redact`, { method: 'POST', body: { body } });
export const purge = (postId: string) => api<unknown>(`/privacy/reports/${postId}/delete`, { method: 'POST' });
