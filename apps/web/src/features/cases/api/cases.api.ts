import type {
  RoutePreviewDto,
  Urgency,
  AuthorDto,
  CaseDto,
  CloseCaseRequest,
  FollowUpRequest,
  CreateCaseRequest,
  CreateEscalationRequest,
  CreatePostRequest,
  EscalationDto,
  ListCasesQuery,
  Page,
  PostDto,
  Profession,
} from '@casebridge/contracts';
import { api } from '../../../lib/api';

export type FollowLevel = 'following' | 'normal' | 'muted';
export type Member = Required<Pick<AuthorDto, 'displayName' | 'profession' | 'role'>> & { id: string };

export const listCases = (query: ListCasesQuery, signal?: AbortSignal) => api<Page<CaseDto>>('/cases', { query: { ...query }, signal });
export const getCase = (id: string, signal?: AbortSignal) => api<CaseDto>(`/cases/${id}`, { signal });
export type FollowUpInput = FollowUpRequest;
export const closeCase = (id: string, body: CloseCaseRequest) => api<CaseDto>(`/cases/${id}/close`, { method: 'POST', body });
export const reopenCase = (id: string) => api<CaseDto>(`/cases/${id}/reopen`, { method: 'POST' });
export const addFollowUp = (id: string, body: FollowUpRequest) => api<CaseDto>(`/cases/${id}/follow-ups`, { method: 'POST', body });
export const createCase = (body: CreateCaseRequest) => api<CaseDto>('/cases', { method: 'POST', body });
export const listMembers = (cohortId: string, signal?: AbortSignal) => api<Member[]>(`/cohorts/${cohortId}/members`, { signal });

const PAGE = 500;
/** Every post after `afterSeq`, following pages of at most 500 (endpoints.md limit). */
export async function listPosts(caseId: string, afterSeq = 0, signal?: AbortSignal): Promise<PostDto[]> {
  const all: PostDto[] = [];
  let after = afterSeq;
  for (;;) {
    const page = await api<PostDto[]>(`/cases/${caseId}/posts`, { query: { afterSeq: after, limit: PAGE }, signal });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1].seq;
  }
}

export const createPost = (caseId: string, body: CreatePostRequest) => api<PostDto>(`/cases/${caseId}/posts`, { method: 'POST', body });
export const endorsePost = (postId: string) => api<PostDto>(`/posts/${postId}/endorse`, { method: 'POST' });
export const reportPost = (postId: string) => api<void>(`/posts/${postId}/report`, { method: 'POST' });
export const markRead = (caseId: string, seq: number) => api<{ seq: number }>(`/cases/${caseId}/read`, { method: 'PUT', body: { seq } });
export const setFollowLevel = (caseId: string, level: FollowLevel) =>
  api<{ level: FollowLevel }>(`/cases/${caseId}/follow`, { method: 'PUT', body: { level } });
export const createEscalation = (caseId: string, body: CreateEscalationRequest) =>
  api<EscalationDto>(`/cases/${caseId}/escalations`, { method: 'POST', body });
export const routePreview = (domains: number[], professions: Profession[], urgency: Urgency, signal?: AbortSignal) =>
  api<RoutePreviewDto>('/escalations/route-preview', { query: { domains, professions, urgency }, signal });
