import type {
  AuthorDto,
  CaseDto,
  CloseOutcome,
  Esas,
  FollowLevel,
  PostDto,
  Profession,
  RecommendationDto,
  Role,
} from '@casebridge/contracts';
import { authorFor, type Audience, type AuthorInfo } from './audience';
import type { CaseDoc } from './infra/case.schema';
import type { PostDoc } from './infra/post.schema';

/** Resolved authors by id; an author no longer stored appears as a former member of their profession. */
export type Authors = Map<string, AuthorInfo>;

function resolve(authors: Authors, id: string, profession: string, role: string): AuthorInfo {
  return authors.get(id) ?? { id, displayName: 'Former member', profession: profession as Profession, role: role as Role };
}

export interface Viewer {
  id: string;
  audience: Audience;
}

export function toCaseDto(c: CaseDoc, authors: Authors, viewer: Viewer, followLevel?: FollowLevel, readSeq?: number): CaseDto {
  const authorId = String(c.authorId);
  const author: AuthorDto = authorFor(
    resolve(authors, authorId, c.authorProfession, c.authorRole),
    c.anonymous,
    viewer.audience,
    viewer.id,
  );
  const dto: CaseDto = {
    id: String(c._id),
    cohortId: String(c.cohortId),
    title: c.title,
    setting: c.setting as CaseDto['setting'],
    patient: { age: c.patient.age, sex: c.patient.sex as CaseDto['patient']['sex'], state: c.patient.state },
    illness: c.illness as CaseDto['illness'],
    question: {
      text: c.question.text,
      type: c.question.type as CaseDto['question']['type'],
      domains: [...c.question.domains],
      urgency: c.question.urgency as CaseDto['question']['urgency'],
      ...(c.question.professions?.length ? { professions: [...c.question.professions] as Profession[] } : {}),
    },
    anonymous: Boolean(c.anonymous),
    author,
    status: c.status as CaseDto['status'],
    postCount: c.postCount ?? 0,
    lastSeq: c.lastSeq ?? 0,
    followUps: (c.followUps ?? []).map((f) => ({
      adviceFollowed: f.adviceFollowed as CaseDto['followUps'][number]['adviceFollowed'],
      outcome: f.outcome,
      createdAt: new Date(f.createdAt).toISOString(),
      ...(f.esas ? { esas: f.esas as unknown as Esas } : {}),
      ...(f.pps !== undefined && f.pps !== null ? { pps: f.pps } : {}),
      ...(f.authorId ? { author: byCaseAuthorRule(c, authors, viewer, String(f.authorId), f.authorProfession, f.authorRole) } : {}),
    })),
    createdAt: new Date(c.createdAt).toISOString(),
    lastActivityAt: new Date(c.lastActivityAt).toISOString(),
    responderProfessions: [...(c.responderProfessions ?? [])] as Profession[],
  };
  if (c.esas) dto.esas = c.esas as unknown as Esas;
  if (c.pps !== undefined && c.pps !== null) dto.pps = c.pps;
  if (c.medications?.length) dto.medications = [...c.medications];
  if (c.narrative && Object.keys(c.narrative).length) dto.narrative = { ...c.narrative };
  if (followLevel) dto.followLevel = followLevel;
  if (readSeq !== undefined) dto.readSeq = Math.min(readSeq, dto.lastSeq);
  if (c.status === 'closed' && c.closure) {
    const k = c.closure;
    dto.closure = {
      outcome: k.outcome as CloseOutcome,
      closedAt: new Date(k.closedAt).toISOString(),
      closedBy: byCaseAuthorRule(c, authors, viewer, String(k.closedById), k.closedByProfession, k.closedByRole),
      ...(k.note ? { note: k.note } : {}),
    };
  }
  return dto;
}

/**
 * Someone who acted on the case (closed it, added a follow-up): the author of an anonymous case
 * stays anonymous to peers here too, since naming the closer would name the author.
 */
function byCaseAuthorRule(c: CaseDoc, authors: Authors, viewer: Viewer, userId: string, profession?: string, role?: string): AuthorDto {
  const isAuthor = userId === String(c.authorId);
  // a since-deleted account without stored profession falls back to the case author's (only a label)
  const who = resolve(authors, userId, profession ?? c.authorProfession, role ?? c.authorRole);
  return authorFor(who, isAuthor && Boolean(c.anonymous), viewer.audience, viewer.id);
}

/** Every user id a case DTO needs resolved (author, follow-up authors, the closer). */
export function caseUserIds(docs: CaseDoc[]): string[] {
  const ids = new Set<string>();
  for (const c of docs) {
    ids.add(String(c.authorId));
    for (const f of c.followUps ?? []) if (f.authorId) ids.add(String(f.authorId));
    if (c.closure) ids.add(String(c.closure.closedById));
  }
  return [...ids];
}

/**
 * A post as one audience sees it. Hidden (reported) posts keep their place in the thread but carry
 * no text except for moderators; deleted posts carry none except for moderators, and purged ones
 * none at all (the text is gone from the document).
 */
export function toPostDto(p: PostDoc, authors: Authors, viewer: Viewer): PostDto {
  const authorId = String(p.authorId);
  const author = authorFor(resolve(authors, authorId, p.authorProfession, p.authorRole), p.anonymous, viewer.audience, viewer.id);
  const mod = viewer.audience === 'mod';
  const withheld = (p.hidden && !mod) || (p.deleted && !mod);
  const dto: PostDto = {
    id: String(p._id),
    caseId: String(p.caseId),
    seq: p.seq,
    author,
    body: withheld ? '' : p.body,
    kind: p.kind,
    createdAt: new Date(p.createdAt).toISOString(),
  };
  // the clientId is the author's; it is shown only where the author is
  if (p.clientId && author.id !== null) dto.clientId = p.clientId;
  if (p.parentId) dto.parentId = String(p.parentId);
  if (p.editedAt) dto.editedAt = new Date(p.editedAt).toISOString();
  if (p.deleted) dto.deleted = true;
  if (p.hidden) dto.hidden = true;
  if (p.redactedAt && !p.deleted) dto.moderatorEdited = true;
  if (p.endorsedBy?.length) {
    dto.endorsedBy = p.endorsedBy.map((id) => {
      const a = authors.get(String(id));
      return { id: String(id), displayName: a?.displayName ?? 'Former member' };
    });
  }
  if (p.recommendation && !withheld) {
    const recommendation = { ...p.recommendation } as unknown as RecommendationDto;
    // Peers do not get the link to the escalation: it leads to who asked, who may be the case's
    // anonymous author. Faculty, moderators and admins keep it.
    if (viewer.audience === 'peer') delete recommendation.escalationId;
    dto.recommendation = recommendation;
  }
  return dto;
}

/** Every user id a list of posts needs resolved (authors and endorsers). */
export function userIdsOf(posts: PostDoc[]): string[] {
  const ids = new Set<string>();
  for (const p of posts) {
    ids.add(String(p.authorId));
    for (const e of p.endorsedBy ?? []) ids.add(String(e));
  }
  return [...ids];
}
