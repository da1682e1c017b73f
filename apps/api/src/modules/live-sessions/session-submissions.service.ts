import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  ErrorCodes,
  type CaseStatus,
  type Profession,
  type ReviewSubmissionRequest,
  type SessionAgendaItem,
  type SessionDto,
  type SessionPresenterView,
  type SessionSubmissionDto,
  type SessionSubmissionsView,
  type SessionWithAgenda,
  type SubmitCaseRequest,
} from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AccessService, UsersRepository, type Actor, type Resource } from '../identity';
import { PrivacyGate } from '../privacy';
import { audienceOf } from '../cases';
import { NotificationsService, quoted } from '../notifications';
import { SessionsRepository } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { SessionSubmissionsRepository } from './infra/session-submissions.repository';
import type { SessionSubmissionDoc } from './infra/session-submission.schema';
import { CASE_THREAD } from './live-sessions.service';

/** What submissions read of a case: the cases module's CasesService (bound to CASE_THREAD in the module). */
interface CaseRefs {
  getCaseRef(
    caseId: string,
  ): Promise<{ id: string; cohortId: string; authorId: string; title: string; status: CaseStatus; anonymous: boolean } | null>;
}
type CaseRef = NonNullable<Awaited<ReturnType<CaseRefs['getCaseRef']>>>;

const resourceOf = (s: LiveSessionDoc): Resource => ({
  kind: 'session',
  cohortId: String(s.cohortId),
  facilitatorId: String(s.facilitatorId),
});

/**
 * Case submissions for a session, ECHO style: a learner submits one of their
 * cases for an upcoming session; the facilitator (or the cohort's faculty, or an admin: the
 * `session.control` rule) approves it onto the agenda ("in review" → "scheduled") or returns it
 * with a note, and the author can revise and resubmit. The author is told either way (inbox,
 * `session` type). An author anonymous to peers stays anonymous in every answer, agenda and
 * notification of this flow: peers see "a learner" and the profession, never a name or id.
 */
@Injectable()
export class SessionSubmissionsService {
  constructor(
    private readonly repo: SessionSubmissionsRepository,
    private readonly sessions: SessionsRepository,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
    private readonly gate: PrivacyGate,
    private readonly notifications: NotificationsService,
    @Optional() @Inject(CASE_THREAD) private readonly cases: CaseRefs | null,
  ) {}

  async submit(actor: Actor, sessionId: string, input: SubmitCaseRequest): Promise<SessionSubmissionDto> {
    const s = await this.sessions.find(sessionId);
    if (!s) throw AppError.notFound(ErrorCodes.SESSION_NOT_FOUND, 'Session');
    this.access.require(actor, 'session.join', resourceOf(s));
    if (s.phase !== 'lobby') throw AppError.conflict(ErrorCodes.SESSION_STATE, 'Cases are submitted before the session starts');
    const ref = await this.caseRef(input.caseId);
    if (!ref || ref.cohortId !== String(s.cohortId)) {
      throw AppError.validation('caseId must be one of your cases in the session’s cohort', {
        field: 'caseId',
        reason: 'is not a case of the cohort',
      });
    }
    if (ref.authorId !== actor.id) throw AppError.forbidden('Only the author of a case can submit it');
    if (ref.status === 'closed') throw AppError.conflict(ErrorCodes.CASE_CLOSED, 'Reopen the case before submitting it');
    const before = await this.repo.findFor(sessionId, input.caseId);
    const doc = await this.repo.submit({ sessionId, cohortId: String(s.cohortId), caseId: input.caseId, authorId: actor.id }, new Date());
    if (!before || before.status === 'returned') {
      // the facilitator hears of it; the author's name only when the case is not anonymous
      await this.notifications.notify(
        [String(s.facilitatorId)].filter((id) => id !== actor.id),
        {
          type: 'session',
          title: `Case submitted for review: ${quoted(s.title)}`,
          sessionId,
          caseId: input.caseId,
          ...(ref.anonymous ? {} : { actorName: actor.displayName }),
        },
      );
    }
    return this.toDto(doc, actor, s, ref);
  }

  /** The caller's own submissions, and those of the upcoming sessions they may review. */
  async list(actor: Actor): Promise<SessionSubmissionsView> {
    const mine = await this.repo.byAuthor(actor.id);
    const upcoming = await this.sessions.list({ upcoming: true, ...(actor.role === 'admin' ? {} : { cohortIds: actor.cohortIds }) });
    const reviewable = upcoming.filter((s) => this.access.can(actor, 'session.control', resourceOf(s)));
    const toReview = await this.repo.forSessions(reviewable.map((s) => String(s._id)));
    const sessions = new Map(upcoming.map((s) => [String(s._id), s]));
    const dtos = async (docs: SessionSubmissionDoc[]) => {
      const out: SessionSubmissionDto[] = [];
      for (const d of docs) {
        const s = sessions.get(String(d.sessionId)) ?? (await this.sessions.find(String(d.sessionId)));
        if (!s || !this.access.can(actor, 'session.join', resourceOf(s))) continue;
        const ref = await this.caseRef(String(d.caseId));
        if (ref) out.push(await this.toDto(d, actor, s, ref));
      }
      return out;
    };
    return { mine: await dtos(mine), toReview: await dtos(toReview) };
  }

