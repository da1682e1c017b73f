import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  CreateCaseRequest,
  ErrorCodes,
  type CaseChangedEvent,
  type CaseDto,
  type CloseCaseRequest,
  type CaseStatus,
  type FollowLevel,
  type FollowUpRequest,
  type ListCasesQuery,
  type Page,
  type PostDto,
  type PostKind,
  type RecommendationDto,
} from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { validate } from '../../common/validation';
import { AuditService } from '../audit';
import { AccessService, UsersRepository, toActor, type Actor } from '../identity';
import { NotificationsService } from '../notifications';
import { PrivacyGate, PrivacyTargets, type Confirmation } from '../privacy';
import type { AuthorInfo } from './audience';
import { caseUserIds, toCaseDto, type Authors } from './cases.mapper';
import { blankRequired, caseTextFields, followUpTextFields } from './case-fields';
import { decodeCursor, encodeCursor } from './cursor';
import { ESAS_HIGH, esasMax } from './esas';
import type { CaseDoc } from './infra/case.schema';
import { CasesRepository, type CaseCriteria } from './infra/cases.repository';
import { PostsRepository } from './infra/posts.repository';
import { PostsService, caseResource, viewerOf } from './posts.service';
import { PostsModerationService } from './posts-moderation.service';
import { Publisher } from '../realtime';
import { quoted } from '../notifications';

/** Upper bound on full-text candidates per search (cases plus cases found through their posts). */
const TEXT_CAP = 2000;

/**
 * Structured cases. Also the module's public face for escalations, live sessions, analytics and the
 * seed: keep the signatures of the methods under "For other modules" stable.
 */
@Injectable()
export class CasesService implements OnModuleInit {
  constructor(
    private readonly cases: CasesRepository,
    private readonly postsRepo: PostsRepository,
    private readonly posts: PostsService,
    private readonly moderation: PostsModerationService,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly gate: PrivacyGate,
    private readonly targets: PrivacyTargets,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly publisher: Publisher,
  ) {}

  onModuleInit(): void {
    this.targets.registerHeld('case', {
      prepare: async (author, payload) => {
        const req = validate(CreateCaseRequest, payload);
        const fields = await this.prepareCase(author, req);
        return { payload: req, fields, cohortId: req.cohortId, allowed: await this.posts.caseMentionAllowance(req.cohortId, fields) };
      },
      publish: async (author, payload, confirmed) => {
        const dto = await this.create(author, validate(CreateCaseRequest, payload), confirmed);
        await this.notifications.notify([author.id], {
          type: 'privacy',
          title: 'Your held case was approved and published',
          caseId: dto.id,
        });
        return { id: dto.id, caseId: dto.id };
      },
      rejected: (authorId) =>
        this.notifications.notify([authorId], { type: 'privacy', title: 'Your held case was not published after privacy review' }),
    });
    this.targets.registerHeld('post', {
      prepare: (author, payload) => this.posts.prepareHeld(author, payload),
      publish: async (author, payload, confirmed) => {
        const res = await this.posts.publishHeld(author, payload, confirmed);
        await this.notifications.notify([author.id], {
          type: 'privacy',
          title: 'Your held post was approved and published',
          caseId: res.caseId,
          postId: res.id,
        });
        return res;
      },
      rejected: (authorId, caseId) =>
        this.notifications.notify([authorId], {
          type: 'privacy',
          title: 'Your held post was not published after privacy review',
          ...(caseId ? { caseId } : {}),
        }),
    });
    this.targets.registerReported({
      preview: (moderator, postId) => this.moderation.preview(moderator, postId),
      redact: (moderator, postId, body) => this.moderation.redact(moderator, postId, body),
      purge: (moderator, postId) => this.moderation.purge(moderator, postId),
      restore: (moderator, postId) => this.moderation.restore(moderator, postId),
    });
    this.targets.registerNotifier((userIds, n) => this.notifications.notify(userIds, { type: 'privacy', ...n }));
    // reports and purges of a case's own fields and of its follow-ups
    this.targets.registerText('case', {
      locate: async (reader, id) => {
        const c = await this.posts.caseFor(reader, id, 'case.read');
        return {
          cohortId: String(c.cohortId),
          caseId: id,
          authorId: String(c.authorId),
          fields: caseTextFields(c as unknown as CreateCaseRequest),
        };
      },
      replace: async (_moderator, id, field, text) => {
        if (!(await this.cases.setText(id, field, text))) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
      },
    });
    this.targets.registerText('followUp', {
      locate: async (reader, id) => {
        const [caseId, index] = id.split(':');
        const c = await this.posts.caseFor(reader, caseId, 'case.read');
        const f = c.followUps?.[Number(index)];
        if (!f) return null;
        return {
          cohortId: String(c.cohortId),
          caseId,
          authorId: String(f.authorId),
          fields: followUpTextFields(f as unknown as FollowUpRequest),
        };
      },
      replace: async (_moderator, id, field, text) => {
        const [caseId, index] = id.split(':');
        if (!(await this.cases.setText(caseId, `followUps.${Number(index)}.${field}`, text)))
          throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
      },
    });
  }

