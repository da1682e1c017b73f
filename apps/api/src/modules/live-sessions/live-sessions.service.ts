import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  PROFESSION_LABELS,
  ErrorCodes,
  type CreateSessionRequest,
  type SessionEvaluationRequest,
  type SessionEvaluationSummary,
  type SessionDto,
  type SessionSnapshot,
} from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AccessService, UsersRepository, type Actor } from '../identity';
import { PrivacyGate } from '../privacy';
import { NotificationsService, quoted } from '../notifications';
import { oid } from '../../infra/persistence';
import { SessionsRepository } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { attendanceCsv, evaluationSummary, type AttendanceRow } from './session-records';
import { AttendanceAdjustmentsService } from './attendance-adjustments.service';
import { certificatePdf, type CertificateSession } from './certificate';
import { CASE_THREAD, type CaseThread } from './case-thread';
import { SessionAccess, sessionState } from './session-access';
import { SessionLifecycle } from './session-lifecycle';
import { SessionLog } from './session-log';

export { CASE_THREAD, type CaseThread } from './case-thread';
export { MAX_REPLAY } from './session-room';
export { participationOf } from './session-participation';

/** The programme named on certificates of attendance. */
const CERTIFICATE_PROGRAMME = 'CaseBridge live case sessions (ECHO model)';

/** Members are reminded this long before a session starts. */
export const REMIND_BEFORE_MS = 15 * 60_000;

/**
 * Live cohort sessions over HTTP: scheduling (create, list, read, start, end) and the records
 * afterwards (attendance, certificates, evaluations, participation for analytics). The live room
 * itself is SessionRoom (socket commands), SessionPresence, SessionLog and SessionParticipation.
 */
