/**
 * Pure builders for what a session leaves behind: the attendance table (CSV for continuing-
 * education credit) and the transcript posted to the presented case's thread. No Nest, no
 * mongoose: unit-tested in jest.
 */
import { csvField } from '../../common/csv';
import {
  PROFESSION_LABELS,
  type Profession,
  type Role,
  type SessionEvaluationSummary,
  type SessionMessage,
  type SessionPhase,
} from '@casebridge/contracts';

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
  /** The facilitator's correction after the session (attendance-adjust.ts): `minutes` is then the adjusted figure. */
  adjustment?: { present: boolean; recordedMinutes: number; reason: string; byName: string; at: string };
}

export const ATTENDANCE_CSV_HEADER = ['userId', 'displayName', 'profession', 'role', 'firstJoinedAt', 'lastLeftAt', 'minutes'] as const;
/** Columns after the recorded ones: whether and how the facilitator adjusted the row. */
export const ATTENDANCE_ADJUSTMENT_CSV_HEADER = ['recordedMinutes', 'adjusted', 'adjustmentReason', 'adjustedBy', 'adjustedAt'] as const;

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
  return rows.sort((a, b) =>
    a.firstJoinedAt < b.firstJoinedAt ? -1 : a.firstJoinedAt > b.firstJoinedAt ? 1 : a.userId < b.userId ? -1 : 1,
  );
}

/** Moved to common/csv.ts (the quality tables use it too); re-exported for this module's callers. */

export function attendanceCsv(rows: readonly AttendanceRow[]): string {
  const lines = [[...ATTENDANCE_CSV_HEADER, ...ATTENDANCE_ADJUSTMENT_CSV_HEADER].join(',')];
  for (const r of rows) {
    const a = r.adjustment;
    const adjusted = a ? [a.recordedMinutes, a.present ? 'present' : 'absent', a.reason, a.byName, a.at] : [r.minutes, '', '', '', ''];
    lines.push([...ATTENDANCE_CSV_HEADER.map((k) => csvField(r[k])), ...adjusted.map(csvField)].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** A phase change in the log (the transcript groups messages under the phase they were said in). */
export interface PhaseMark {
  phase: SessionPhase;
  seq: number;
}

export interface TranscriptMeta {
  title: string;
  startedAt?: Date;
  endedAt?: Date;
  /** IANA zone the session was planned in; times are written in it (UTC when absent or unknown). */
  timeZone?: string;
  /** The presenter when they are the case's anonymous author: written as "The presenter". */
  anonymousPresenterId?: string;
  summary?: string;
}

const PHASE_TITLES: Record<SessionPhase, string> = {
  lobby: 'Before the start',
  presentation: 'Case presentation',
  clarifying: 'Clarifying questions',
  recommendations: 'Recommendations',
  summary: 'Summary',
  ended: 'After the end',
};

/** Parts of the record shown before the transcript are cut to these sizes (the full text stays in the session). */
const FRONT_SUMMARY_CHARS = 2500;
const FRONT_RECOMMENDATIONS = 10;
const FRONT_LINE_CHARS = 250;
const FRONT_SPEAKERS = 20;

/** "14:05" in the zone, and the zone's short name ("GMT+1", "EST", "UTC"); UTC when the zone is unknown. */
export function clockIn(timeZone: string | undefined): { time: (d: Date) => string; zoneName: (d: Date) => string } {
  let tz = timeZone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    tz = 'UTC';
  }
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const zn = new Intl.DateTimeFormat('en', { timeZone: tz, timeZoneName: 'short' });
  return {
    time: (d) => hm.format(d),
    zoneName: (d) => (tz === 'UTC' ? 'UTC' : (zn.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? tz)),
  };
}

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max - 1) + '…' : text);
/** One line of markdown per message: newlines inside a message would break the list. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/**
 * The session as a structured record for the case thread, in markdown: a
 * heading, when it ran (times in the session's zone, named), the pinned summary, the messages of
 * the recommendations phase, who spoke (with profession and count), then the whole chat grouped by
 * phase. Speakers are @mentions (the thread's gate lets a resolved mention of a cohort member
 * through; a bare name would read as PHI); the anonymous author presenting their own case is "The
 * presenter". Times only, never calendar dates (a date reads as PHI; the post's own time dates it).
 * Split into parts of at most `maxChars` (a post has a size limit), numbered when there are several.
 */