  // --- use cases (REST) ------------------------------------------------------------------------------

  /** validate (schema done by the caller) → access → PHI gate on every text field → persist. */
  async create(actor: Actor, req: CreateCaseRequest, confirmed: Confirmation[] = []): Promise<CaseDto> {
    const fields = await this.prepareCase(actor, req);
    // a mention picked from the list names a colleague, as in posts
    const mentions = await this.posts.caseMentionAllowance(req.cohortId, fields);
    await this.gate.assertClean(fields, { actorId: actor.id, target: 'case' }, [...confirmed, ...mentions]);
    const now = new Date();
    const doc = await this.cases.create({
      cohortId: req.cohortId,
      authorId: actor.id,
      authorProfession: actor.profession,
      authorRole: actor.role,
      title: req.title,
      setting: req.setting,
      patient: { age: req.patient.age, sex: req.patient.sex, state: req.patient.state },
      illness: req.illness,
      question: {
        text: req.question.text,
        type: req.question.type,
        domains: [...req.question.domains],
        urgency: req.question.urgency,
        ...(req.question.professions ? { professions: [...req.question.professions] } : {}),
      },
      ...(req.esas ? { esas: { ...req.esas }, esasMax: esasMax(req.esas) } : {}),
      ...(req.pps !== undefined ? { pps: req.pps } : {}),
      ...(req.medications?.length ? { medications: [...req.medications] } : {}),
      ...(req.narrative
        ? { narrative: Object.fromEntries(Object.entries(req.narrative).filter(([, v]) => typeof v === 'string' && v.length)) }
        : {}),
      anonymous: req.anonymous === true,
      ...(req.attestation !== undefined ? { attestation: req.attestation } : {}),
      status: 'open',
      facultyIds: [],
      responderProfessions: [],
      postCount: 0,
      lastSeq: 0,
      followUps: [],
      createdAt: now,
      lastActivityAt: now,
    });
    await this.cases.setFollow(actor.id, String(doc._id), 'following');
    return toCaseDto(doc, new Map([[actor.id, info(actor)]]), viewerOf(actor), 'following');
  }

  /** Everything create checks before the gate; returns the text fields the gate scans. */
  private async prepareCase(actor: Actor, req: CreateCaseRequest): Promise<Record<string, string>> {
    this.access.require(actor, 'case.create', { kind: 'cohort', cohortId: req.cohortId });
    if (!(await this.users.findCohort(req.cohortId))) throw AppError.notFound(ErrorCodes.COHORT_NOT_FOUND, 'Cohort');
    const blank = blankRequired({ title: req.title, 'question.text': req.question.text });
    if (blank) throw AppError.validation(`${blank} must not be blank`, { field: blank, reason: 'must not be blank' });
    if (req.anonymous && actor.role !== 'learner') {
      throw AppError.validation('anonymous is only for learners', { field: 'anonymous', reason: 'only learners may post anonymously' });
    }
    return caseTextFields(req);
  }

