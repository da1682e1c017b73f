import { Inject, Injectable, Logger, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  buildParticipation,
  compareParticipants,
  PROFESSION_LABELS,
  contiguousAfter,
  emptySnapshot,
  foldEvents,
  ErrorCodes,
  rooms,
  SessionHandPayload,
  SessionIdPayload,
  SessionJoinPayload,
  SessionMessagePayload,
  SessionCallPayload,
  SessionPhasePayload,
  SessionSummaryPayload,
  type CreateSessionRequest,
  type SessionEvaluationRequest,
  type SessionEvaluationSummary,
  type ParticipationCounts,
  type Participant,
  type SessionDto,
  type SessionEvent,
  type SessionEventBody,
  type SessionMessage,
  type SessionPhase,
  type SessionSnapshot,
} from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { check, validate } from '../../common/validation';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AccessService, UsersRepository, toAuthor, type Actor, type Resource } from '../identity';
import { PrivacyGate } from '../privacy';
import { audienceOf } from '../cases';
import { Publisher, type IoSocket } from '../realtime';
import { NotificationsService, quoted } from '../notifications';
import { oid } from '../../infra/persistence';
import { SessionsRepository, type SeqResult } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { toEvent, toParticipant, toSessionDto } from './live-sessions.mapper';
import { HOLE_GRACE_MS, staleHoles } from './session-holes';
import { attendanceCsv, evaluationSummary, transcriptParts, type AttendanceRow } from './session-records';
import { AttendanceAdjustmentsService } from './attendance-adjustments.service';
import { certificatePdf, type CertificateSession } from './certificate';

/** What live sessions need of a case thread: the cases module's CasesService (bound in the module). */
export interface CaseThread {
  addPost(
    actor: Actor,
    caseId: string,
    input: { body: string; kind: 'post' | 'recommendation' | 'system'; clientId?: string },
  ): Promise<{ id: string }>;
  getCaseRef(caseId: string): Promise<{ id: string; cohortId: string; authorId: string; anonymous: boolean } | null>;
}
export const CASE_THREAD = Symbol('CASE_THREAD');

/** A join with afterSeq further back than this gets a snapshot instead of the events. */
export const MAX_REPLAY = 1000;
/** Refresh the cached snapshot when a fold had to apply at least this many events. */
const SNAPSHOT_EVERY = 50;
/** At most one participation push per session and replica in this window (trailing edge kept). */
const PARTICIPATION_THROTTLE_MS = 250;

/** The programme named on certificates of attendance. */
const CERTIFICATE_PROGRAMME = 'CaseBridge live case sessions (ECHO model)';

/** Members are reminded this long before a session starts. */
export const REMIND_BEFORE_MS = 15 * 60_000;

const CONTROL_PHASES: SessionPhase[] = ['presentation', 'clarifying', 'recommendations', 'summary'];

function sessionState(message: string): AppError {
  return AppError.conflict(ErrorCodes.SESSION_STATE, message);
}

/**
 * Live cohort sessions. Everything shared lives in MongoDB (session, ordered event log, presence
 * sockets and rows, attendance), so any number of replicas behind the Redis adapter agree; only
 * per-socket bookkeeping (which sessions a local socket joined) and push throttling are in memory.
 */
