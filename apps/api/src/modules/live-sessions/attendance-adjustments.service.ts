import { Injectable } from '@nestjs/common';
import { ErrorCodes, type AdjustAttendanceRequest, type AttendanceEntryDto, type Profession, type Role } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AccessService, UsersRepository, type Actor } from '../identity';
import { PrivacyGate } from '../privacy';
import { AuditService } from '../audit';
import { SessionsRepository } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { AttendanceAdjustmentsRepository } from './infra/attendance-adjustments.repository';
import { toParticipant } from './live-sessions.mapper';
import { attendanceRows, type AttendanceInterval, type AttendanceRow } from './session-records';
import { applyAdjustments, defaultPresentMinutes } from './attendance-adjust';

/**
 * A session's attendance: what the room recorded (presence intervals, credited while the session
 * ran) with the facilitator's corrections applied. The attendance export, the
 * evaluation response rate and the certificates all read `rowsFor`, so a correction reaches each.
 */
@Injectable()
export class AttendanceAdjustmentsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly adjustments: AttendanceAdjustmentsRepository,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
    private readonly gate: PrivacyGate,
    private readonly audit: AuditService,
  ) {}

  /** One row per person; minutes count while the session ran (start → end); lobby time earns no credit; adjustments applied. */
  async rowsFor(s: LiveSessionDoc): Promise<AttendanceRow[]> {
    const id = String(s._id);
    const [closed, open, adjustments] = await Promise.all([
      this.sessions.intervals(id),
      this.sessions.presentRows(id),
      this.adjustments.forSession(id),
    ]);
    const intervals: AttendanceInterval[] = [
      ...closed.map((c) => ({ ...toParticipant(c), joinedAt: new Date(c.joinedAt), leftAt: new Date(c.leftAt) })),
      ...open.filter((o) => o.openSince).map((o) => ({ ...toParticipant(o), joinedAt: new Date(o.openSince as Date) })),
    ];
    const recorded = attendanceRows(intervals, {
      ...(s.startedAt ? { from: new Date(s.startedAt) } : {}),
      until: s.endedAt ? new Date(s.endedAt) : new Date(),
    });
    return applyAdjustments(
      recorded,
      adjustments.map((a) => ({
        userId: String(a.userId),
        displayName: a.displayName,
        profession: a.profession as Profession,
        role: a.role as Role,
        present: a.present,
        minutes: a.minutes,
        reason: a.reason,
        byName: a.byName,
        at: new Date(a.at),
      })),
    );
  }

  /** The facilitator's attendance screen: everyone recorded or adjusted, then the cohort's other members (0 minutes). */
  async roster(actor: Actor, sessionId: string): Promise<AttendanceEntryDto[]> {
    const s = await this.load(actor, sessionId);
    const rows = await this.rowsFor(s);
    const seen = new Set(rows.map((r) => r.userId));
    const others = (await this.users.membersOf(String(s.cohortId))).filter((u) => !seen.has(String(u._id)));
    return [
      ...rows.map(toEntry),
      ...others.map((u) => ({
        userId: String(u._id),
        displayName: u.displayName,
        profession: u.profession,
        role: u.role,
        minutes: 0,
        recordedMinutes: 0,
      })),
    ];
  }

  /** After the session: marks a person present (with minutes) or absent, with a reason (PHI-gated, audited). */
  async adjust(actor: Actor, sessionId: string, userId: string, input: AdjustAttendanceRequest): Promise<AttendanceEntryDto> {
    const s = await this.load(actor, sessionId);
    if (s.phase !== 'ended' || !s.startedAt)
      throw AppError.conflict(ErrorCodes.SESSION_STATE, 'Attendance can be adjusted once the session has ended');
    const rows = await this.rowsFor(s);
    const row = rows.find((r) => r.userId === userId);
    const user = await this.users.findById(userId);
    const member = !!user && (user.cohortIds ?? []).map(String).includes(String(s.cohortId));
    if (!row && !member) throw new AppError(ErrorCodes.NOT_FOUND, 'That person is not a member of this session’s cohort', 404);
    const reason = input.reason.trim();
    if (reason.length < 3) throw AppError.validation('Give a reason for the adjustment', { field: 'reason', reason: 'is empty' });
    await this.gate.assertClean({ reason }, { actorId: actor.id, target: 'session.attendance' });
    const recordedMinutes = row ? (row.adjustment?.recordedMinutes ?? row.minutes) : 0;
    const minutes = input.present
      ? Math.round((input.minutes ?? defaultPresentMinutes(recordedMinutes, { startedAt: s.startedAt, endedAt: s.endedAt })) * 10) / 10
      : 0;
    const who = row ?? { displayName: user?.displayName ?? '', profession: user?.profession, role: user?.role };
    const at = new Date();
    await this.adjustments.save({
      sessionId,
      userId,
      displayName: user?.displayName ?? who.displayName,
      profession: String(user?.profession ?? who.profession),
      role: String(user?.role ?? who.role),
      present: input.present,
      minutes,
      reason,
      byId: actor.id,
      byName: actor.displayName,
      at,
    });
    await this.audit.record('session.attendance_adjusted', actor.id, sessionId, {
      userId,
      present: input.present,
      minutes,
      recordedMinutes,
      reason,
    });
    const after = (await this.rowsFor(s)).find((r) => r.userId === userId);
    if (!after) throw new AppError(ErrorCodes.INTERNAL, 'The adjustment was saved but could not be read back', 500);
    return toEntry(after);
  }

  private async load(actor: Actor, id: string): Promise<LiveSessionDoc> {
    const s = await this.sessions.find(id);
    if (!s) throw AppError.notFound(ErrorCodes.SESSION_NOT_FOUND, 'Session');
    this.access.require(actor, 'session.attendance', {
      kind: 'session',
      cohortId: String(s.cohortId),
      facilitatorId: String(s.facilitatorId),
    });
    return s;
  }
}

function toEntry(r: AttendanceRow): AttendanceEntryDto {
  return {
    userId: r.userId,
    displayName: r.displayName,
    profession: r.profession,
    role: r.role,
    minutes: r.minutes,
    recordedMinutes: r.adjustment?.recordedMinutes ?? r.minutes,
    ...(r.firstJoinedAt ? { firstJoinedAt: r.firstJoinedAt } : {}),
    ...(r.lastLeftAt ? { lastLeftAt: r.lastLeftAt } : {}),
    ...(r.adjustment
      ? {
          adjustment: {
            present: r.adjustment.present,
            minutes: r.minutes,
            reason: r.adjustment.reason,
            byName: r.adjustment.byName,
            at: r.adjustment.at,
          },
        }
      : {}),
  };
}