export function transcriptParts(
  meta: TranscriptMeta,
  messages: readonly Pick<SessionMessage, 'author' | 'body' | 'at' | 'seq'>[],
  phases: readonly PhaseMark[] = [],
  maxChars = 8000,
): string[] {
  const clock = clockIn(meta.timeZone);
  const ref = meta.startedAt ?? (messages[0] ? new Date(messages[0].at) : new Date(0));
  const span = [meta.startedAt, meta.endedAt].filter(Boolean).map((d) => clock.time(d as Date));
  const title = `## Live session record: ${meta.title}`;
  // "@Name, profession": the detector misread "(Physician): 1" and similar as dates; this form it does not (measured over 99 name × profession pairs)
  const speaker = (m: Pick<SessionMessage, 'author'>) => {
    const profession = (PROFESSION_LABELS[m.author.profession] ?? m.author.profession).toLowerCase();
    if (meta.anonymousPresenterId && m.author.id === meta.anonymousPresenterId) return `The presenter, ${profession}`;
    return `@${m.author.displayName}, ${profession}`;
  };
  const line = (m: Pick<SessionMessage, 'author' | 'body' | 'at'>, max = Infinity) =>
    `- **${clock.time(new Date(m.at))}** ${speaker(m)}: ${cut(oneLine(m.body), max)}`;
  const sorted = [...phases].sort((a, b) => a.seq - b.seq);
  const phaseAt = (seq: number): SessionPhase => {
    let cur: SessionPhase = 'lobby';
    for (const p of sorted) if (p.seq < seq) cur = p.phase;
    return cur;
  };

  const front: string[] = [
    title,
    `Times in ${clock.zoneName(ref)}${span.length ? ` · ${span.join('–')}` : ''} · ${messages.length} chat message${messages.length === 1 ? '' : 's'}`,
  ];
  if (meta.summary) front.push('### Summary', cut(meta.summary.trim(), Math.min(FRONT_SUMMARY_CHARS, Math.floor(maxChars * 0.3))));
  const recs = messages.filter((m) => phaseAt(m.seq) === 'recommendations');
  if (recs.length) {
    front.push(
      '### Recommendations',
      recs
        .slice(0, FRONT_RECOMMENDATIONS)
        .map((m) => line(m, FRONT_LINE_CHARS))
        .join('\n'),
    );
    if (recs.length > FRONT_RECOMMENDATIONS) front.push(`…and ${recs.length - FRONT_RECOMMENDATIONS} more in the transcript below.`);
  }
  if (messages.length) {
    const bySpeaker = new Map<string, number>();
    for (const m of messages) bySpeaker.set(speaker(m), (bySpeaker.get(speaker(m)) ?? 0) + 1);
    const speakers = [...bySpeaker].sort((a, b) => b[1] - a[1]);
    const shown = speakers.slice(0, FRONT_SPEAKERS).map(([who, n]) => `- ${cut(who, 120)}: ${n} message${n === 1 ? '' : 's'}`);
    if (speakers.length > FRONT_SPEAKERS) shown.push(`- and ${speakers.length - FRONT_SPEAKERS} more`);
    front.push('### Speakers', shown.join('\n'));
  }
  front.push('### Transcript');
  if (messages.length === 0) return [[...front, 'No chat messages were posted.'].join('\n\n')];

  // the transcript as blocks: a phase heading whenever the phase changes, then message lines
  const blocks: string[] = [];
  let last: SessionPhase | undefined;
  for (const m of messages) {
    const ph = phaseAt(m.seq);
    if (ph !== last) blocks.push(`#### ${PHASE_TITLES[ph]}`);
    last = ph;
    blocks.push(line(m));
  }
  // the front never takes the whole first part (the caps above fit the default size; this guards smaller ones)
  const frontText = cut(front.join('\n\n'), Math.floor(maxChars * 0.7));
  const contHeader = (i: number, n: number) => `${title} — part ${i} of ${n}`;
  const headroom = 40; // "— part n of N" added afterwards
  const parts: string[][] = [];
  let cur: string[] = [];
  let len = Math.min(frontText.length, maxChars) + headroom;
  const budgetFor = () => maxChars - headroom;
  for (let b of blocks) {
    const base = parts.length === 0 ? 0 : title.length + headroom;
    const max = budgetFor() - base - 2;
    if (b.length > max) b = b.slice(0, max - 1) + '…';
    if (len + b.length + 1 > budgetFor() && (cur.length || parts.length === 0)) {
      parts.push(cur);
      cur = [];
      len = title.length + headroom;
    }
    cur.push(b);
    len += b.length + 1;
  }
  parts.push(cur);
  const n = parts.length;
  return parts.map((p, i) => {
    const head = i === 0 ? (n > 1 ? frontText.replace(title, contHeader(1, n)) : frontText) : contHeader(i + 1, n);
    return `${head}\n\n${p.join('\n')}`;
  });
}

/** The facilitator's view of the evaluations: count, mean and distribution of "did it help", and the answers by profession (no names). */
export function evaluationSummary(
  rows: readonly { profession: string; helpful: number; change?: string }[],
  attendees: number,
): SessionEvaluationSummary {
  const distribution: SessionEvaluationSummary['helpful']['distribution'] = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let sum = 0;
  for (const r of rows) {
    const k = String(Math.min(5, Math.max(1, Math.round(r.helpful)))) as keyof typeof distribution;
    distribution[k]++;
    sum += Number(k);
  }
  return {
    count: rows.length,
    attendees,
    helpful: { mean: rows.length ? Math.round((sum / rows.length) * 10) / 10 : null, distribution },
    changes: rows.filter((r) => r.change).map((r) => ({ profession: r.profession as Profession, text: r.change as string })),
  };
}
