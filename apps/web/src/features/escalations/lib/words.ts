/** Escalation states and routing said in words (queue cards, the case panel, the routing preview). */
import { PROFESSION_LABELS, type EscalationDto, type EscalationStatus, type Profession } from '@casebridge/contracts';

const dayTime = new Intl.DateTimeFormat('en', { weekday: 'short', hour: '2-digit', minute: '2-digit' });
const dateDayTime = new Intl.DateTimeFormat('en', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

export const STATUS_WORDS: Record<EscalationStatus, string> = {
  assigned: 'Assigned',
  offered: 'Open to the faculty pool',
  claimed: 'Being answered',
  needs_info: 'Needs information from the asker',
  answered: 'Answered',
  resolved: 'Resolved',
};

/** "Thu 14:00" within the coming week, else "Thu 12 Dec 14:00". */
export function expectedBy(iso: string, now = Date.now()): string {
  const d = new Date(iso);
  return d.getTime() - now < 6 * 86_400_000 && d.getTime() > now - 86_400_000 ? dayTime.format(d) : dateDayTime.format(d);
}

export function professionList(ps: readonly Profession[]): string {
  const words = ps.map((p) => PROFESSION_LABELS[p].toLowerCase());
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Who has it and when an answer is expected, in one sentence:
 * "Dr. M. Faculty (physician) has it — answer expected by Thu 14:00".
 */
export function routingInWords(e: EscalationDto, now = Date.now()): string {
  const due = `answer expected by ${expectedBy(e.dueAt, now)}`;
  switch (e.status) {
    case 'assigned':
      return `Assigned to ${e.assigneeName ?? 'a faculty member'}, waiting for them to accept — ${due}`;
    case 'claimed':
      return `${e.assigneeName ?? 'A faculty member'} is answering — ${due}`;
    case 'offered':
      return `Open to any ${professionList(e.targetProfessions) || 'faculty'} faculty on duty — ${due}`;
    case 'needs_info':
      return `${e.assigneeName ?? 'Faculty'} asked the asker for more information; the clock is paused`;
    case 'answered':
      return `Answered${e.assigneeName ? ` by ${e.assigneeName}` : ''}`;
    case 'resolved':
      return 'Resolved by the asker';
  }
}

/** The latest question faculty asked the asker (while `needs_info`). */
export function pendingQuestion(e: EscalationDto): string | undefined {
  if (e.status !== 'needs_info') return undefined;
  return [...e.timeline].reverse().find((t) => t.type === 'info_requested')?.text;
}

/** Timeline steps with words a person wrote (decline reasons, transfer notes), newest last. */
export function notesOf(e: EscalationDto): { at: string; label: string; text: string }[] {
  const label: Partial<Record<EscalationDto['timeline'][number]['type'], string>> = {
    declined: 'Declined',
    transferred: 'Transferred',
    info_requested: 'Question for the asker',
  };
  return e.timeline.flatMap((t) => (t.text && label[t.type] ? [{ at: t.at, label: label[t.type]!, text: t.text }] : []));
}

export const WAITING_STATUSES: EscalationStatus[] = ['assigned', 'offered', 'claimed', 'needs_info'];
