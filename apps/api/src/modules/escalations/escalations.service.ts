import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ErrorCodes,
  PROFESSIONS,
  rooms,
  type AnswerEscalationRequest,
  type CreateEscalationRequest,
  type DeclineEscalationRequest,
  type EscalationDto,
  type EscalationStatus,
  type FacultyColleagueDto,
  type NotificationType,
  type Profession,
  type ProvideInfoRequest,
  type RequestInfoRequest,
  type RoutePreviewDto,
  type TransferEscalationRequest,
  type Urgency,
} from '@casebridge/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AppError } from '../../common/app-error';
import { AccessService, UsersRepository, type Actor, type UserDoc } from '../identity';
import { PrivacyGate, textFields } from '../privacy';
import { Publisher } from '../realtime';
import { audienceOf, CasesService } from '../cases';
import { NotificationsService, quoted } from '../notifications';
import { Clock } from './clock';
import { EscalationsRepository, type NewTimelineEntry } from './infra/escalations.repository';
import type { EscalationDoc } from './infra/escalation.schema';
import { escalationResource, recommendationBody, toEscalationDto, withoutAsker } from './escalations.mapper';
import { RoutingMapService } from './routing-map.service';
import { chooseAssignee, matches, targetProfessions, type RoutingCandidate, type RoutingDecision } from './routing';
import { nextCheckAt, targetDueAt } from './timers';

/** Statuses in which an escalation still waits for faculty (a second one on the same case is double load). */
const WAITING: EscalationStatus[] = ['assigned', 'offered', 'claimed', 'needs_info'];

type Timeline = NewTimelineEntry;

/** What a faculty pool looks like for one escalation: who is in it, who of them is on duty. */
interface Pool {
  decision: RoutingDecision;
  members: UserDoc[];
}

/**
 * Escalation use cases: create (route), list, read, claim, answer, resolve, and the timer
 * transitions (offer to the pool, overdue → alert and re-route) the sweeper calls. Every use case
 * starts with the access check; every state change is a compare-and-set on `version`, so a claim
 * racing a timer (or two replicas' timers) cannot both win.
 */
