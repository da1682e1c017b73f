/**
 * Escalation timer decisions as pure functions (no Nest, no mongoose), unit-tested directly.
 *
 * Two timers live on each open escalation, both stored as due dates in the database:
 * - claim window: an `assigned` escalation nobody claimed by `claimDueAt` is offered to the pool;
 * - response target: an unanswered escalation past `nextOverdueAt` (first the target `dueAt`, then
 *   again one target period after each alert) alerts admins and is re-routed.
 * `nextCheckAt` is the earlier of the two; the sweeper claims documents whose `nextCheckAt` ≤ now.
 */
import type { EscalationStatus } from '@casebridge/contracts';

export interface TimerState {
  status: EscalationStatus;
  claimDueAt?: Date | null;
  nextOverdueAt?: Date | null;
}

export type TimerAction = 'none' | 'offer' | 'overdue';

export const OPEN_STATUSES: EscalationStatus[] = ['assigned', 'offered', 'claimed'];

export function isOpen(status: EscalationStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

/** What is due now. Overdue wins over the claim window: it re-routes anyway. */
export function dueAction(s: TimerState, now: Date): TimerAction {
  if (!isOpen(s.status)) return 'none';
  if (s.nextOverdueAt && s.nextOverdueAt.getTime() <= now.getTime()) return 'overdue';
  if (s.status === 'assigned' && s.claimDueAt && s.claimDueAt.getTime() <= now.getTime()) return 'offer';
  return 'none';
}

/** When the sweeper must next look at this escalation (undefined: never, it is closed). */
export function nextCheckAt(s: TimerState): Date | undefined {
  if (!isOpen(s.status)) return undefined;
  const times = [s.status === 'assigned' ? s.claimDueAt : undefined, s.nextOverdueAt].filter((d): d is Date => d instanceof Date);
  if (!times.length) return undefined;
  return new Date(Math.min(...times.map((d) => d.getTime())));
}

/** The response target for an urgency (config.escalationTargetHours). */
export function targetDueAt(createdAt: Date, urgency: 'urgent' | 'routine', hours: { urgent: number; routine: number }): Date {
  return new Date(createdAt.getTime() + hours[urgency] * 3_600_000);
}
