/**
 * The programme's quality measures as pure functions over plain rows (no Nest, no mongoose), so
 * each definition is unit-tested. Times are compared as instants; months are UTC calendar months.
 */
import type { FirstReplyRowDto, OnTimeRowDto, RoutingRowDto, SessionProfessionRowDto } from '@casebridge/contracts';
import { percentile } from './percentiles';

export interface EscalationRow {
  domains: number[];
  urgency: string;
  status: string;
  createdAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  answererProfession: string | null;
  targetProfessions: string[];
  /** Timeline entry types, in order. */
  events: string[];
}
export interface CaseRow {
  id: string;
  authorId: string;
  createdAt: Date;
}
export interface PostRow {
  caseId: string;
  authorId: string;
  createdAt: Date;
}
export interface SessionRow {
  id: string;
  startsAt: Date;
  counts: Record<string, { messages?: number; turns?: number }>;
}
export interface PresenceRow {
  sessionId: string;
  userId: string;
  profession: string;
}

export type Verdict = 'onTime' | 'late' | 'pending' | 'excluded';

/**
 * Against the response target: answered by dueAt → on time; answered later, or unanswered once
 * dueAt has passed → late; unanswered before dueAt → pending; withdrawn (resolved unanswered)
 * before its target → excluded (nobody was late).
 */
export function verdict(e: Pick<EscalationRow, 'status' | 'dueAt' | 'answeredAt'>, now: Date): Verdict {
  if (e.answeredAt) return e.answeredAt.getTime() <= e.dueAt.getTime() ? 'onTime' : 'late';
  if (e.status === 'resolved' || e.status === 'answered') return 'excluded';
  return now.getTime() > e.dueAt.getTime() ? 'late' : 'pending';
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

function onTimeRow(key: string, verdicts: Verdict[]): OnTimeRowDto {
  const n = (v: Verdict) => verdicts.filter((x) => x === v).length;
  const onTime = n('onTime');
  const late = n('late');
  return { key, onTime, late, pending: n('pending'), rate: onTime + late ? round(onTime / (onTime + late), 3) : null };
}

/** One row per key (each row counts every escalation whose keys include it), keys in `order` first, then sorted. */
export function onTimeBy(
  rows: EscalationRow[],
  keysOf: (e: EscalationRow) => string[],
  now: Date,
  order: readonly string[] = [],
): OnTimeRowDto[] {
  const groups = new Map<string, Verdict[]>();
  for (const e of rows) {
    const v = verdict(e, now);
    if (v === 'excluded') continue;
    for (const k of new Set(keysOf(e))) {
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(v);
    }
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    return a.localeCompare(b, 'en', { numeric: true });
  });
  return keys.map((k) => onTimeRow(k, groups.get(k)!));
}

export function onTimeOverall(rows: EscalationRow[], now: Date): OnTimeRowDto {
  return onTimeRow(
    'all',
    rows.map((e) => verdict(e, now)).filter((v) => v !== 'excluded'),
  );
}

/** Who an escalation's result belongs to: its answerer, or (unanswered) every profession it was routed to. */
export const professionKeys = (e: EscalationRow): string[] => (e.answererProfession ? [e.answererProfession] : e.targetProfessions);

/** Re-routing events over the timelines, in a fixed order; types that never happened are listed with 0. */
export const ROUTING_EVENTS = ['overdue', 'rerouted', 'declined', 'transferred', 'offered'] as const;
export function routingCounts(rows: EscalationRow[]): RoutingRowDto[] {
  return ROUTING_EVENTS.map((event) => ({
    event,
    events: rows.reduce((n, e) => n + e.events.filter((t) => t === event).length, 0),
    escalations: rows.filter((e) => e.events.includes(event)).length,
  }));
}

export const monthOf = (d: Date): string => d.toISOString().slice(0, 7);

/**
 * Hours from each case's creation to the first post by someone other than its author (the author's
 * own follow-ups are not replies), grouped by the month the case was created, then a row "all".
 */
export function firstPeerReply(cases: CaseRow[], posts: PostRow[]): FirstReplyRowDto[] {
  const first = new Map<string, number>();
  const authorOf = new Map(cases.map((c) => [c.id, c.authorId]));
  for (const p of posts) {
    if (authorOf.get(p.caseId) === undefined || authorOf.get(p.caseId) === p.authorId) continue;
    const t = p.createdAt.getTime();
    const cur = first.get(p.caseId);
    if (cur === undefined || t < cur) first.set(p.caseId, t);
  }
  const row = (month: string, group: CaseRow[]): FirstReplyRowDto => {
    const hours = group
      .filter((c) => first.has(c.id))
      .map((c) => Math.max(0, (first.get(c.id)! - c.createdAt.getTime()) / 3_600_000))
      .sort((a, b) => a - b);
    const p = (q: number) => {
      const v = percentile(hours, q);
      return v === null ? null : round(v, 2);
    };
    return { month, cases: group.length, replied: hours.length, medianHours: p(0.5), p90Hours: p(0.9) };
  };
  const byMonth = new Map<string, CaseRow[]>();
  for (const c of cases) {
    const m = monthOf(c.createdAt);
    let g = byMonth.get(m);
    if (!g) byMonth.set(m, (g = []));
    g.push(c);
  }
  return [...[...byMonth.keys()].sort().map((m) => row(m, byMonth.get(m)!)), row('all', cases)];
}

/** Attendance and live participation per month and profession. */
export function sessionsByProfession(sessions: SessionRow[], attendees: PresenceRow[]): SessionProfessionRowDto[] {
  const monthOfSession = new Map(sessions.map((s) => [s.id, monthOf(s.startsAt)]));
  const rows = new Map<string, SessionProfessionRowDto & { ids: Set<string>; people: Set<string> }>();
  const rowFor = (month: string, profession: string) => {
    const k = `${month}\u0000${profession}`;
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { month, profession, sessions: 0, attendances: 0, messages: 0, turns: 0, ids: new Set(), people: new Set() }));
    return r;
  };
  for (const a of attendees) {
    const month = monthOfSession.get(a.sessionId);
    if (!month) continue;
    const r = rowFor(month, a.profession);
    r.ids.add(a.sessionId);
    r.people.add(`${a.sessionId}:${a.userId}`);
  }
  for (const s of sessions) {
    for (const [profession, c] of Object.entries(s.counts)) {
      if (!c?.messages && !c?.turns) continue;
      const r = rowFor(monthOf(s.startsAt), profession);
      r.ids.add(s.id);
      r.messages += c.messages ?? 0;
      r.turns += c.turns ?? 0;
    }
  }
  return [...rows.values()]
    .map(({ ids, people, ...r }) => ({ ...r, sessions: ids.size, attendances: people.size }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.profession.localeCompare(b.profession));
}

/** A YYYY-MM-DD string naming a day that exists (not 2026-02-30, which Date would roll into March). */
export function isRealDay(s: string): boolean {
  const d = new Date(`${s}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The days of a filter as a half-open range of instants: from 00:00 UTC of `from` until 00:00 UTC after `to`. */
export function dayRange(from?: string, to?: string): { from?: Date; until?: Date } {
  const day = (s: string) => new Date(`${s}T00:00:00.000Z`);
  return {
    ...(from ? { from: day(from) } : {}),
    ...(to ? { until: new Date(day(to).getTime() + 86_400_000) } : {}),
  };
}