  async review(actor: Actor, submissionId: string, input: ReviewSubmissionRequest): Promise<SessionSubmissionDto> {
    const sub = await this.repo.find(submissionId);
    const s = sub ? await this.sessions.find(String(sub.sessionId)) : null;
    if (!sub || !s || !this.access.can(actor, 'session.join', resourceOf(s)))
      throw AppError.notFound(ErrorCodes.SESSION_SUBMISSION_NOT_FOUND, 'Submission');
    this.access.require(actor, 'session.control', resourceOf(s));
    if (s.phase === 'ended') throw AppError.conflict(ErrorCodes.SESSION_STATE, 'The session has ended');
    const note = input.note?.trim();
    if (input.decision === 'return' && !note)
      throw AppError.validation('Say what the author should change', { field: 'note', reason: 'is required to return a case' });
    // the note reaches the author's screen: nothing identifying is stored
    if (note) await this.gate.assertClean({ note }, { actorId: actor.id, target: 'session.submission' });
    const status = input.decision === 'approve' ? 'scheduled' : 'returned';
    const updated = await this.repo.review(submissionId, { status, ...(note ? { note } : {}), reviewerId: actor.id }, new Date());
    if (!updated) throw AppError.conflict(ErrorCodes.SESSION_STATE, 'This submission has already been decided');
    const ref = await this.caseRef(String(updated.caseId));
    await this.notifications.notify([String(updated.authorId)], {
      type: 'session',
      title:
        status === 'scheduled'
          ? `Your case is on the agenda of ${quoted(s.title)}`
          : `Your case was returned for changes before ${quoted(s.title)}`,
      sessionId: String(s._id),
      caseId: String(updated.caseId),
      actorName: actor.displayName,
    });
    return this.toDto(updated, actor, s, ref);
  }

  /** The approved cases of each session, as this viewer may see them (presenters anonymous to peers stay so). */
  async withAgenda<T extends SessionDto>(actor: Actor, list: T[]): Promise<(T & SessionWithAgenda)[]> {
    const scheduled = await this.repo.forSessions(
      list.map((s) => s.id),
      'scheduled',
    );
    const bySession = new Map<string, SessionAgendaItem[]>();
    for (const d of scheduled) {
      const ref = await this.caseRef(String(d.caseId));
      if (!ref) continue;
      const item: SessionAgendaItem = {
        submissionId: String(d._id),
        caseId: ref.id,
        caseTitle: ref.title,
        ...(await this.presenter(actor, d, ref)),
      };
      const items = bySession.get(String(d.sessionId));
      if (items) items.push(item);
      else bySession.set(String(d.sessionId), [item]);
    }
    return list.map((s) => ({ ...s, agenda: bySession.get(s.id) ?? [] }));
  }

  async withAgendaOne<T extends SessionDto>(actor: Actor, s: T): Promise<T & SessionWithAgenda> {
    return (await this.withAgenda(actor, [s]))[0];
  }

  private caseRef(caseId: string): Promise<CaseRef | null> {
    return this.cases ? this.cases.getCaseRef(caseId) : Promise.resolve(null);
  }

  /** Who presents, as the viewer may see it: peers other than the author never learn an anonymous author. */
  private async presenter(viewer: Actor, d: SessionSubmissionDoc, ref: CaseRef): Promise<SessionPresenterView> {
    const author = await this.users.findById(String(d.authorId));
    if (!author) return { presenterAnonymous: true };
    const profession: Profession = author.profession;
    const hide = ref.anonymous && audienceOf(viewer) === 'peer' && viewer.id !== String(d.authorId);
    if (hide) return { presenterAnonymous: true, presenterProfession: profession };
    return { presenterId: String(d.authorId), presenterName: author.displayName, presenterProfession: profession };
  }

  private async toDto(d: SessionSubmissionDoc, viewer: Actor, s: LiveSessionDoc, ref: CaseRef | null): Promise<SessionSubmissionDto> {
    return {
      id: String(d._id),
      sessionId: String(s._id),
      sessionTitle: s.title,
      sessionStartsAt: new Date(s.startsAt).toISOString(),
      caseId: String(d.caseId),
      caseTitle: ref?.title ?? 'A case that is no longer available',
      status: d.status,
      ...(d.note && d.status === 'returned' ? { note: d.note } : {}),
      submittedAt: new Date(d.submittedAt).toISOString(),
      ...(d.reviewedAt ? { reviewedAt: new Date(d.reviewedAt).toISOString() } : {}),
      ...(ref ? await this.presenter(viewer, d, ref) : { presenterAnonymous: true }),
    };
  }
}