@Injectable()
export class EscalationsService {
  private readonly logger = new Logger('Escalations');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: EscalationsRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly gate: PrivacyGate,
    private readonly publisher: Publisher,
    private readonly cases: CasesService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly routingMap: RoutingMapService,
  ) {}

  // ---------------------------------------------------------------- use cases

  async create(actor: Actor, caseId: string, req: CreateEscalationRequest): Promise<EscalationDto> {
    const ref = await this.cases.getCaseRef(caseId);
    if (!ref) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
    this.access.require(actor, 'escalation.create', { kind: 'case', cohortId: ref.cohortId, authorId: ref.authorId });
    if (ref.status === 'closed') throw AppError.conflict(ErrorCodes.CASE_CLOSED, 'This case is closed; reopen it before escalating');
    await this.gate.assertClean({ question: req.question }, { actorId: actor.id, target: 'escalation' });
    if (!req.despiteOpen) {
      const open = (await this.repo.listForCase(ref.id)).find((e) => WAITING.includes(e.status));
      if (open) {
        throw AppError.conflict(
          ErrorCodes.ESCALATION_STATE,
          'This case already has an open escalation; faculty are working on it. Send it again only if this is a different question (despiteOpen: true).',
          { field: 'despiteOpen', reason: 'open escalation exists', escalationId: String(open._id) },
        );
      }
    }

    const now = this.clock.now();
    const requested = req.professions ?? [];
    const pool = await this.pool(req.domains, requested, []);
    const { decision } = pool;
    const dueAt = targetDueAt(now, req.urgency, this.config.escalationTargetHours);
    const assigned = Boolean(decision.assigneeId);
    const timeline: Timeline[] = [{ at: now, type: 'created', actorId: actor.id }];
    timeline.push(
      assigned
        ? { at: now, type: 'assigned', actorId: decision.assigneeId!, note: decision.reason }
        : { at: now, type: 'offered', note: decision.reason },
    );
    const claimDueAt = assigned ? new Date(now.getTime() + this.config.escalationClaimWindowMinutes * 60_000) : undefined;
    const state = { status: (assigned ? 'assigned' : 'offered') as EscalationStatus, claimDueAt, nextOverdueAt: dueAt };
    const doc = await this.repo.create({
      caseId: ref.id,
      cohortId: ref.cohortId,
      caseTitle: ref.title,
      askerId: actor.id,
      question: req.question,
      domains: [...req.domains].sort((a, b) => a - b),
      professions: requested,
      targetProfessions: decision.targetProfessions,
      urgency: req.urgency,
      status: state.status,
      ...(assigned ? { assigneeId: decision.assigneeId! } : {}),
      routingReason: decision.reason,
      createdAt: now,
      dueAt,
      ...(claimDueAt ? { claimDueAt } : {}),
      nextOverdueAt: dueAt,
      nextCheckAt: nextCheckAt(state) ?? null,
      timeline,
    });
    await this.cases.setStatus(ref.id, 'escalated');

    const dto = await this.dto(doc);
    const title = `${req.urgency === 'urgent' ? 'Urgent escalation' : 'Escalation'}: ${quoted(ref.title)}`;
    if (assigned) {
      await this.grant(doc, [decision.assigneeId!]);
      this.publisher.toUser(decision.assigneeId!, 'escalation:assigned', dto);
      this.emitUpdated(doc, dto);
      await this.notify([decision.assigneeId!], 'escalation', title, doc);
    } else {
      // Nobody matched: offer to the whole pool and tell the admins.
      await this.offerSideEffects(doc, dto, pool.members, title, [], true);
      await this.alertAdmins(doc, `Unrouted escalation: ${quoted(ref.title)}`);
    }
    return dto;
  }

  async list(actor: Actor, scope: 'mine' | 'all' = 'mine'): Promise<EscalationDto[]> {
    let docs: EscalationDoc[];
    if (scope === 'all') {
      if (actor.role !== 'admin') throw AppError.forbidden('Only administrators can list all escalations');
      docs = await this.repo.listAll();
    } else if (actor.role === 'faculty') {
      docs = await this.repo.listForFaculty(actor.id, actor.profession);
    } else if (actor.role === 'admin') {
      docs = await this.repo.listInvolving(actor.id);
    } else {
      docs = await this.repo.listForAsker(actor.id);
    }
    return this.dtos(
      docs.filter((d) => this.access.can(actor, 'escalation.read', escalationResource(d))),
      actor,
    );
  }

  async get(actor: Actor, id: string): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.read', escalationResource(doc));
    return this.dto(doc, actor);
  }

  /** Which faculty professions a question would route to and how many candidates are on duty. */
  async routePreview(domains: number[], professions: Profession[] = [], urgency?: Urgency): Promise<RoutePreviewDto> {
    const { decision, members } = await this.pool(domains, professions, []);
    const who = decision.assigneeId ? members.find((u) => String(u._id) === decision.assigneeId) : undefined;
    const hours = this.config.escalationTargetHours;
    return {
      targetProfessions: decision.targetProfessions,
      candidates: decision.eligible,
      ...(who ? { assignee: { displayName: who.displayName, profession: who.profession as Profession } } : {}),
      targetHours: { urgent: hours.urgent, routine: hours.routine },
      ...(urgency ? { dueAt: targetDueAt(this.clock.now(), urgency, hours).toISOString() } : {}),
    };
  }

  /** The escalations of one case, as the viewer may see them (the case page's escalation panel). */
  async listForCase(actor: Actor, caseId: string): Promise<EscalationDto[]> {
    const ref = await this.cases.getCaseRef(caseId);
    if (!ref) throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
    const docs = (await this.repo.listForCase(ref.id)).filter((d) => this.access.can(actor, 'escalation.read', escalationResource(d)));
    if (!docs.length && !this.access.can(actor, 'escalation.create', { kind: 'case', cohortId: ref.cohortId, authorId: ref.authorId })) {
      // Nothing readable and not a member: do not confirm the case exists.
      throw AppError.notFound(ErrorCodes.CASE_NOT_FOUND, 'Case');
    }
    return this.dtos(
      docs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()),
      actor,
    );
  }

  /** Faculty colleagues an escalation may be transferred to (every faculty member but the caller). */
  async colleagues(actor: Actor): Promise<FacultyColleagueDto[]> {
    if (actor.role !== 'faculty' && actor.role !== 'admin')
      throw AppError.forbidden('Only faculty and administrators transfer escalations');
    const all = await this.users.faculty([...PROFESSIONS]);
    return all
      .filter((u) => String(u._id) !== actor.id)
      .map((u) => ({ id: String(u._id), displayName: u.displayName, profession: u.profession as Profession, onDuty: u.onDuty !== false }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  async claim(actor: Actor, id: string): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.claim', escalationResource(doc));
    if (doc.status !== 'assigned' && doc.status !== 'offered') {
      throw AppError.conflict(
        ErrorCodes.ESCALATION_STATE,
        `This escalation is ${doc.status}; only assigned or offered ones can be claimed`,
      );
    }
    const now = this.clock.now();
    const state = { status: 'claimed' as const, nextOverdueAt: doc.nextOverdueAt };
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version },
      {
        set: { status: 'claimed', assigneeId: actor.id, claimedAt: now, nextCheckAt: nextCheckAt(state) ?? null },
        unset: ['claimDueAt'],
        timeline: [{ at: now, type: 'claimed', actorId: actor.id }],
        ...(doc.assigneeId && String(doc.assigneeId) !== actor.id ? { addPreviousAssignee: String(doc.assigneeId) } : {}),
      },
    );
    if (!updated)
      throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile (claimed or re-routed); reload it');
    await this.grant(updated, [actor.id]);
    const dto = await this.dto(updated);
    this.emitUpdated(updated, dto, doc.assigneeId ? [String(doc.assigneeId)] : []);
    await this.notify(
      [String(updated.askerId)],
      'escalation',
      `Escalation claimed: ${this.caseLabel(updated, 'your case')}`,
      updated,
      undefined,
      actor.displayName,
    );
    return dto;
  }

  async answer(actor: Actor, id: string, req: AnswerEscalationRequest): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.answer', escalationResource(doc));
    if (doc.status !== 'assigned' && doc.status !== 'claimed') {
      throw AppError.conflict(ErrorCodes.ESCALATION_STATE, `This escalation is ${doc.status}; claim it before answering`);
    }
    await this.gate.assertClean(textFields(req), { actorId: actor.id, target: 'escalation.answer' });
    const now = this.clock.now();
    const answer = {
      restatedQuestion: req.restatedQuestion,
      recommendations: req.recommendations,
      rationale: req.rationale,
      ...(req.contingency ? { contingency: req.contingency } : {}),
      ...(req.followUp ? { followUp: req.followUp } : {}),
    };
    const answered = await this.repo.apply(
      String(doc._id),
      { version: doc.version, assigneeId: actor.id },
      {
        set: { status: 'answered', answeredAt: now, answeredBy: actor.id, answererProfession: actor.profession, answer },
        unset: ['nextCheckAt', 'claimDueAt', 'nextOverdueAt'],
        timeline: [{ at: now, type: 'answered', actorId: actor.id }],
      },
    );
    if (!answered)
      throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile (re-routed or answered); reload it');

    let postId: string;
    try {
      await this.cases.grantFacultyAccess(String(doc.caseId), actor.id);
      const post = await this.cases.addPost(actor, String(doc.caseId), {
        body: recommendationBody(answer),
        kind: 'recommendation',
        clientId: `esc-answer-${String(doc._id)}`,
        recommendation: { escalationId: String(doc._id), ...answer },
      });
      postId = post.id;
    } catch (err) {
      // The thread refused the recommendation (e.g. the case was closed): undo the answer so the
      // escalation stays open and its timers keep running.
      await this.repo.apply(
        String(doc._id),
        { version: answered.version },
        {
          set: {
            status: doc.status,
            nextCheckAt: doc.nextCheckAt ?? null,
            ...(doc.claimDueAt ? { claimDueAt: doc.claimDueAt } : {}),
            ...(doc.nextOverdueAt ? { nextOverdueAt: doc.nextOverdueAt } : {}),
          },
          unset: ['answeredAt', 'answeredBy', 'answererProfession', 'answer'],
        },
      );
      throw err;
    }
    const final = (await this.repo.apply(String(doc._id), { version: answered.version }, { set: { postId } })) ?? answered;
    await this.cases.setStatus(String(doc.caseId), 'answered');
    const dto = await this.dto(final);
    this.emitUpdated(final, dto);
    await this.notify(
      [String(final.askerId)],
      'answer',
      `Faculty recommendation: ${this.caseLabel(final, 'your case')}`,
      final,
      postId,
      actor.displayName,
    );
    return dto;
  }

  async resolve(actor: Actor, id: string): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.resolve', escalationResource(doc));
    if (doc.status === 'resolved') throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation is already resolved');
    const now = this.clock.now();
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version },
      {
        set: { status: 'resolved', resolvedAt: now },
        unset: ['nextCheckAt', 'claimDueAt', 'nextOverdueAt'],
        timeline: [
          {
            at: now,
            type: 'resolved',
            actorId: actor.id,
            ...(doc.status !== 'answered' ? { note: `withdrawn while ${doc.status}` } : {}),
          },
        ],
      },
    );
    if (!updated) throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile; reload it');
    // Resolved (answered or withdrawn): the case no longer shows "escalated"/"answered" once nothing else is pending.
    await this.reopenCaseIfNothingOpen(String(doc.caseId));
    const dto = await this.dto(updated);
    this.emitUpdated(updated, dto);
    if (updated.assigneeId && String(updated.assigneeId) !== actor.id) {
      await this.notify([String(updated.assigneeId)], 'escalation', `Escalation resolved: ${this.caseLabel(updated, 'a case')}`, updated);
    }
    return dto;
  }

  // ---------------------------------------------------------------- faculty workflow

  /**
   * The assignee declines, with a reason (gated): it is re-routed to another matching on-duty
   * faculty member who has not had it yet, else offered to the pool. The decliner is not asked again.
   */
  async decline(actor: Actor, id: string, req: DeclineEscalationRequest): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.answer', escalationResource(doc));
    this.assertHolder(doc, actor, 'decline');
    await this.gate.assertClean({ reason: req.reason }, { actorId: actor.id, target: 'escalation.decline' });
    const now = this.clock.now();
    const previous = (doc.previousAssigneeIds ?? []).map(String);
    let pool = await this.pool(doc.domains, doc.professions, [actor.id, ...previous]);
    if (!pool.decision.assigneeId && previous.length) pool = await this.pool(doc.domains, doc.professions, [actor.id]);
    const { decision } = pool;
    const members = pool.members.filter((u) => String(u._id) !== actor.id);
    const reassigned = Boolean(decision.assigneeId);
    const claimDueAt = reassigned ? new Date(now.getTime() + this.config.escalationClaimWindowMinutes * 60_000) : undefined;
    const state = { status: (reassigned ? 'assigned' : 'offered') as EscalationStatus, claimDueAt, nextOverdueAt: doc.nextOverdueAt };
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version },
      {
        set: {
          status: state.status,
          nextCheckAt: nextCheckAt(state) ?? null,
          routingReason: decision.reason,
          ...(reassigned ? { assigneeId: decision.assigneeId!, claimDueAt } : {}),
        },
        unset: ['claimedAt', ...(reassigned ? [] : (['assigneeId', 'claimDueAt'] as const))],
        timeline: [
          { at: now, type: 'declined', actorId: actor.id, text: req.reason },
          reassigned
            ? { at: now, type: 'rerouted', actorId: decision.assigneeId!, note: decision.reason }
            : { at: now, type: 'offered', note: decision.reason },
        ],
        addPreviousAssignee: actor.id,
      },
    );
    if (!updated) throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile; reload it');
    const dto = await this.dto(updated);
    const label = this.caseLabel(updated, 'a case');
    if (reassigned) {
      await this.grant(updated, [decision.assigneeId!]);
      this.publisher.toUser(decision.assigneeId!, 'escalation:assigned', dto);
      this.emitUpdated(updated, dto, [actor.id]);
      await this.notify(
        [decision.assigneeId!],
        'escalation',
        `Declined by a colleague and re-routed to you: ${label}`,
        updated,
        undefined,
        actor.displayName,
      );
    } else {
      await this.offerSideEffects(
        updated,
        dto,
        members,
        `Declined by a colleague; open to your pool: ${label}`,
        [actor.id],
        true,
        actor.displayName,
      );
    }
    await this.notify(
      [String(updated.askerId)],
      'escalation',
      `Your escalation was declined and re-routed: ${this.caseLabel(updated, 'your case')}`,
      updated,
      undefined,
      actor.displayName,
    );
    return dto;
  }

  /** The assignee (or an admin) hands the escalation to a named faculty colleague, with an optional note (gated). */
  async transfer(actor: Actor, id: string, req: TransferEscalationRequest): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.answer', escalationResource(doc));
    if (actor.role !== 'admin' || doc.status === 'needs_info') this.assertHolder(doc, actor, 'transfer');
    else if (!['assigned', 'offered', 'claimed'].includes(doc.status)) {
      throw AppError.conflict(ErrorCodes.ESCALATION_STATE, `This escalation is ${doc.status}; only open ones can be transferred`);
    }
    if (req.toUserId === actor.id)
      throw AppError.validation('Choose a colleague other than yourself', { field: 'toUserId', reason: 'is yourself' });
    const [target] = await this.users.findByIds([req.toUserId]);
    if (!target || target.role !== 'faculty')
      throw AppError.validation('toUserId must be a faculty member', { field: 'toUserId', reason: 'not a faculty member' });
    const note = req.note?.trim();
    if (note) await this.gate.assertClean({ note }, { actorId: actor.id, target: 'escalation.transfer' });
    const now = this.clock.now();
    const targetId = String(target._id);
    const claimDueAt = new Date(now.getTime() + this.config.escalationClaimWindowMinutes * 60_000);
    const state = { status: 'assigned' as const, claimDueAt, nextOverdueAt: doc.nextOverdueAt };
    const reason = `transferred by ${actor.displayName} to ${target.displayName} (${target.profession ?? 'faculty'})`;
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version },
      {
        set: { status: 'assigned', assigneeId: targetId, claimDueAt, nextCheckAt: nextCheckAt(state) ?? null, routingReason: reason },
        unset: ['claimedAt'],
        timeline: [
          { at: now, type: 'transferred', actorId: actor.id, note: reason, ...(note ? { text: note } : {}) },
          { at: now, type: 'assigned', actorId: targetId, note: reason },
        ],
        ...(doc.assigneeId ? { addPreviousAssignee: String(doc.assigneeId) } : {}),
      },
    );
    if (!updated) throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile; reload it');
    await this.grant(updated, [targetId]);
    const dto = await this.dto(updated);
    this.publisher.toUser(targetId, 'escalation:assigned', dto);
    this.emitUpdated(updated, dto, [actor.id, ...(doc.assigneeId ? [String(doc.assigneeId)] : [])]);
    await this.notify(
      [targetId],
      'escalation',
      `Escalation transferred to you: ${this.caseLabel(updated, 'a case')}`,
      updated,
      undefined,
      actor.displayName,
    );
    await this.notify(
      [String(updated.askerId)],
      'escalation',
      `Your escalation was transferred to a colleague: ${this.caseLabel(updated, 'your case')}`,
      updated,
      undefined,
      actor.displayName,
    );
    return dto;
  }

  /**
   * The assignee asks the asker for more information: status `needs_info`, the response clock
   * pauses (no timers run), the question is posted in the case thread and the asker is notified.
   * Asking counts as taking it on (it returns as `claimed`).
   */
  async requestInfo(actor: Actor, id: string, req: RequestInfoRequest): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.answer', escalationResource(doc));
    this.assertHolder(doc, actor, 'ask the asker about');
    await this.gate.assertClean({ question: req.question }, { actorId: actor.id, target: 'escalation.request-info' });
    const ref = await this.cases.getCaseRef(String(doc.caseId));
    if (ref?.status === 'closed')
      throw AppError.conflict(ErrorCodes.CASE_CLOSED, 'This case is closed; the asker cannot answer in its thread');
    const now = this.clock.now();
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version, assigneeId: actor.id },
      {
        set: { status: 'needs_info', pausedAt: now, pausedFrom: 'claimed', ...(doc.claimedAt ? {} : { claimedAt: now }) },
        unset: ['nextCheckAt', 'claimDueAt'],
        timeline: [{ at: now, type: 'info_requested', actorId: actor.id, text: req.question }],
      },
    );
    if (!updated) throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile; reload it');
    let postId: string | undefined;
    try {
      const post = await this.cases.addPost(actor, String(doc.caseId), {
        body: `More information needed to answer the escalation: ${req.question}`,
        kind: 'post',
        clientId: `esc-info-${String(doc._id)}-${updated.version}`,
      });
      postId = post.id;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, escalationId: id }, 'info request post failed');
    }
    const dto = await this.dto(updated);
    this.emitUpdated(updated, dto);
    await this.notify(
      [String(updated.askerId)],
      'escalation',
      `Faculty need more information: ${this.caseLabel(updated, 'your case')}`,
      updated,
      postId,
      actor.displayName,
    );
    return dto;
  }

  /** The asker answers in the thread (a normal post, anonymous when they are); the clock resumes where it paused. */
  async provideInfo(actor: Actor, id: string, req: ProvideInfoRequest): Promise<EscalationDto> {
    const doc = await this.load(id);
    this.access.require(actor, 'escalation.resolve', escalationResource(doc));
    if (String(doc.askerId) !== actor.id) throw AppError.forbidden('Only the asker answers the faculty question');
    if (doc.status !== 'needs_info')
      throw AppError.conflict(ErrorCodes.ESCALATION_STATE, `This escalation is ${doc.status}; nobody is waiting for information`);
    const post = await this.cases.replyInThread(actor, String(doc.caseId), {
      body: req.answer,
      clientId: `esc-info-answer-${String(doc._id)}-${doc.version}`,
    });
    const now = this.clock.now();
    const pausedMs = Math.max(0, now.getTime() - (doc.pausedAt ?? now).getTime());
    const shift = (d?: Date | null) => (d ? new Date(d.getTime() + pausedMs) : undefined);
    const status = doc.pausedFrom ?? 'claimed';
    const nextOverdueAt = shift(doc.nextOverdueAt);
    const state = { status, nextOverdueAt };
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version, status: 'needs_info' },
      {
        set: { status, dueAt: shift(doc.dueAt), ...(nextOverdueAt ? { nextOverdueAt } : {}), nextCheckAt: nextCheckAt(state) ?? null },
        unset: ['pausedAt', 'pausedFrom'],
        timeline: [{ at: now, type: 'info_provided', actorId: actor.id, note: `clock paused for ${Math.round(pausedMs / 60_000)} min` }],
      },
    );
    if (!updated) throw AppError.conflict(ErrorCodes.ESCALATION_STATE, 'This escalation changed meanwhile; reload it');
    const dto = await this.dto(updated);
    this.emitUpdated(updated, dto);
    if (updated.assigneeId) {
      await this.notify(
        [String(updated.assigneeId)],
        'escalation',
        `The asker answered your question: ${this.caseLabel(updated, 'a case')}`,
        updated,
        post.id,
      );
    }
    return dto;
  }

  private assertHolder(doc: EscalationDoc, actor: Actor, verb: string): void {
    if ((doc.status !== 'assigned' && doc.status !== 'claimed') || String(doc.assigneeId ?? '') !== actor.id) {
      throw AppError.conflict(
        ErrorCodes.ESCALATION_STATE,
        `Only the faculty member holding an assigned or claimed escalation can ${verb} it (it is ${doc.status})`,
      );
    }
  }

  // ---------------------------------------------------------------- timer transitions (sweeper)

  /** The claim window passed with nobody claiming: offer it to the whole matching pool. */
  async offerToPool(doc: EscalationDoc, lease: Date): Promise<boolean> {
    const now = this.clock.now();
    const { members } = await this.pool(doc.domains, doc.professions, []);
    const state = { status: 'offered' as const, nextOverdueAt: doc.nextOverdueAt };
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version, leaseUntil: lease },
      {
        set: { status: 'offered', nextCheckAt: nextCheckAt(state) ?? null },
        unset: ['assigneeId', 'claimDueAt', 'leaseUntil'],
        timeline: [
          {
            at: now,
            type: 'offered',
            note: `not claimed within ${this.config.escalationClaimWindowMinutes} min; offered to the ${doc.targetProfessions.join('/')} pool (${members.length} faculty)`,
          },
        ],
        ...(doc.assigneeId ? { addPreviousAssignee: String(doc.assigneeId) } : {}),
      },
    );
    if (!updated) return false;
    const dto = await this.dto(updated);
    await this.offerSideEffects(
      updated,
      dto,
      members,
      `Escalation open to your pool: ${this.caseLabel(updated, 'a case')}`,
      doc.assigneeId ? [String(doc.assigneeId)] : [],
    );
    return true;
  }

  /**
   * The response target passed unanswered: alert the admins and re-route to another on-duty
   * faculty member (or, when there is none, offer it to the pool). The next alert comes one
   * target period later if it is still unanswered.
   */
  async overdue(doc: EscalationDoc, lease: Date): Promise<boolean> {
    const now = this.clock.now();
    const current = doc.assigneeId ? String(doc.assigneeId) : undefined;
    const previous = (doc.previousAssigneeIds ?? []).map(String);
    // Prefer someone who has not had it yet; then anyone but the current holder.
    let pool = await this.pool(doc.domains, doc.professions, [...(current ? [current] : []), ...previous]);
    if (!pool.decision.assigneeId && previous.length) pool = await this.pool(doc.domains, doc.professions, current ? [current] : []);
    const { decision, members } = pool;
    const nextOverdueAt = new Date(now.getTime() + this.config.escalationTargetHours[doc.urgency] * 3_600_000);
    const reassigned = Boolean(decision.assigneeId);
    const claimDueAt = reassigned ? new Date(now.getTime() + this.config.escalationClaimWindowMinutes * 60_000) : undefined;
    const state = { status: (reassigned ? 'assigned' : 'offered') as EscalationStatus, claimDueAt, nextOverdueAt };
    const hours = Math.round(((now.getTime() - doc.createdAt.getTime()) / 3_600_000) * 10) / 10;
    const timeline: Timeline[] = [
      {
        at: now,
        type: 'overdue',
        note: `target of ${this.config.escalationTargetHours[doc.urgency]} h passed unanswered (${hours} h open); admins alerted`,
      },
      reassigned
        ? { at: now, type: 'rerouted', actorId: decision.assigneeId!, note: decision.reason }
        : { at: now, type: 'offered', note: decision.reason },
    ];
    const updated = await this.repo.apply(
      String(doc._id),
      { version: doc.version, leaseUntil: lease },
      {
        set: {
          status: state.status,
          nextOverdueAt,
          nextCheckAt: nextCheckAt(state) ?? null,
          routingReason: decision.reason,
          ...(reassigned ? { assigneeId: decision.assigneeId!, claimDueAt } : {}),
        },
        unset: ['leaseUntil', 'claimedAt', ...(reassigned ? [] : (['assigneeId', 'claimDueAt'] as const))],
        timeline,
        ...(current ? { addPreviousAssignee: current } : {}),
      },
    );
    if (!updated) return false;
    const dto = await this.dto(updated);
    await this.alertAdmins(updated, `Overdue escalation: ${this.caseLabel(updated, 'a case')}`);
    if (reassigned) {
      await this.grant(updated, [decision.assigneeId!]);
      this.publisher.toUser(decision.assigneeId!, 'escalation:assigned', dto);
      this.emitUpdated(updated, dto, current ? [current] : [], true);
      await this.notify(
        [decision.assigneeId!],
        'escalation',
        `Overdue escalation re-routed to you: ${this.caseLabel(updated, 'a case')}`,
        updated,
      );
    } else {
      await this.offerSideEffects(
        updated,
        dto,
        members,
        `Overdue escalation open to your pool: ${this.caseLabel(updated, 'a case')}`,
        current ? [current] : [],
        true,
      );
    }
    return true;
  }

  /** Nothing was due after all (the state moved on): store the right next check, drop the lease. */
  async reschedule(doc: EscalationDoc, lease: Date): Promise<void> {
    const next = nextCheckAt(doc);
    await this.repo.apply(
      String(doc._id),
      { version: doc.version, leaseUntil: lease },
      next ? { set: { nextCheckAt: next }, unset: ['leaseUntil'] } : { unset: ['nextCheckAt', 'leaseUntil'] },
    );
  }

  // ---------------------------------------------------------------- figures for analytics

  /** Response-time samples (created → answered) for the quality-improvement figures. */
  async responseTimeSamples(): Promise<{ domains: number[]; profession?: Profession; createdAt: Date; answeredAt: Date }[]> {
    const docs = await this.repo.answered();
    return docs
      .filter((d) => d.answeredAt)
      .map((d) => ({
        domains: d.domains,
        ...(d.answererProfession ? { profession: d.answererProfession } : {}),
        createdAt: d.createdAt,
        answeredAt: d.answeredAt!,
      }));
  }

  // ---------------------------------------------------------------- helpers

  private async load(id: string): Promise<EscalationDoc> {
    const doc = await this.repo.findById(id);
    if (!doc) throw AppError.notFound(ErrorCodes.ESCALATION_NOT_FOUND, 'Escalation');
    return doc;
  }

  /** Faculty of the target professions with their open load, and the routing choice among them. */
  private async pool(domains: number[], requested: Profession[], exclude: string[]): Promise<Pool> {
    // the admins' map from the database (else the configured default): changes apply without a restart
    const map = await this.routingMap.current();
    const targets = targetProfessions(domains, requested, map);
    const faculty = targets.length ? await this.users.faculty(targets) : [];
    const load = await this.repo.openLoad(faculty.map((u) => String(u._id)));
    const candidates: RoutingCandidate[] = faculty.map((u) => ({
      id: String(u._id),
      profession: u.profession as Profession,
      onDuty: u.onDuty !== false,
      expertiseDomains: u.expertiseDomains ?? undefined,
      load: load.get(String(u._id)) ?? 0,
    }));
    const decision = chooseAssignee({ domains, requested, candidates, map, exclude });
    const members = faculty.filter((u, i) => matches(candidates[i], domains, targets, map));
    return { decision, members };
  }

  /** Faculty an escalation reaches may read its case (cases.grantFacultyAccess). */
  private async grant(doc: EscalationDoc, facultyIds: string[]): Promise<void> {
    for (const id of new Set(facultyIds)) await this.cases.grantFacultyAccess(String(doc.caseId), id);
  }

  /** `escalation:updated` to the asker, the assignee, the pool rooms of its target professions (+ extra users). */
  private emitUpdated(doc: EscalationDoc, dto: EscalationDto, extraUserIds: string[] = [], admins = false): void {
    const targets = [
      rooms.user(String(doc.askerId)),
      ...(doc.assigneeId ? [rooms.user(String(doc.assigneeId))] : []),
      ...extraUserIds.map(rooms.user),
      ...doc.targetProfessions.map(rooms.faculty),
      ...(admins ? [rooms.admins()] : []),
    ];
    // One emit to the union of rooms: a socket in several of them gets it once.
    this.publisher.toRoom([...new Set(targets)], 'escalation:updated', dto);
  }

  private async offerSideEffects(
    doc: EscalationDoc,
    dto: EscalationDto,
    members: UserDoc[],
    title: string,
    extraUserIds: string[] = [],
    admins = false,
    actorName?: string,
  ): Promise<void> {
    await this.grant(
      doc,
      members.map((u) => String(u._id)),
    );
    this.emitUpdated(doc, dto, extraUserIds, admins);
    const onDuty = members.filter((u) => u.onDuty !== false).map((u) => String(u._id));
    if (onDuty.length) await this.notify(onDuty, 'escalation', title, doc, undefined, actorName);
  }

  /** The inbox half of an admin alert (the `escalation:updated` to the admins room goes with emitUpdated). */
  private async alertAdmins(doc: EscalationDoc, title: string): Promise<void> {
    const admins = (await this.users.admins()).map((u) => String(u._id));
    if (admins.length) await this.notify(admins, 'escalation', title, doc);
  }

  /** Titles carry metadata only (urgency, the gated case title), never the question text. */
  private async notify(
    userIds: string[],
    type: NotificationType,
    title: string,
    doc: EscalationDoc,
    postId?: string,
    actorName?: string,
  ): Promise<void> {
    try {
      await this.notifications.notify(userIds, {
        type,
        title,
        caseId: String(doc.caseId),
        escalationId: String(doc._id),
        ...(postId ? { postId } : {}),
        ...(actorName ? { actorName } : {}),
      });
    } catch (err) {
      // The escalation itself is stored and published; a failed inbox write must not undo it.
      this.logger.warn({ err: (err as Error).message, escalationId: String(doc._id) }, 'escalation notification failed');
    }
  }

  private caseLabel(doc: EscalationDoc, fallback: string): string {
    return doc.caseTitle ? quoted(doc.caseTitle) : fallback;
  }

  private async reopenCaseIfNothingOpen(caseId: string): Promise<void> {
    const others = await this.repo.listForCase(caseId);
    if (others.some((e) => e.status !== 'resolved')) return;
    const ref = await this.cases.getCaseRef(caseId);
    if (ref?.status === 'escalated' || ref?.status === 'answered') await this.cases.setStatus(caseId, 'open');
  }

  /**
   * DTOs as `viewer` may see them (every DTO per audience). Without a viewer: the full
   * view, for events that go only to the asker's, assignees', faculty pools' and admins' rooms.
   */
  private async dto(doc: EscalationDoc, viewer?: Actor): Promise<EscalationDto> {
    return (await this.dtos([doc], viewer))[0];
  }

  private async dtos(docs: EscalationDoc[], viewer?: Actor): Promise<EscalationDto[]> {
    const ids = [...new Set(docs.filter((d) => d.assigneeId).map((d) => String(d.assigneeId)))];
    const names = new Map((ids.length ? await this.users.findByIds(ids) : []).map((u) => [String(u._id), u.displayName] as const));
    const out: EscalationDto[] = [];
    for (const d of docs) {
      const dto = toEscalationDto(d, names);
      out.push(viewer && (await this.askerHiddenFrom(d, viewer)) ? withoutAsker(dto) : dto);
    }
    return out;
  }

  /**
   * A peer (a learner who is not a moderator) other than the asker may not learn who asked when the
   * asker is the anonymous author of the case. Decided from the case at read time, so escalations
   * stored before this rule are covered too.
   */
  private async askerHiddenFrom(d: EscalationDoc, viewer: Actor): Promise<boolean> {
    if (audienceOf(viewer) !== 'peer' || String(d.askerId) === viewer.id) return false;
    const ref = await this.cases.getCaseRef(String(d.caseId));
    // A case that is gone: keep the asker hidden rather than guess.
    return !ref || (ref.anonymous && ref.authorId === String(d.askerId));
  }
}
