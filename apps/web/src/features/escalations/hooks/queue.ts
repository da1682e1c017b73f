import type { EscalationDto } from '@casebridge/contracts';

/** Insert or replace by id, keeping the soonest target first. */
export function upsertEscalation(list: readonly EscalationDto[] | undefined, e: EscalationDto): EscalationDto[] {
  const rest = (list ?? []).filter((x) => x.id !== e.id);
  return [...rest, e].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

export interface QueueSections {
  mine: EscalationDto[];
  claimable: EscalationDto[];
  done: EscalationDto[];
}

/** A faculty member's queue: assigned to me and open; offered to the pool; answered or resolved. */
export function splitQueue(list: readonly EscalationDto[], meId: string): QueueSections {
  const out: QueueSections = { mine: [], claimable: [], done: [] };
  for (const e of list) {
    if (e.status === 'answered' || e.status === 'resolved') out.done.push(e);
    else if (e.status === 'needs_info' && e.assigneeId === meId) out.mine.push(e);
    else if (e.assigneeId === meId && e.status !== 'offered') out.mine.push(e);
    else out.claimable.push(e);
  }
  return out;
}

/** The case page's escalation panel (under `escalations`, so invalidating all escalations refreshes it). */
export const caseEscalationsKey = (caseId: string) => ['escalations', 'case', caseId] as const;
