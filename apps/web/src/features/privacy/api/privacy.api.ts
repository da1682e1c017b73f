import type { PostDto, PrivacyReviewDto, PurgeOutcome, ReportPostRequest, ReviewCountDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

/** A review-queue item (libs/contracts PrivacyReviewDto): held overrides and reported posts. */
export type ReviewItem = PrivacyReviewDto;

/** One finding the author confirms as not an identifier, with their reason (offsets only, never text). */
export interface Confirmation {
  field: string;
  start: number;
  end: number;
  reason: string;
}

export const fetchReviews = (signal?: AbortSignal) =>
  api<ReviewItem[] | { items: ReviewItem[] }>('/privacy/reviews', { signal }).then((r) => (Array.isArray(r) ? r : (r.items ?? [])));
export const fetchReviewCount = (signal?: AbortSignal) => api<ReviewCountDto>('/privacy/reviews/count', { signal });
export const approve = (id: string) => api<ReviewItem>(`/privacy/reviews/${id}/approve`, { method: 'POST' });
export const reject = (id: string) => api<ReviewItem & PurgeOutcome>(`/privacy/reviews/${id}/reject`, { method: 'POST' });
export const redact = (postId: string, body: string) =>
  api<PostDto & PurgeOutcome>(`/privacy/reports/${postId}/redact`, { method: 'POST', body: { body } });
export const purge = (postId: string) => api<PostDto & PurgeOutcome>(`/privacy/reports/${postId}/delete`, { method: 'POST' });
/** A false report: the post is shown again. */
export const restore = (postId: string) => api<PostDto>(`/privacy/reports/${postId}/restore`, { method: 'POST' });

/** The moderated override path: the item waits for a moderator (202). */
export const submitOverride = (target: 'post' | 'case', payload: unknown, confirmations: Confirmation[]) =>
  api<{ reviewId: string }>('/privacy/overrides', { method: 'POST', body: { target, payload, confirmations } });

/** "Report identifier" with an optional reason and the offending words' offsets in the post. */
export const reportPost = (postId: string, req: ReportPostRequest) =>
  api<{ status: 'hidden' }>(`/posts/${postId}/report`, { method: 'POST', body: req });

/** Reports of other stored texts (case fields, follow-ups, escalations, chat, names). */
export const purgeText = (reviewId: string, text?: string) =>
  api<ReviewItem & PurgeOutcome>(`/privacy/text-reports/${reviewId}/purge`, { method: 'POST', body: text ? { text } : {} });
export const restoreText = (reviewId: string) => api<ReviewItem>(`/privacy/text-reports/${reviewId}/restore`, { method: 'POST' });
