/**
 * Changing a post after it was published: the author's edit (through the same
 * privacy gate as a new post), its history, and the moderator's actions on the post itself.
 * Hiding is a moderator's report (the post is hidden at once and a review item opened); a redaction
 * or deletion for privacy resolves that review, so a redaction of a visible post hides it first.
 */
import type { PostDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

export interface PostVersion {
  body: string;
  editedAt: string;
}

export const editPost = (postId: string, body: string) => api<PostDto>(`/posts/${postId}`, { method: 'PATCH', body: { body } });
export const postHistory = (postId: string, signal?: AbortSignal) => api<PostVersion[]>(`/posts/${postId}/history`, { signal });

export const hidePost = (postId: string, reason = 'Hidden by a moderator') =>
  api<{ status: 'hidden' }>(`/posts/${postId}/report`, { method: 'POST', body: { reason } });

export async function redactPost(post: Pick<PostDto, 'id' | 'hidden'>, body: string): Promise<PostDto> {
  if (!post.hidden) await hidePost(post.id, 'Redacted by a moderator');
  return api<PostDto>(`/privacy/reports/${post.id}/redact`, { method: 'POST', body: { body } });
}

/** A moderator's deletion: the post stays in the thread as a tombstone ("Removed by a moderator"). */
export const deletePost = (postId: string) => api<PostDto>(`/posts/${postId}`, { method: 'DELETE' });

/** A hidden post shown again unchanged (closes its review as a false report). */
export const restorePost = (postId: string) => api<PostDto>(`/privacy/reports/${postId}/restore`, { method: 'POST' });