  async list(actor: Actor, q: ListCasesQuery): Promise<Page<CaseDto>> {
    if (q.ppsMin !== undefined && q.ppsMax !== undefined && q.ppsMin > q.ppsMax) {
      throw AppError.validation('ppsMin must not exceed ppsMax', { field: 'ppsMin', reason: 'must not exceed ppsMax' });
    }
    const before = q.cursor ? decodeCursor(q.cursor) : undefined;
    if (before === null) throw AppError.validation('cursor is invalid', { field: 'cursor', reason: 'is not a cursor from this list' });
    const criteria: CaseCriteria = {
      visibleCohorts: actor.role === 'admin' ? null : actor.cohortIds,
      ...(actor.role === 'faculty' ? { facultyId: actor.id } : {}),
      ...(q.cohortId ? { cohortId: q.cohortId } : {}),
      ...(q.domain !== undefined ? { domain: q.domain } : {}),
      ...(q.status ? { status: q.status as CaseStatus } : {}),
      ...(q.illness ? { illness: q.illness } : {}),
      ...(q.ppsMin !== undefined ? { ppsMin: q.ppsMin } : {}),
      ...(q.ppsMax !== undefined ? { ppsMax: q.ppsMax } : {}),
      ...(q.esasHigh ? { esasAtLeast: ESAS_HIGH } : {}),
      ...(q.responderProfession ? { responderProfession: q.responderProfession } : {}),
      ...(before ? { before } : {}),
    };
    let ids: string[] | undefined;
    if (q.followed) ids = await this.cases.followedCaseIds(actor.id);
    if (q.q) {
      // the case's own text ($text on cases) or the text of its visible posts ($text on posts)
      const [own, viaPosts] = await Promise.all([
        this.cases.idsMatchingText(q.q, criteria, TEXT_CAP),
        this.postsRepo.caseIdsMatchingText(q.q, TEXT_CAP),
      ]);
      const matched = new Set([...own, ...viaPosts]);
      ids = ids ? ids.filter((id) => matched.has(id)) : [...matched];
    }
    if (ids) criteria.ids = ids;
    const limit = q.limit ?? 20;
    const docs = await this.cases.list(criteria, limit + 1);
    const page = docs.slice(0, limit);
    const pageIds = page.map((d) => String(d._id));
    const [authors, levels, reads] = await Promise.all([
      this.authorsOf(page),
      this.cases.followLevels(actor.id, pageIds),
      this.cases.readMarks(actor.id, pageIds),
    ]);
    const items = page.map((d) => toCaseDto(d, authors, viewerOf(actor), levels.get(String(d._id)), reads.get(String(d._id))));
    const last = page[page.length - 1];
    return {
      items,
      ...(docs.length > limit && last ? { nextCursor: encodeCursor({ at: new Date(last.lastActivityAt), id: String(last._id) }) } : {}),
    };
  }

  async get(actor: Actor, caseId: string): Promise<CaseDto> {
    const dto = await this.getCaseForActor(actor, caseId);
    await this.audit.record('case.read', actor.id, caseId);
    return dto;
  }

  /** validate → access → gate (outcome, other symptom name) → persist → publish → notify followers. */
  async addFollowUp(actor: Actor, caseId: string, req: FollowUpRequest): Promise<CaseDto> {
    await this.posts.caseFor(actor, caseId, 'case.update');
    const blank = blankRequired({ outcome: req.outcome });
    if (blank) throw AppError.validation('outcome must not be blank', { field: 'outcome', reason: 'must not be blank' });
    await this.gate.assertClean(followUpTextFields(req), { actorId: actor.id, target: 'case.follow_up' });
    const updated = await this.cases.addFollowUp(caseId, {
      adviceFollowed: req.adviceFollowed,
      outcome: req.outcome,
      ...(req.esas ? { esas: { ...req.esas } } : {}),
      ...(req.pps !== undefined ? { pps: req.pps } : {}),
      createdAt: new Date(),
      authorId: actor.id,
      authorProfession: actor.profession,
      authorRole: actor.role,
    });
    if (!updated) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
    await this.changed(actor, updated, 'follow_up', `Follow-up added to ${quoted(updated.title)}`);
    return this.dto(actor, updated);
  }

  /** Closes with an outcome (the note through the gate); 409 CASE.CLOSED when already closed. */
  async close(actor: Actor, caseId: string, req: CloseCaseRequest): Promise<CaseDto> {
    const c = await this.posts.caseFor(actor, caseId, 'case.update');
    if (c.status === 'closed') throw AppError.conflict(ErrorCodes.CASE_CLOSED, 'This case is already closed');
    const note = req.note?.trim();
    if (note) await this.gate.assertClean({ note }, { actorId: actor.id, target: 'case.closure' });
    const closed = await this.cases.close(caseId, {
      outcome: req.outcome,
      ...(note ? { note } : {}),
      closedAt: new Date(),
      closedById: actor.id,
      closedByProfession: actor.profession,
      closedByRole: actor.role,
    });
    if (!closed) throw AppError.conflict(ErrorCodes.CASE_CLOSED, 'This case is already closed');
    await this.audit.record('case.closed', actor.id, caseId, { outcome: req.outcome });
    await this.changed(actor, closed, 'closed', `Case closed: ${quoted(closed.title)}`);
    return this.dto(actor, closed);
  }

  /** Back to the status it had before closing (open, escalated or answered); 409 CASE.NOT_CLOSED otherwise. */
  async reopen(actor: Actor, caseId: string): Promise<CaseDto> {
    await this.posts.caseFor(actor, caseId, 'case.update');
    const reopened = await this.cases.reopen(caseId, new Date());
    if (!reopened) throw AppError.conflict(ErrorCodes.CASE_NOT_CLOSED, 'This case is not closed');
    await this.audit.record('case.reopened', actor.id, caseId);
    await this.changed(actor, reopened, 'reopened', `Case reopened: ${quoted(reopened.title)}`);
    return this.dto(actor, reopened);
  }

