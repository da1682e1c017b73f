/**
 * Pure builders for what a session leaves behind: the attendance table (CSV for continuing-
 * education credit) and the transcript posted to the presented case's thread. No Nest, no
 * mongoose: unit-tested in jest.
 */
import { csvField } from '../../common/csv';
import { PROFESSION_LABELS, type Profession, type Role, type SessionMessage } from '@casebridge/contracts';

export interface AttendanceInterval {
  userId: string;
  displayName: string;
  profession: Profession;
  role: Role;
  joinedAt: Date;
  /** Missing while the person is still present. */
  leftAt?: Date;
}

export interface AttendanceRow {
  userId: string;
  displayName: string;
  profession: Profession;
  role: Role;
  firstJoinedAt: string;
  lastLeftAt: string;
  minutes: number;
}

export const ATTENDANCE_CSV_HEADER = ['userId', 'displayName', 'profession', 'role', 'firstJoinedAt', 'lastLeftAt', 'minutes'] as const;

/**
 * One row per person across all their joins: first join, last leave, and the minutes they were
 * present while the session ran. An interval still open is closed at `window.until` (the session's
 * end, or now while it runs); nothing after `until` counts (people lingering in an ended room earn
 * no credit, and their last leave shows as the end), and time before `window.from` (the start:
 * the lobby) counts no minutes. Overlapping intervals are merged so two views never count twice.
 * Rows ordered by first join.
 */
export function attendanceRows(intervals: readonly AttendanceInterval[], window: { from?: Date; until: Date }): AttendanceRow[] {
  const until = window.until.getTime();
  const from = window.from ? Math.min(window.from.getTime(), until) : -Infinity;
  const byUser = new Map<string, AttendanceInterval[]>();
  for (const i of intervals) {
    const list = byUser.get(i.userId);
    if (list) list.push(i);
    else byUser.set(i.userId, [i]);
  }
  const rows: AttendanceRow[] = [];
  for (const [userId, list] of byUser) {
    const spans = list
      .map((i) => {
        const joined = Math.min(i.joinedAt.getTime(), until);
        return { joined, to: Math.max(joined, Math.min((i.leftAt ?? window.until).getTime(), until)) };
      })
      .sort((a, b) => a.joined - b.joined);
    // minutes: merge the spans, each cut to [from, until]
    let total = 0;
    let cur: { a: number; b: number } | undefined;
    for (const s of spans) {
      const a = Math.max(s.joined, from);
      const b = s.to;
      if (b <= a) continue;
      if (cur && a <= cur.b) cur.b = Math.max(cur.b, b);
      else {
        if (cur) total += cur.b - cur.a;
        cur = { a, b };
      }
    }
    if (cur) total += cur.b - cur.a;
    const latest = list[list.length - 1];
    rows.push({
      userId,
      displayName: latest.displayName,
      profession: latest.profession,
      role: latest.role,
      firstJoinedAt: new Date(spans[0].joined).toISOString(),
      lastLeftAt: new Date(Math.max(...spans.map((s) => s.to))).toISOString(),
      minutes: Math.round(total / 6000) / 10,
    });
  }
  return rows.sort((a, b) => (a.firstJoinedAt < b.firstJoinedAt ? -1 : a.firstJoinedAt > b.firstJoinedAt ? 1 : a.userId < b.userId ? -1 : 1));
}

/** Moved to common/csv.ts (the quality tables use it too); re-exported for this module's callers. */
export { csvField } from '../../common/csv';

export function attendanceCsv(rows: readonly AttendanceRow[]): string {
  const lines = [ATTENDANCE_CSV_HEADER.join(',')];
  for (const r of rows) lines.push(ATTENDANCE_CSV_HEADER.map((k) => csvField(r[k])).join(','));
  return lines.join('\r\n') + '\r\n';
}

/**
 * The transcript as thread posts: messages in order, each line with the author (as an @mention) and
 * profession (the presenter as "The presenter" when they are the case's anonymous author), split into parts of at most `maxChars` (a case post has a size limit).
 */
export function transcriptParts(
  meta: { title: string; startedAt?: Date; endedAt?: Date; anonymousPresenterId?: string },
  messages: readonly Pick<SessionMessage, 'author' | 'body' | 'at'>[],
  maxChars = 8000,
): string[] {
  // Times only, no calendar dates: the thread is PHI-gated and a date reads as one (the post's own
  // createdAt dates it anyway).
  const when = [meta.startedAt, meta.endedAt].filter(Boolean).map((d) => (d as Date).toISOString().slice(11, 16));
  const header = `Live session transcript: ${meta.title}${when.length ? ` (${when.join('–')} UTC)` : ''}`;
  if (messages.length === 0) return [`${header}\n\nNo chat messages were posted.`];
  const lines = messages.map((m) => {
    const time = m.at.slice(11, 16);
    const profession = PROFESSION_LABELS[m.author.profession] ?? m.author.profession;
    // The speaker as a mention: the case thread's gate lets a resolved mention of a cohort member
    // through (it names a colleague, not a patient), where a bare name would read as PHI.
    // The anonymous author presenting their own case stays anonymous in the case's thread.
    if (meta.anonymousPresenterId && m.author.id === meta.anonymousPresenterId) return `[${time}] The presenter (${profession}): ${m.body}`;
    return `[${time}] @${m.author.displayName} (${profession}): ${m.body}`;
  });
  const parts: string[] = [];
  let cur: string[] = [];
  let len = 0;
  const budget = maxChars - header.length - 20;
  for (let line of lines) {
    if (line.length > budget) line = line.slice(0, budget - 1) + '…';
    if (len + line.length + 1 > budget && cur.length) {
      parts.push(cur.join('\n'));
      cur = [];
      len = 0;
    }
    cur.push(line);
    len += line.length + 1;
  }
  if (cur.length) parts.push(cur.join('\n'));
  return parts.map((p, i) => `${header}${parts.length > 1 ? ` — part ${i + 1} of ${parts.length}` : ''}\n\n${p}`);
}

export function summaryPost(title: string, summary: string): string {
  return `Live session summary: ${title}\n\n${summary}`;
}