@Injectable()
export class LiveSessionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveSessions');
  /** socket id → sessions it joined (to leave them on disconnect) → when its last heartbeat was taken. */
  private readonly joined = new Map<string, Map<string, number>>();
  private readonly pushes = new Map<string, { last: number; timer?: NodeJS.Timeout; latest?: SeqResult }>();
  private reaper?: NodeJS.Timeout;
  private reaping = false;

  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
    private readonly gate: PrivacyGate,
    private readonly publisher: Publisher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(CASE_THREAD) private readonly caseThread: CaseThread | null,
    private readonly notifications: NotificationsService,
    private readonly attendance: AttendanceAdjustmentsService,
  ) {}

  onModuleInit(): void {
    this.publisher.onDisconnect((socket) => {
      this.disconnected(socket).catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message }, 'presence cleanup on disconnect failed'),
      );
    });
    this.reaper = setInterval(() => void this.reap(), this.config.presenceReaperIntervalMs);
    this.reaper.unref();
  }

  onModuleDestroy(): void {
    if (this.reaper) clearInterval(this.reaper);
    for (const p of this.pushes.values()) if (p.timer) clearTimeout(p.timer);
  }

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
    // members hear of it in the inbox (issue 16 item 7); the title passed the gate above, no date in it
    const members = await this.users.membersOf(input.cohortId);
    await this.notifications.notify(
      members.map((m) => String(m._id)).filter((id) => id !== actor.id),
      { type: 'session', title: `Live session scheduled: ${quoted(input.title)}`, sessionId: String(doc._id) },
    );
    return this.view(doc, actor);
  }

  async list(actor: Actor, upcoming: boolean): Promise<SessionDto[]> {
    const docs = await this.repo.list({ upcoming, ...(actor.role === 'admin' ? {} : { cohortIds: actor.cohortIds }) });
    const visible = docs.filter((d) => this.access.can(actor, 'session.join', this.resource(d)));
    const out: SessionDto[] = [];
    for (const d of visible) out.push(await this.view(d, actor));
    return out;
  }

  async get(actor: Actor, id: string): Promise<{ session: SessionDto; snapshot: SessionSnapshot; seq: number }> {
    const s = await this.load(actor, id, 'session.join');
    return { session: await this.view(s, actor), ...(await this.snapshot(id)) };
  }

  async start(actor: Actor, id: string): Promise<SessionDto> {
    await this.load(actor, id, 'session.control');
    const now = new Date();
    const r = await this.append(
      id,
      { type: 'phase', phase: 'presentation' },
      { where: { phase: 'lobby' }, set: { phase: 'presentation', startedAt: now } },
    );
    if (!r) throw sessionState('The session has already started');
    const s = (await this.repo.find(id)) as LiveSessionDoc;
    // Everyone sees who presents which case from the first moment of the presentation, unless the
    // presenter is the case's anonymous author: the log is shared by every audience, so then it
    // names the case only (faculty and moderators still see the presenter in the SessionDto).
    if (s.presenterId) {
      const anonymous = await this.presenterAnonymous(s);
      await this.append(id, {
        type: 'presenter',
        ...(anonymous ? {} : { presenterId: String(s.presenterId) }),
        ...(s.presenterCaseId ? { caseId: String(s.presenterCaseId) } : {}),
      });
    }
    return this.view(s, actor);
  }

  async end(actor: Actor, id: string): Promise<SessionDto> {
    await this.load(actor, id, 'session.control');
    const r = await this.append(
      id,
      { type: 'phase', phase: 'ended' },
      { where: { phase: { $ne: 'ended' } }, set: { phase: 'ended', endedAt: new Date() } },
    );
    if (!r) throw sessionState('The session has already ended');
    const ended = (await this.repo.find(id)) as LiveSessionDoc;
    await this.handOffTranscript(actor, ended);
    return this.view((await this.repo.find(id)) as LiveSessionDoc, actor);
  }

  async attendanceCsv(actor: Actor, id: string): Promise<string> {
    const s = await this.load(actor, id, 'session.attendance');
    return attendanceCsv(await this.attendanceOf(s));
  }

  /** One row per person, with the facilitator's adjustments applied (AttendanceAdjustmentsService). */
  private attendanceOf(s: LiveSessionDoc): Promise<AttendanceRow[]> {
    return this.attendance.rowsFor(s);
  }

  /** The caller's certificate of attendance for one ended session they attended (issue 16 item 7). */
  async certificate(actor: Actor, id: string): Promise<{ pdf: Uint8Array; filename: string }> {
    const s = await this.load(actor, id, 'session.join');
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
      if (!this.access.can(actor, 'session.join', this.resource(s))) continue;
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

  /** An attendee's evaluation of an ended session (issue 16 item 7); the free text passes the PHI gate first. */
  async evaluate(actor: Actor, id: string, input: SessionEvaluationRequest): Promise<{ saved: true }> {
    const s = await this.load(actor, id, 'session.join');
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
    const s = await this.load(actor, id, 'session.attendance');
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

  // ── the live room (sockets) ─────────────────────────────────────────────────────────────────

  async join(
    socket: IoSocket,
    payload: unknown,
  ): Promise<{ snapshot: SessionSnapshot; seq: number } | { events: SessionEvent[]; seq: number }> {
    const p = validate(SessionJoinPayload, payload);
    const actor = socket.data.actor;
    const s = await this.load(actor, p.sessionId, 'session.join');
    // Join the room before reading, so nothing published meanwhile is missed (clients drop duplicates by seq).
    await socket.join(rooms.session(p.sessionId));
    let mine = this.joined.get(socket.id);
    if (!mine) this.joined.set(socket.id, (mine = new Map()));
    mine.set(p.sessionId, Date.now());
    if (s.phase !== 'ended') {
      await this.repo.addSocket(p.sessionId, actor.id, socket.id, this.expiry());
      await this.repo.ensurePresence(p.sessionId, this.participant(actor));
      await this.reconcile(p.sessionId, actor.id);
    }
    if (p.afterSeq !== undefined) {
      const rows = await this.eventsAfter(p.sessionId, p.afterSeq, MAX_REPLAY + 1);
      if (rows.length <= MAX_REPLAY) {
        const fresh = rows.length ? undefined : await this.repo.find(p.sessionId);
        // a client "ahead" of the log (another database, a reset) gets a snapshot instead
        if (!fresh || p.afterSeq <= fresh.seq) return contiguousAfter(p.afterSeq, rows.map(toEvent));
      }
    }
    return this.snapshot(p.sessionId);
  }

  async leave(socket: IoSocket, payload: unknown): Promise<Record<string, never>> {
    const p = validate(SessionIdPayload, payload);
    await socket.leave(rooms.session(p.sessionId));
    const mine = this.joined.get(socket.id);
    if (mine?.delete(p.sessionId)) {
      if (!mine.size) this.joined.delete(socket.id);
      await this.socketGone(p.sessionId, socket.data.actor.id, socket.id);
    }
    return {};
  }

  /** The hot path: validate (compiled ajv) → joined? → PHI gate → one $inc + one insert → one broadcast. */
  async message(socket: IoSocket, payload: unknown): Promise<SessionMessage> {
    if (!check(SessionMessagePayload, payload)) validate(SessionMessagePayload, payload);
    const p = payload as { sessionId: string; body: string; clientId: string };
    const actor = socket.data.actor;
    this.requireJoined(socket, p.sessionId);
    await this.gate.assertClean({ body: p.body }, { actorId: actor.id, target: 'session.message' });
    const inc = { [`counts.${actor.profession}.messages`]: 1 };
    const r = await this.repo.allocSeq(p.sessionId, { where: { phase: { $ne: 'ended' } }, inc });
    if (!r) throw sessionState('The session has ended');
    const id = this.repo.newId();
    const at = new Date();
    const message: SessionMessage = { id, clientId: p.clientId, author: toAuthor(actor), body: p.body, at: at.toISOString(), seq: r.seq };
    let stored: boolean;
    try {
      stored = await this.repo.insertEventOnce({
        sessionId: r._id,
        seq: r.seq,
        type: 'message',
        at,
        dedupe: `m:${actor.id}:${p.clientId}`,
        body: { type: 'message', message },
      });
    } catch (err) {
      // the seq is ours alone: fill it if the database still answers (else readers do, see session-holes)
      await this.repo.undoCounts(p.sessionId, inc).catch(() => undefined);
      await this.fill(p.sessionId, r.seq).catch(() => undefined);
      throw err;
    }
    if (!stored) {
      // A retry of a stored message: answer with it; its seq becomes a noop so the log stays gap-free.
      const existing = await this.repo.findByDedupe(p.sessionId, `m:${actor.id}:${p.clientId}`);
      await this.repo.undoCounts(p.sessionId, inc);
      await this.fill(p.sessionId, r.seq);
      if (existing) return (existing.body as { message: SessionMessage }).message;
      // Not a retry: this write was so slow that a reader declared its seq abandoned (session-holes.ts).
      throw AppError.conflict(ErrorCodes.CONFLICT, 'The message was not stored; send it again with the same clientId');
    }
    this.publisher.toSession(p.sessionId, 'session:event', {
      type: 'message',
      message,
      seq: r.seq,
      sessionId: p.sessionId,
      at: message.at,
    });
    this.pushParticipation(p.sessionId, r);
    return message;
  }

  async hand(socket: IoSocket, payload: unknown): Promise<Record<string, never>> {
    const p = validate(SessionHandPayload, payload);
    this.requireJoined(socket, p.sessionId);
    const r = await this.append(
      p.sessionId,
      { type: 'hand', userId: socket.data.actor.id, raised: p.raised, at: new Date().toISOString() },
      { where: { phase: { $ne: 'ended' } } },
    );
    if (!r) throw sessionState('The session has ended');
    return {};
  }

  async phase(socket: IoSocket, payload: unknown): Promise<Record<string, never>> {
    const p = validate(SessionPhasePayload, payload);
    const actor = socket.data.actor;
    const s = await this.load(actor, p.sessionId, 'session.control');
    if (p.phase === 'ended') {
      await this.end(actor, p.sessionId);
      return {};
    }
    if (!CONTROL_PHASES.includes(p.phase)) throw sessionState('A session cannot go back to the lobby');
    const set: Record<string, unknown> = { phase: p.phase };
    if (!s.startedAt) set.startedAt = new Date();
    const r = await this.append(p.sessionId, { type: 'phase', phase: p.phase }, { where: { phase: { $ne: 'ended' } }, set });
    if (!r) throw sessionState('The session has ended');
    return {};
  }

  async call(socket: IoSocket, payload: unknown): Promise<Record<string, never>> {
    const p = validate(SessionCallPayload, payload);
    const actor = socket.data.actor;
    await this.load(actor, p.sessionId, 'session.control');
    const target = await this.repo.presenceOf(p.sessionId, p.userId);
    if (!target?.present) throw sessionState('That person is not in the session');
    const inc = { [`counts.${target.profession}.turns`]: 1 };
    const r = await this.append(p.sessionId, { type: 'called', userId: p.userId }, { where: { phase: { $ne: 'ended' } }, inc });
    if (!r) throw sessionState('The session has ended');
    this.pushParticipation(p.sessionId, r);
    return {};
  }

  async summary(socket: IoSocket, payload: unknown): Promise<Record<string, never>> {
    const p = validate(SessionSummaryPayload, payload);
    const actor = socket.data.actor;
    await this.load(actor, p.sessionId, 'session.control');
    await this.gate.assertClean({ summary: p.summary }, { actorId: actor.id, target: 'session.summary' });
    const r = await this.append(
      p.sessionId,
      { type: 'summary', summary: p.summary },
      { where: { phase: { $ne: 'ended' } }, set: { summary: p.summary } },
    );
    if (!r) throw sessionState('The session has ended');
    return {};
  }

  /** Volatile, unacked: extends this socket's presence; a socket the reaper removed comes back. */
  async heartbeat(socket: IoSocket, payload: unknown): Promise<void> {
    if (!check(SessionIdPayload, payload)) return;
    const { sessionId } = payload as { sessionId: string };
    const mine = this.joined.get(socket.id);
    if (!mine?.has(sessionId)) return;
    // Heartbeats skip the per-user event rate limit, so a flood is dropped here before the database.
    const now = Date.now();
    if (now - (mine.get(sessionId) ?? 0) < Math.min(1000, (this.config.presenceTtlSeconds * 1000) / 6)) return;
    mine.set(sessionId, now);
    if (await this.repo.heartbeat(sessionId, socket.id, this.expiry())) return;
    const s = await this.repo.find(sessionId);
    if (!s || s.phase === 'ended') return;
    await this.repo.addSocket(sessionId, socket.data.actor.id, socket.id, this.expiry());
    await this.repo.ensurePresence(sessionId, this.participant(socket.data.actor));
    await this.reconcile(sessionId, socket.data.actor.id);
  }

  // ── presence ────────────────────────────────────────────────────────────────────────────────

  private async disconnected(socket: IoSocket): Promise<void> {
    const mine = this.joined.get(socket.id);
    if (!mine) return;
    this.joined.delete(socket.id);
    const userId = socket.data.actor?.id;
    if (!userId) return;
    await Promise.all([...mine.keys()].map((sessionId) => this.socketGone(sessionId, userId, socket.id)));
  }

  private async socketGone(sessionId: string, userId: string, socketId: string): Promise<void> {
    await this.repo.removeSocket(sessionId, socketId);
    await this.reconcile(sessionId, userId);
  }

  /**
   * Makes the log's presence of one person match their live sockets. A transition allocates a
   * seq, then flips the presence row only if nothing later flipped it (`lastSeq < seq`), so the
   * order of joined/left in the log is the order of the flips even with several replicas; a lost
   * race fills its seq with a noop and looks again.
   */
  private async reconcile(sessionId: string, userId: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = new Date();
      const [live, row] = await Promise.all([this.repo.liveSockets(sessionId, userId, now), this.repo.presenceOf(sessionId, userId)]);
      if (!row || row.present === live > 0) return;
      const to = live > 0;
      const r = await this.repo.allocSeq(sessionId);
      if (!r) return;
      const before = await this.repo.transition(sessionId, userId, to, r.seq, now);
      if (!before) {
        await this.fill(sessionId, r.seq);
        continue;
      }
      const participant = toParticipant(before);
      const body: SessionEventBody = to ? { type: 'joined', participant } : { type: 'left', userId };
      await this.write(sessionId, r, body, now);
      if (!to && before.openSince) {
        await this.repo.addInterval({
          sessionId,
          userId,
          displayName: before.displayName,
          profession: before.profession,
          role: before.role,
          joinedAt: before.openSince,
          leftAt: now,
        });
      }
      const present = await this.repo.presentRows(sessionId);
      const counts: Record<string, number> = {};
      for (const row of present) counts[row.profession] = (counts[row.profession] ?? 0) + 1;
      await this.repo.setPresentCounts(sessionId, counts);
      this.publisher.toSession(sessionId, 'presence:changed', {
        sessionId,
        seq: r.seq,
        participants: present.map(toParticipant).sort(compareParticipants),
      });
      this.pushParticipation(sessionId, { ...r, present: counts });
    }
  }

  /** Removes sockets whose heartbeat lapsed (closed laptops, crashed replicas); one replica claims each. */
  async reap(): Promise<void> {
    if (this.reaping) return;
    this.reaping = true;
    try {
      const now = new Date();
      const expired = await this.repo.expiredSockets(now, 500);
      for (const s of expired) {
        if (await this.repo.claimExpired(s._id, now)) await this.reconcile(String(s.sessionId), String(s.userId));
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'presence reaper failed');
    } finally {
      this.reaping = false;
    }
  }

  // ── the log ─────────────────────────────────────────────────────────────────────────────────

  /** Appends one event: allocate seq (with whatever changes with it) → insert → publish once. */
  private async append(
    sessionId: string,
    body: SessionEventBody,
    opts: { where?: Record<string, unknown>; inc?: Record<string, number>; set?: Record<string, unknown> } = {},
  ): Promise<SeqResult | null> {
    const r = await this.repo.allocSeq(sessionId, opts);
    if (!r) return null;
    await this.write(sessionId, r, body, new Date());
    return r;
  }

  private async write(sessionId: string, r: SeqResult, body: SessionEventBody, at: Date): Promise<void> {
    try {
      await this.repo.insertEvent({
        sessionId: r._id,
        seq: r.seq,
        type: body.type,
        at,
        dedupe: `#${r.seq}`,
        body: body as unknown as Record<string, unknown>,
      });
    } catch (err) {
      // the seq is ours alone, so a failure here is the database's; readers stop at the hole until filled
      await this.fill(sessionId, r.seq).catch(() => undefined);
      throw err;
    }
    this.publisher.toSession(sessionId, 'session:event', { ...body, seq: r.seq, sessionId, at: at.toISOString() } as SessionEvent);
  }

  /** The log after `afterSeq`, with abandoned seqs (writer crashed, database lost) filled so no reader stops at them for good. */
  private async eventsAfter(
    sessionId: string,
    afterSeq: number,
    limit?: number,
  ): Promise<Awaited<ReturnType<SessionsRepository['eventsAfter']>>> {
    const rows = await this.repo.eventsAfter(sessionId, afterSeq, limit);
    const holes = staleHoles(afterSeq, rows, Date.now() - HOLE_GRACE_MS);
    if (!holes.length) return rows;
    this.logger.warn({ sessionId, holes: holes.length, first: holes[0] }, 'filling abandoned event seqs');
    for (const seq of holes) await this.fill(sessionId, seq);
    return this.repo.eventsAfter(sessionId, afterSeq, limit);
  }

  private async fill(sessionId: string, seq: number): Promise<void> {
    await this.repo.insertNoop(sessionId, seq);
    this.publisher.toSession(sessionId, 'session:event', { type: 'noop', seq, sessionId, at: new Date().toISOString() });
  }

  /** The current state: the cached snapshot plus the events after it (cache refreshed when it lags). */
  async snapshot(sessionId: string): Promise<{ snapshot: SessionSnapshot; seq: number }> {
    const cached = await this.repo.snapshot(sessionId);
    const baseSeq = cached?.seq ?? 0;
    const rows = await this.eventsAfter(sessionId, baseSeq);
    const { events, seq } = contiguousAfter(baseSeq, rows.map(toEvent));
    const snapshot = foldEvents(cached?.state ?? emptySnapshot(sessionId), events);
    if (events.length >= SNAPSHOT_EVERY) {
      this.repo
        .saveSnapshot(sessionId, seq, snapshot)
        .catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'snapshot cache write failed'));
    }
    return { snapshot, seq };
  }

  // ── participation ───────────────────────────────────────────────────────────────────────────

  /**
   * Pushes participation to the facilitator's user room (throttled, trailing edge kept). Only the
   * facilitator gets the live push: the nudge ("nobody from pharmacy has spoken") is a
   * facilitation tool, and a public tally can read as shaming. It is not secret either — anyone
   * in the room can count the messages — so the snapshot carries the same counts.
   */
  private pushParticipation(sessionId: string, r: SeqResult): void {
    let st = this.pushes.get(sessionId);
    if (!st) this.pushes.set(sessionId, (st = { last: 0 }));
    if (!st.latest || r.seq >= st.latest.seq) st.latest = { ...r, present: r.present ?? st.latest?.present };
    const emit = () => {
      const cur = this.pushes.get(sessionId);
      if (!cur?.latest) return;
      cur.last = Date.now();
      cur.timer = undefined;
      const l = cur.latest;
      this.publisher.toUser(String(l.facilitatorId), 'participation:changed', { sessionId, participation: participationOf(l) });
    };
    const wait = st.last + PARTICIPATION_THROTTLE_MS - Date.now();
    if (wait <= 0) emit();
    else if (!st.timer) {
      st.timer = setTimeout(emit, wait);
      st.timer.unref();
    }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  private async handOffTranscript(actor: Actor, s: LiveSessionDoc): Promise<void> {
    const id = String(s._id);
    if (!s.presenterCaseId || !this.caseThread) return;
    if (!(await this.repo.claimTranscript(id))) return;
    const caseId = String(s.presenterCaseId);
    try {
      const messages = (await this.repo.messages(id)).map((e) => (e.body as { message: SessionMessage }).message);
      const anonymousPresenterId = (await this.presenterAnonymous(s)) ? String(s.presenterId) : undefined;
      const phases = (await this.repo.phaseEvents(id)).map((e) => ({ seq: e.seq, phase: (e.body as { phase: SessionPhase }).phase }));
      const meta = {
        title: s.title,
        ...(s.startedAt ? { startedAt: s.startedAt } : {}),
        ...(s.endedAt ? { endedAt: s.endedAt } : {}),
        ...(s.timeZone ? { timeZone: s.timeZone } : {}),
        ...(s.summary ? { summary: s.summary } : {}),
        ...(anonymousPresenterId ? { anonymousPresenterId } : {}),
      };
      // one structured record (summary and recommendations first), in parts only when it is long
      const parts = transcriptParts(meta, messages, phases);
      for (let i = 0; i < parts.length; i++) {
        await this.caseThread.addPost(actor, caseId, { body: parts[i], kind: 'system', clientId: `ls-${id}-t${i}` });
      }
      await this.repo.setFields(id, { transcriptPostedAt: new Date() });
    } catch (err) {
      // Ending must not fail because the case thread refused: record why (a code, never text) for a retry.
      const code = (err as { code?: string }).code ?? (err as Error).name;
      this.logger.warn({ sessionId: id, code }, 'transcript hand-off failed');
      await this.repo.setFields(id, { transcriptError: String(code) });
    }
  }

  private async load(
    actor: Actor,
    id: string,
    permission: 'session.join' | 'session.control' | 'session.attendance',
  ): Promise<LiveSessionDoc> {
    const s = await this.repo.find(id); // null for a malformed id too
    if (!s) throw AppError.notFound(ErrorCodes.SESSION_NOT_FOUND, 'Session');
    this.access.require(actor, permission, this.resource(s));
    return s;
  }

  /**
   * The presenter is the anonymous author of the presented case (decided from the case at read
   * time, so sessions stored before this rule are covered). A case that is gone counts as anonymous.
   */
  private async presenterAnonymous(s: LiveSessionDoc): Promise<boolean> {
    if (!s.presenterId || !s.presenterCaseId || !this.caseThread) return false;
    const ref = await this.caseThread.getCaseRef(String(s.presenterCaseId));
    return !ref || (ref.anonymous && ref.authorId === String(s.presenterId));
  }

  /** The SessionDto for this viewer: peers other than the presenter do not see an anonymous presenter. */
  private async view(s: LiveSessionDoc, viewer: Actor): Promise<SessionDto> {
    const hide = audienceOf(viewer) === 'peer' && String(s.presenterId ?? '') !== viewer.id && (await this.presenterAnonymous(s));
    // the name is read now, so a revisit after the session (nobody present any more) still names them
    const presenterName = s.presenterId && !hide ? (await this.users.findById(String(s.presenterId)))?.displayName : undefined;
    return toSessionDto(s, hide, presenterName);
  }

  private resource(s: LiveSessionDoc): Resource {
    return { kind: 'session', cohortId: String(s.cohortId), facilitatorId: String(s.facilitatorId) };
  }

  private requireJoined(socket: IoSocket, sessionId: string): void {
    if (!this.joined.get(socket.id)?.has(sessionId))
      throw new AppError(ErrorCodes.SESSION_NOT_JOINED, 'Join the session first (session:join)', 409);
  }

  private participant(actor: Actor): Participant {
    return { userId: actor.id, displayName: actor.displayName, profession: actor.profession, role: actor.role };
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.presenceTtlSeconds * 1000);
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

/** The facilitator's view from the session's live counters (same rules as the snapshot's). */
export function participationOf(r: Pick<SeqResult, 'counts' | 'present'>): ParticipationCounts {
  const entries: Record<string, { messages: number; turns: number; present: number }> = {};
  for (const [p, c] of Object.entries(r.counts ?? {})) entries[p] = { messages: c?.messages ?? 0, turns: c?.turns ?? 0, present: 0 };
  for (const [p, n] of Object.entries(r.present ?? {})) (entries[p] ??= { messages: 0, turns: 0, present: 0 }).present = n;
  return buildParticipation(entries);
}
