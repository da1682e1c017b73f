import type { PrivacyReviewDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

/** A review-queue item (libs/contracts PrivacyReviewDto): held overrides and reported posts. */
export type ReviewItem = PrivacyReviewDto;

export const fetchReviews = (signal?: AbortSignal) =>
  api<ReviewItem[] | { items: ReviewItem[] }>('/privacy/reviews', { signal }).then((r) => (Array.isArray(r) ? r : (r.items ?? [])));
export const approve = (id: string) => api<unknown>(`/privacy/reviews/${id}/approve`, { method: 'POST' });
export const reject = (id: string) => api<unknown>(`/privacy/reviews/${id}/reject`, { method: 'POST' });
export const redact = (postId: string, body: string) => api<unknown>(`/privacy/reports/${postId}/redact`, { method: 'POST', body: { body } });
export const purge = (postId: string) => api<unknown>(`/privacy/reports/${postId}/delete`, { method: 'POST' });
