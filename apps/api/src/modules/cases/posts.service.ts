import { Injectable } from '@nestjs/common';
import { CreatePostRequest, ErrorCodes, ObjectIdString, type PostDto, type PostKind, type RecommendationDto } from '@casebridge/contracts';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../common/app-error';
import { validate } from '../../common/validation';
import { AccessService, UsersRepository, toActor, type Actor, type Permission, type UserDoc } from '../identity';
import { PrivacyGate, textFields, type Confirmation } from '../privacy';
import { audienceOf, type Audience } from './audience';
import { toPostDto, type Authors } from './cases.mapper';
import { blankRequired } from './case-fields';
import { allowedMentionSpans, insideMentions, mentionSpans } from './mentions';
import type { CaseDoc } from './infra/case.schema';
import type { PostDoc } from './infra/post.schema';
import { CasesRepository } from './infra/cases.repository';
import { PostsRepository } from './infra/posts.repository';
import { PostFanout, authorInfo, caseResource, postResource, roomFor, viewerOf } from './post-fanout';

export { caseResource, roomFor, viewerOf } from './post-fanout';

/** A held post (privacy override) carries its case id with the normal post body. */
export const HeldPostPayload = Type.Object({ caseId: ObjectIdString, ...CreatePostRequest.properties }, { additionalProperties: false });

const CATCH_UP_LIMIT = 1000;

/**
 * Threads of posts: creation (REST, socket and internal callers share this path), replies, edits
 * with history, endorsement, mentions and reading. Moderation lives in PostsModerationService,
 * live delivery and notifications in PostFanout.
 */