@Injectable()
export class LiveSessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: AccessService,
    private readonly sessionAccess: SessionAccess,
    private readonly users: UsersRepository,
    private readonly gate: PrivacyGate,
    private readonly lifecycle: SessionLifecycle,
    private readonly log: SessionLog,
    @Optional() @Inject(CASE_THREAD) private readonly caseThread: CaseThread | null,
    private readonly notifications: NotificationsService,
    private readonly attendance: AttendanceAdjustmentsService,
  ) {}

  // ── scheduling (HTTP) ───────────────────────────────────────────────────────────────────────

  async create(actor: Actor, input: CreateSessionRequest): Promise<SessionDto> {
    this.access.require(actor, 'session.create', { kind: 'cohort', cohortId: input.cohortId });
    if (!(await this.users.findCohort(input.cohortId))) throw AppError.notFound(ErrorCodes.COHORT_NOT_FOUND, 'Cohort');
    if (input.presenterId) {
      const presenter = await this.users.findById(input.presenterId);
      if (!presenter || !(presenter.cohortIds ?? []).map(String).includes(input.cohortId)) {
        throw AppError.validation('presenterId must be a member of the cohort', {
          field: 'presenterId',
          reason: 'is not a member of the cohort',
        });
      }
    }
    if (input.presenterCaseId && this.caseThread) {
      const c = await this.caseThread.getCaseRef(input.presenterCaseId);
      if (!c || c.cohortId !== input.cohortId) {
        throw AppError.validation('presenterCaseId must be a case of the cohort', {
          field: 'presenterCaseId',
          reason: 'is not a case of the cohort',
        });
      }
    }
    if (input.timeZone && !isTimeZone(input.timeZone)) {
      throw AppError.validation('timeZone must be an IANA time zone such as Europe/London', {
        field: 'timeZone',
        reason: 'is not a known time zone',
      });
    }
    if (input.meetingUrl && !isMeetingUrl(input.meetingUrl)) {
      throw AppError.validation('meetingUrl must be an https address without a user name or password', {
        field: 'meetingUrl',
        reason: 'is not an https meeting address',
      });
    }
    // The meeting address itself is not gated: every URL reads as an identifier to the detector
    // (a patient's web page would be one), and a meeting id reads as a phone number. Only https
    // addresses without credentials are kept; the label the scheduler writes is gated like the title.
    await this.gate.assertClean(
      { title: input.title, ...(input.meetingLabel ? { meetingLabel: input.meetingLabel } : {}) },
      { actorId: actor.id, target: 'session' },
    );
    const doc = await this.repo.create({
      cohortId: input.cohortId,
      title: input.title,
      startsAt: new Date(input.startsAt),
      ...(input.presenterCaseId ? { presenterCaseId: input.presenterCaseId } : {}),
      ...(input.presenterId ? { presenterId: input.presenterId } : {}),
      facilitatorId: actor.id,
      ...(input.timeZone ? { timeZone: input.timeZone } : {}),
      ...(input.meetingUrl ? { meetingUrl: input.meetingUrl } : {}),
      ...(input.meetingLabel ? { meetingLabel: input.meetingLabel } : {}),
      // "starts in 15 minutes" for a session that has not started yet (SessionReminders sends it)
      ...(new Date(input.startsAt).getTime() > Date.now()
        ? { remindAt: new Date(new Date(input.startsAt).getTime() - REMIND_BEFORE_MS) }
        : {}),
    });
    // members hear of it in the inbox; the title passed the gate above, no date in it
    const members = await this.users.membersOf(input.cohortId);
    await this.notifications.notify(
      members.map((m) => String(m._id)).filter((id) => id !== actor.id),
      { type: 'session', title: `Live session scheduled: ${quoted(input.title)}`, sessionId: String(doc._id) },
    );
    return this.sessionAccess.view(doc, actor);
  }

  async list(actor: Actor, upcoming: boolean): Promise<SessionDto[]> {
    const docs = await this.repo.list({ upcoming, ...(actor.role === 'admin' ? {} : { cohortIds: actor.cohortIds }) });
    const visible = docs.filter((d) => this.sessionAccess.canJoin(actor, d));
    const out: SessionDto[] = [];
    for (const d of visible) out.push(await this.sessionAccess.view(d, actor));
    return out;
  }

  async get(actor: Actor, id: string): Promise<{ session: SessionDto; snapshot: SessionSnapshot; seq: number }> {
    const s = await this.sessionAccess.load(actor, id, 'session.join');
    return { session: await this.sessionAccess.view(s, actor), ...(await this.log.snapshot(id)) };
  }

  start(actor: Actor, id: string): Promise<SessionDto> {
    return this.lifecycle.start(actor, id);
  }

  end(actor: Actor, id: string): Promise<SessionDto> {
    return this.lifecycle.end(actor, id);
  }

  async attendanceCsv(actor: Actor, id: string): Promise<string> {
    const s = await this.sessionAccess.load(actor, id, 'session.attendance');
    return attendanceCsv(await this.attendanceOf(s));
  }

  /** One row per person, with the facilitator's adjustments applied (AttendanceAdjustmentsService). */
  private attendanceOf(s: LiveSessionDoc): Promise<AttendanceRow[]> {
    return this.attendance.rowsFor(s);
  }

  /** The caller's certificate of attendance for one ended session they attended. */
  async certificate(actor: Actor, id: string): Promise<{ pdf: Uint8Array; filename: string }> {
    const s = await this.sessionAccess.load(actor, id, 'session.join');
    if (s.phase !== 'ended' || !s.startedAt) throw sessionState('A certificate is issued once the session has ended');
    const mine = await this.attendedBy(actor, s);
    if (!mine) throw new AppError(ErrorCodes.NOT_FOUND, 'No attendance of yours is recorded for this session', 404);
    const pdf = await certificatePdf({
      attendee: this.attendee(actor),
      sessions: [mine],
      issuedAt: new Date(),
      programme: CERTIFICATE_PROGRAMME,
    });
    return { pdf, filename: `certificate-${id}.pdf` };
  }

  /** The caller's certificate for every ended session of their cohorts that started in [from, to] (dates, UTC) and that they attended. */
  async certificateForPeriod(actor: Actor, from: string, to: string): Promise<{ pdf: Uint8Array; filename: string }> {
    const start = new Date(`${from}T00:00:00.000Z`);
    const end = new Date(`${to}T23:59:59.999Z`);
    if (!(start.getTime() <= end.getTime()))
      throw AppError.validation('from must not be after to', { field: 'from', reason: 'is after to' });
    if (end.getTime() - start.getTime() > 366 * 86_400_000)
      throw AppError.validation('The period can be at most a year', { field: 'to', reason: 'more than a year after from' });
    const docs = await this.repo.list({ upcoming: false, ...(actor.role === 'admin' ? {} : { cohortIds: actor.cohortIds }) });
    const sessions: CertificateSession[] = [];
    for (const s of docs) {
      if (s.phase !== 'ended' || !s.startedAt || s.startedAt < start || s.startedAt > end) continue;
      if (!this.sessionAccess.canJoin(actor, s)) continue;
      const mine = await this.attendedBy(actor, s);
      if (mine) sessions.push(mine);
    }
    if (!sessions.length) throw new AppError(ErrorCodes.NOT_FOUND, 'No attended sessions are recorded for you in this period', 404);
    sessions.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    const pdf = await certificatePdf({
      attendee: this.attendee(actor),
      sessions,
      period: { from: start, to: end },
      issuedAt: new Date(),
      programme: CERTIFICATE_PROGRAMME,
    });
    return { pdf, filename: `certificate-${from}-to-${to}.pdf` };
  }

  /** An attendee's evaluation of an ended session; the free text passes the PHI gate first. */
  async evaluate(actor: Actor, id: string, input: SessionEvaluationRequest): Promise<{ saved: true }> {
    const s = await this.sessionAccess.load(actor, id, 'session.join');
    if (s.phase !== 'ended') throw sessionState('Evaluations open once the session has ended');
    if (!(await this.attendedBy(actor, s)))
      throw new AppError(ErrorCodes.NOT_FOUND, 'Only people who attended the session can evaluate it', 404);
    const change = input.change?.trim();
    if (change) await this.gate.assertClean({ change }, { actorId: actor.id, target: 'session.evaluation' });
    await this.repo.saveEvaluation({
      sessionId: s._id,
      userId: oid(actor.id),
      profession: actor.profession,
      helpful: input.helpful,
      ...(change ? { change } : {}),
      at: new Date(),
    });
    return { saved: true };
  }

  /** The aggregate for the facilitator (and admins): never who said what. */
  async evaluations(actor: Actor, id: string): Promise<SessionEvaluationSummary> {
    const s = await this.sessionAccess.load(actor, id, 'session.attendance');
    const [rows, attendance] = await Promise.all([this.repo.evaluationsOf(id), this.attendanceOf(s)]);
    return evaluationSummary(rows, attendance.filter((r) => r.minutes > 0).length);
  }

  private async attendedBy(actor: Actor, s: LiveSessionDoc): Promise<CertificateSession | null> {
    const row = (await this.attendanceOf(s)).find((r) => r.userId === actor.id);
    if (!row || row.minutes <= 0) return null;
    return {
      sessionId: String(s._id),
      title: s.title,
      startedAt: new Date(s.startedAt as Date),
      ...(s.timeZone ? { timeZone: s.timeZone } : {}),
      minutes: row.minutes,
    };
  }

  private attendee(actor: Actor): { id: string; displayName: string; profession: string } {
    return { id: actor.id, displayName: actor.displayName, profession: PROFESSION_LABELS[actor.profession] ?? actor.profession };
  }

  /** For analytics: chat messages and called-on turns by profession over all sessions. */
  async participationByProfession(): Promise<Record<string, { messages: number; turns: number }>> {
    const out: Record<string, { messages: number; turns: number }> = {};
    for (const s of await this.repo.allCounts()) {
      for (const [p, c] of Object.entries(s.counts ?? {})) {
        const cur = (out[p] ??= { messages: 0, turns: 0 });
        cur.messages += c?.messages ?? 0;
        cur.turns += c?.turns ?? 0;
      }
    }
    return out;
  }
}

/** An IANA zone name the runtime knows (Intl throws a RangeError for unknown ones). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An https address with a host and no credentials (the meeting link shown in the room). */
export function isMeetingUrl(raw: string): boolean {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}