  /** The caller has read the thread up to `seq` (clamped to the thread's last post; never moves back). */
  async markRead(actor: Actor, caseId: string, seq: number): Promise<{ seq: number }> {
    const c = await this.posts.caseFor(actor, caseId, 'case.read');
    return { seq: await this.cases.markRead(actor.id, caseId, Math.min(seq, c.lastSeq ?? 0)) };
  }

  async follow(actor: Actor, caseId: string, level: FollowLevel): Promise<{ level: FollowLevel }> {
    await this.posts.caseFor(actor, caseId, 'case.read');
    await this.cases.setFollow(actor.id, caseId, level);
    return { level };
  }

  // --- For other modules (escalations, live sessions, analytics, seed): keep these signatures --------

  /** The case as this actor may see it; 404 CASE.NOT_FOUND when it does not exist or is not visible. */
  async getCaseForActor(actor: Actor, caseId: string): Promise<CaseDto> {
    const c = await this.posts.caseFor(actor, caseId, 'case.read');
    return this.dto(actor, c);
  }

  /** Internal: no access check. */
  async getCaseRef(
    caseId: string,
  ): Promise<{ id: string; cohortId: string; authorId: string; title: string; status: CaseStatus; anonymous: boolean } | null> {
    const c = await this.cases.findById(caseId);
    if (!c) return null;
    return {
      id: String(c._id),
      cohortId: String(c.cohortId),
      authorId: String(c.authorId),
      title: c.title,
      status: c.status as CaseStatus,
      anonymous: Boolean(c.anonymous),
    };
  }

  async setStatus(caseId: string, status: CaseStatus): Promise<void> {
    if (!(await this.cases.setStatus(caseId, status, new Date()))) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
  }

  /** Faculty an escalation is routed to may read the case (POLICY 'case.read' via facultyIds). */
  async grantFacultyAccess(caseId: string, facultyId: string): Promise<void> {
    if (!(await this.cases.addFaculty(caseId, facultyId))) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
  }

  /** Gate + seq + publish + notifications; for recommendations and system posts (transcripts). */
  addPost(
    actor: Actor,
    caseId: string,
    input: { body: string; kind: 'post' | 'recommendation' | 'system'; clientId?: string; recommendation?: RecommendationDto },
  ): Promise<PostDto> {
    return this.posts.addInternal(
      actor,
      caseId,
      input as { body: string; kind: PostKind; clientId?: string; recommendation?: RecommendationDto },
    );
  }

  /**
   * A normal reply in the thread on someone's behalf (an escalation's asker answering the faculty
   * question): the same path as POST /cases/:id/posts, so the gate and the anonymous-author rule apply.
   */
  async replyInThread(actor: Actor, caseId: string, req: { body: string; clientId: string }): Promise<PostDto> {
    return (await this.posts.create(actor, caseId, req)).post;
  }

  postCountsByProfession(): Promise<Record<string, number>> {
    return this.posts.countsByProfession();
  }

  async casesByDomain(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const domains of await this.cases.domainsOfAll()) for (const d of domains) out[String(d)] = (out[String(d)] ?? 0) + 1;
    return out;
  }

  // --- helpers ------------------------------------------------------------------------------------

  private async dto(actor: Actor, c: CaseDoc): Promise<CaseDto> {
    const id = String(c._id);
    const [authors, level, reads] = await Promise.all([
      this.authorsOf([c]),
      this.cases.followLevel(actor.id, id),
      this.cases.readMarks(actor.id, [id]),
    ]);
    return toCaseDto(c, authors, viewerOf(actor), level, reads.get(id));
  }

  /**
   * A lifecycle change: one `case:changed` per audience room (the event carries no user data, so
   * every audience gets the same payload), then an inbox item for followers who may still read it.
   */
  private async changed(actor: Actor, c: CaseDoc, change: CaseChangedEvent['change'], title: string): Promise<void> {
    const caseId = String(c._id);
    this.publisher.toRoom(this.posts.allRooms(caseId), 'case:changed', { caseId, status: c.status as CaseStatus, change });
    const followers = (await this.cases.usersAtLevel(caseId, ['following'])).map((f) => f.userId).filter((id) => id !== actor.id);
    if (followers.length === 0) return;
    const resource = caseResource(c);
    const readers = (await this.users.findByIds(followers)).map(toActor).filter((a) => this.access.can(a, 'case.read', resource));
    await this.notifications.notify(
      readers.map((a) => a.id),
      { type: 'post', title, caseId },
    );
  }

  private async authorsOf(docs: CaseDoc[]): Promise<Authors> {
    const users = await this.users.findByIds(caseUserIds(docs));
    return new Map(users.map((u) => [String(u._id), info(toActor(u))]));
  }
}

function info(a: Actor): AuthorInfo {
  return { id: a.id, displayName: a.displayName, profession: a.profession, role: a.role };
}