@Injectable()
export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly cases: CasesRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly gate: PrivacyGate,
    private readonly fanout: PostFanout,
  ) {}

  // --- reading ------------------------------------------------------------------------------------

  async list(actor: Actor, caseId: string, afterSeq = 0, limit = 200): Promise<PostDto[]> {
    const c = await this.caseFor(actor, caseId, 'case.read');
    const docs = await this.posts.listAfter(caseId, afterSeq, limit);
    return this.map(docs, actor, c);
  }

  /** The room this actor's socket joins for a case (access re-checked on every join). */
  async roomToJoin(actor: Actor, caseId: string): Promise<string> {
    const c = await this.caseFor(actor, caseId, 'case.read');
    return roomFor(caseId, this.audienceIn(actor, c));
  }

  allRooms(caseId: string): string[] {
    return this.fanout.allRooms(caseId);
  }

  /**
   * Catch-up after (re)subscribing: exactly the posts after `afterSeq`, in order. Called after the
   * socket joined the room, so a post stored meanwhile arrives live, in the catch-up, or both
   * (clients drop duplicates by id); none is lost.
   */
  async catchUp(actor: Actor, caseId: string, afterSeq?: number): Promise<{ missed: PostDto[]; seq: number }> {
    const c = await this.caseFor(actor, caseId, 'case.read');
    if (afterSeq === undefined) return { missed: [], seq: c.lastSeq ?? 0 };
    const docs = await this.posts.listAfter(caseId, afterSeq, CATCH_UP_LIMIT);
    const missed = await this.map(docs, actor, c);
    // `seq` is the last post delivered, so a capped catch-up (CATCH_UP_LIMIT) is resumed from there
    const seq = missed.length ? missed[missed.length - 1].seq : (c.lastSeq ?? 0);
    return { missed, seq };
  }

  async history(actor: Actor, postId: string): Promise<{ body: string; editedAt: string }[]> {
    const { c, p } = await this.postFor(actor, postId);
    const mod = this.access.can(actor, 'post.moderate', postResource(c, p));
    if (!mod && String(p.authorId) !== actor.id) throw AppError.forbidden('Only the author and moderators see the edit history');
    if (!mod && (p.hidden || p.deleted)) return [];
    return (p.history ?? []).map((h) => ({ body: h.body, editedAt: new Date(h.editedAt).toISOString() }));
  }

  // --- writing ------------------------------------------------------------------------------------

  /** REST and socket `post:create`: validate → access → gate → persist → publish → notify. */
  async create(
    actor: Actor,
    caseId: string,
    req: CreatePostRequest,
    confirmed: Confirmation[] = [],
  ): Promise<{ post: PostDto; created: boolean }> {
    const c = await this.preparePost(actor, caseId, req);
    await this.assertClean(c, req.body, actor, 'post', confirmed);
    // The author of an anonymous case stays anonymous in its thread unless they say otherwise.
    const anonymous = req.anonymous ?? (c.anonymous && String(c.authorId) === actor.id && actor.role === 'learner');
    return this.store(actor, c, { body: req.body, kind: 'post', clientId: req.clientId, parentId: req.parentId, anonymous });
  }

  /** Everything `create` checks before the gate (shared with the privacy override path). */
  async preparePost(actor: Actor, caseId: string, req: CreatePostRequest): Promise<CaseDoc> {
    const c = await this.caseFor(actor, caseId, 'post.create');
    if (c.status === 'closed') throw AppError.conflict(ErrorCodes.CASE_CLOSED, 'This case is closed', { field: 'caseId' });
    const blank = blankRequired({ body: req.body });
    if (blank) throw AppError.validation(`${blank} must not be blank`, { field: blank, reason: 'must not be blank' });
    if (req.anonymous && actor.role !== 'learner') {
      throw AppError.validation('anonymous is only for learners', { field: 'anonymous', reason: 'only learners may post anonymously' });
    }
    if (req.parentId) {
      const parent = await this.posts.findById(req.parentId);
      if (!parent || String(parent.caseId) !== caseId || parent.parentId) {
        throw new AppError(ErrorCodes.POST_PARENT_INVALID, 'parentId must be a top-level post of the same case', 400, {
          field: 'parentId',
          reason: 'must be a top-level post of the same case',
        });
      }
    }
    return c;
  }

  /** For other modules (recommendations, system posts such as session transcripts). */
  async addInternal(
    actor: Actor,
    caseId: string,
    input: { body: string; kind: PostKind; clientId?: string; recommendation?: RecommendationDto },
  ): Promise<PostDto> {
    const c = await this.caseFor(actor, caseId, 'post.create');
    const blank = blankRequired({ body: input.body });
    if (blank) throw AppError.validation(`${blank} must not be blank`, { field: blank, reason: 'must not be blank' });
    const { escalationId: _id, ...recText } = input.recommendation ?? ({} as Partial<RecommendationDto>);
    // Mentions of cohort members (e.g. speakers in a live-session transcript) name colleagues, not patients.
    await this.gate.assertClean(
      { body: input.body, ...textFields(input.recommendation ? recText : {}, 'recommendation') },
      { actorId: actor.id, target: `post.${input.kind}` },
      await this.mentionAllowance(c, input.body),
    );
    const { post } = await this.store(actor, c, {
      body: input.body,
      kind: input.kind,
      clientId: input.clientId,
      recommendation: input.recommendation,
    });
    return post;
  }

  /**
   * The post hot path, in as few round trips and fsync rounds as the guarantees allow:
   * the insert (its seq first tried from the case's lastSeq, idempotent on clientId) runs beside
   * the read of the thread's follow levels; then the case counters, the author's follow and the
   * notifications are written concurrently, so they share the engine's group commit. A retry that
   * reuses a clientId meets the unique index and gets the stored post back.
   */
  private async store(
    actor: Actor,
    c: CaseDoc,
    data: { body: string; kind: PostKind; clientId?: string; parentId?: string; anonymous?: boolean; recommendation?: RecommendationDto },
  ): Promise<{ post: PostDto; created: boolean }> {
    const caseId = String(c._id);
    const system = data.kind === 'system';
    // only a body with an '@' can mention anyone: the cohort's members are read only then
    const members = !system && data.body.includes('@') ? await this.mentionable(c) : [];
    const mentions = system
      ? []
      : mentionSpans(
          data.body,
          members.map((m) => ({ id: String(m._id), displayName: m.displayName })),
        ).ids.filter((id) => id !== actor.id);
    const now = new Date();
    const [result, followers] = await Promise.all([
      this.posts.insertNext(
        {
          caseId: c._id,
          cohortId: c.cohortId,
          authorId: actor.id,
          authorProfession: actor.profession,
          authorRole: actor.role,
          ...(data.clientId ? { clientId: data.clientId } : {}),
          ...(data.parentId ? { parentId: data.parentId } : {}),
          body: data.body,
          kind: data.kind,
          anonymous: data.anonymous === true,
          mentions,
          ...(data.recommendation ? { recommendation: { ...data.recommendation } as unknown as Record<string, string> } : {}),
          history: [],
          endorsedBy: [],
          createdAt: now,
        },
        c.lastSeq ?? 0,
      ),
      this.cases.usersAtLevel(caseId, ['following', 'normal', 'muted']),
    ]);
    if (!result.created) return this.replay(actor, caseId, result.post);
    const post = result.post;
    const levels = new Map(followers.map((f) => [f.userId, f.level]));
    await Promise.all([
      this.cases.touchAfterPost(caseId, post.seq, system ? undefined : actor.profession, now),
      // people who take part follow the thread unless they chose a level themselves
      !system && !levels.has(actor.id) ? this.cases.followIfUnset(actor.id, caseId, 'following') : undefined,
      this.fanout.notifyNewPost(c, post, mentions, members.map(toActor), levels, post.anonymous ? undefined : actor.displayName),
    ]);
    const authors: Authors = new Map([[actor.id, authorInfo(actor)]]);
    this.fanout.publish('post:created', post, authors);
    return { post: toPostDto(post, authors, viewerOf(actor)), created: true };
  }

  /** A retry with a clientId already used: the stored post, never a second one. */
  private async replay(actor: Actor, caseId: string, existing: PostDoc): Promise<{ post: PostDto; created: boolean }> {
    if (String(existing.caseId) !== caseId) {
      throw AppError.conflict(ErrorCodes.CONFLICT, 'This clientId was already used for a post in another case', { field: 'clientId' });
    }
    const [dto] = await this.map([existing], actor);
    return { post: dto, created: false };
  }

  async edit(actor: Actor, postId: string, body: string): Promise<PostDto> {
    const { c, p } = await this.postFor(actor, postId);
    this.access.require(actor, 'post.edit', postResource(c, p));
    if (p.deleted || p.hidden || p.kind === 'system') throw AppError.conflict(ErrorCodes.POST_STATE, 'This post can no longer be edited');
    const blank = blankRequired({ body });
    if (blank) throw AppError.validation('body must not be blank', { field: 'body', reason: 'must not be blank' });
    await this.assertClean(c, body, actor, 'post.edit');
    const updated = await this.posts.edit(postId, p.body, body, new Date());
    if (!updated) throw AppError.conflict(ErrorCodes.POST_STATE, 'The post changed meanwhile; reload and edit again');
    await this.cases.touch(String(c._id), new Date());
    return this.fanout.publishUpdate(updated, actor);
  }

  async endorse(actor: Actor, postId: string): Promise<PostDto> {
    const { c, p } = await this.postFor(actor, postId);
    this.access.require(actor, 'post.endorse', postResource(c, p));
    if (p.deleted || p.hidden) throw AppError.conflict(ErrorCodes.POST_STATE, 'This post cannot be endorsed');
    const updated = await this.posts.endorse(postId, actor.id);
    if (!updated) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    return this.fanout.publishUpdate(updated, actor);
  }

  // --- held posts (privacy override; registered with PrivacyTargets by CasesService) ---------------

  async prepareHeld(
    author: Actor,
    payload: unknown,
  ): Promise<{ payload: unknown; fields: Record<string, string>; cohortId: string; caseId: string; allowed: Confirmation[] }> {
    const p = validate(HeldPostPayload, payload);
    const { caseId, ...req } = p;
    const c = await this.preparePost(author, caseId, req);
    return {
      payload: p,
      fields: { body: req.body },
      cohortId: String(c.cohortId),
      caseId,
      allowed: await this.mentionAllowance(c, req.body),
    };
  }

  async publishHeld(author: Actor, payload: unknown, confirmed: Confirmation[]): Promise<{ id: string; caseId: string }> {
    const { caseId, ...req } = validate(HeldPostPayload, payload);
    const { post } = await this.create(author, caseId, req, confirmed);
    return { id: post.id, caseId };
  }

  // --- analytics ------------------------------------------------------------------------------------

  async countsByProfession(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const p of await this.posts.professionsOfAll()) out[p] = (out[p] ?? 0) + 1;
    return out;
  }

  // --- helpers --------------------------------------------------------------------------------------

  /**
   * The gate for a post body. A resolved mention ("@Ann Lee" of a cohort member) names a colleague,
   * not a patient, so findings wholly inside one are let through; everything else must be clean.
   */
  private async assertClean(c: CaseDoc, body: string, actor: Actor, target: string, confirmed: Confirmation[] = []): Promise<void> {
    await this.gate.assertClean({ body }, { actorId: actor.id, target }, [...confirmed, ...(await this.mentionAllowance(c, body))]);
  }

  /** Findings of the `body` field wholly inside a resolved mention of someone who may be mentioned. */
  private async mentionAllowance(c: CaseDoc, body: string): Promise<Confirmation[]> {
    // without an '@' there is no mention to allow (mentionAllowanceFor would skip it): no member read
    if (!body.includes('@')) return [];
    return this.mentionAllowanceFor(await this.mentionable(c), { body });
  }

  /**
   * Findings wholly inside mentions of `members`, per field: only a member's exact display name,
   * and only when that name itself passes the gate (a display name crafted to carry
   * an identifier buys nothing). Shared by posts and the case form.
   */
  mentionAllowanceFor(members: UserDoc[], fields: Record<string, string | undefined>): Confirmation[] {
    const people = members.map((m) => ({ id: String(m._id), displayName: m.displayName }));
    const isClean = (name: string) => this.gate.isCleanDisplayName(name);
    const out: Confirmation[] = [];
    for (const [field, text] of Object.entries(fields)) {
      if (!text?.includes('@')) continue;
      const spans = allowedMentionSpans(text, people, isClean);
      if (spans.length) out.push(...insideMentions(this.gate.scan({ [field]: text }), spans));
    }
    return out;
  }

  /** The allowance for a new case's fields: mentions of the cohort's members. */
  async caseMentionAllowance(cohortId: string, fields: Record<string, string | undefined>): Promise<Confirmation[]> {
    if (!Object.values(fields).some((t) => t?.includes('@'))) return [];
    return this.mentionAllowanceFor(await this.users.membersOf(cohortId), fields);
  }

  /** The case, if this actor may `permission` it; otherwise 404 (nothing leaks about what exists). */
  async caseFor(actor: Actor, caseId: string, permission: Permission): Promise<CaseDoc> {
    const c = await this.cases.findById(caseId); // null for a malformed id too
    if (!c) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
    this.access.require(actor, permission, caseResource(c));
    return c;
  }

  /** The post and its case, if the actor can see them (hidden posts only moderators). */
  async postFor(actor: Actor, postId: string): Promise<{ c: CaseDoc; p: PostDoc }> {
    const p = await this.posts.findById(postId);
    const c = p ? await this.cases.findById(String(p.caseId)) : null;
    if (!p || !c) throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    this.access.require(actor, 'case.read', postResource(c, p));
    if (p.hidden && this.audienceIn(actor, c) !== 'mod') throw AppError.notFound(ErrorCodes.POST_NOT_FOUND, 'Post');
    return { c, p };
  }

  /** Who can be mentioned in a case: its cohort's members and the faculty an escalation reached. */
  private async mentionable(c: CaseDoc): Promise<UserDoc[]> {
    const members = await this.users.membersOf(String(c.cohortId));
    const extra = (c.facultyIds ?? []).map(String).filter((id) => !members.some((m) => String(m._id) === id));
    return extra.length ? [...members, ...(await this.users.findByIds(extra))] : members;
  }

  /** `c`: the case the posts belong to, when known (a moderator of another cohort sees them as staff). */
  async map(docs: PostDoc[], viewer: Actor, c?: CaseDoc): Promise<PostDto[]> {
    const authors = await this.fanout.authorsOf(docs);
    const v = c ? { id: viewer.id, audience: this.audienceIn(viewer, c) } : viewerOf(viewer);
    return docs.map((d) => toPostDto(d, authors, v));
  }

  /**
   * The audience of this actor in this case: moderation (hidden text, the `mod` room) stops at the
   * moderator's own cohorts, so faculty reached by an escalation read as staff.
   */
  private audienceIn(actor: Actor, c: CaseDoc): Audience {
    const a = audienceOf(actor);
    return a === 'mod' && !this.access.can(actor, 'post.moderate', caseResource(c)) ? 'staff' : a;
  }
}
