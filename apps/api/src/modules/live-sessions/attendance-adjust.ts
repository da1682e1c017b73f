/**
 * The facilitator's attendance corrections applied to the recorded rows. Pure:
 * no Nest, no mongoose; unit-tested. What comes out is what the attendance export, the
 * evaluation response rate and the certificates read.
 */
import type { Profession, Role } from '@casebridge/contracts';
import type { AttendanceRow } from './session-records';

export interface Adjustment {
  userId: string;
  displayName: string;
  profession: Profession;
  role: Role;
  present: boolean;
  minutes: number;
  reason: string;
  byName: string;
  at: Date;
}

/**
 * Each adjustment replaces the credited minutes of its person (absent: 0) and carries the recorded
 * minutes and the reason along; a person the room never saw gets a row of their own (no join or
 * leave times). Rows without an adjustment are returned as they were, in the same order; added
 * rows follow, by name.
 */
export function applyAdjustments(rows: readonly AttendanceRow[], adjustments: readonly Adjustment[]): AttendanceRow[] {
  const byUser = new Map(adjustments.map((a) => [a.userId, a]));
  const adjust = (row: AttendanceRow, a: Adjustment): AttendanceRow => ({
    ...row,
    minutes: a.present ? Math.round(a.minutes * 10) / 10 : 0,
    adjustment: { present: a.present, recordedMinutes: row.minutes, reason: a.reason, byName: a.byName, at: a.at.toISOString() },
  });
  const seen = new Set<string>();
  const out = rows.map((r) => {
    const a = byUser.get(r.userId);
    if (!a) return r;
    seen.add(r.userId);
    return adjust(r, a);
  });
  const added = adjustments
    .filter((a) => !seen.has(a.userId))
    .sort((x, y) => x.displayName.localeCompare(y.displayName))
    .map((a) =>
      adjust(
        {
          userId: a.userId,
          displayName: a.displayName,
          profession: a.profession,
          role: a.role,
          firstJoinedAt: '',
          lastLeftAt: '',
          minutes: 0,
        },
        a,
      ),
    );
  return [...out, ...added];
}

/** The minutes credited when the facilitator marks someone present without a figure: what the room recorded, else the whole session. */
export function defaultPresentMinutes(recorded: number, session: { startedAt?: Date; endedAt?: Date }): number {
  if (recorded > 0) return recorded;
  if (!session.startedAt || !session.endedAt) return 0;
  return Math.round((session.endedAt.getTime() - session.startedAt.getTime()) / 6000) / 10;
}
