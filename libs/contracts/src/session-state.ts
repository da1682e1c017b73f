/**
 * The state of a live session as a pure reducer over its ordered event log (style.md "Snapshot
 * plus ordered events"). Framework-free and shared: the api folds stored events into snapshots with
 * it, and the web client applies `session:event`s with the same rules, so their states cannot drift.
 *
 * Invariant (property-tested): fold(fold(empty, events[0..k]), events[k..n]) deep-equals
 * fold(empty, events[0..n]) for every k, including when the intermediate snapshot went through
 * JSON (as a cached snapshot in MongoDB or a client's cache does).
 */
import { PROFESSIONS, type Profession, type Role } from './identity';
import type { ParticipationCounts, Participant, SessionEvent, SessionSnapshot } from './sessions';

/** A snapshot keeps the latest messages only; the full transcript is read from the event log. */
export const MAX_SNAPSHOT_MESSAGES = 500;

export function emptySnapshot(sessionId: string): SessionSnapshot {
  return {
    sessionId,
    phase: 'lobby',
    participants: [],
    hands: [],
    messages: [],
    participation: { byProfession: {}, silentProfessions: [] },
  };
}

type Counts = ParticipationCounts['byProfession'];
type Entry = { messages: number; turns: number; present: number };

const ROLE_ORDER: Record<Role, number> = { admin: 0, faculty: 1, learner: 2 };
const PROFESSION_ORDER = new Map<string, number>(PROFESSIONS.map((p, i) => [p, i]));

/** Participants in a stable order: by role (faculty first), profession, name, id (presence "grouped by profession and role"). */
export function compareParticipants(a: Participant, b: Participant): number {
  return (
    (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) ||
    (PROFESSION_ORDER.get(a.profession) ?? 99) - (PROFESSION_ORDER.get(b.profession) ?? 99) ||
    (a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0) ||
    (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)
  );
}

/** Presence grouped by profession, then by role inside each profession (for lists and badges). */
export function groupPresence(participants: Participant[]): Partial<Record<Profession, Partial<Record<Role, Participant[]>>>> {
  const out: Partial<Record<Profession, Partial<Record<Role, Participant[]>>>> = {};
  for (const p of [...participants].sort(compareParticipants)) {
    const byRole = (out[p.profession] ??= {});
    (byRole[p.role] ??= []).push(p);
  }
  return out;
}

/**
 * Participation from per-profession counts: entries in profession order, only non-zero ones, and
 * the nudge — professions present that have not spoken yet (neither a chat message nor a turn
 * they were called on for). Used by the reducer and by the server's live push alike.
 */
export function buildParticipation(entries: Partial<Record<string, Partial<Entry>>>): ParticipationCounts {
  const byProfession: Counts = {};
  const silentProfessions: Profession[] = [];
  for (const p of PROFESSIONS) {
    const e = entries[p];
    const messages = e?.messages ?? 0;
    const turns = e?.turns ?? 0;
    const present = Math.max(0, e?.present ?? 0);
    if (messages || turns || present) byProfession[p] = { messages, turns, present };
    if (present > 0 && messages + turns === 0) silentProfessions.push(p);
  }
  return { byProfession, silentProfessions };
}

function bump(s: SessionSnapshot, profession: Profession | undefined, field: 'messages' | 'turns'): ParticipationCounts {
  if (!profession) return s.participation;
  const entries: Partial<Record<string, Entry>> = { ...s.participation.byProfession };
  const cur = entries[profession] ?? { messages: 0, turns: 0, present: 0 };
  entries[profession] = { ...cur, [field]: cur[field] + 1 };
  return buildParticipation(entries);
}

function withPresence(s: SessionSnapshot, participants: Participant[]): ParticipationCounts {
  const entries: Partial<Record<string, Entry>> = {};
  for (const [p, e] of Object.entries(s.participation.byProfession)) entries[p] = { ...(e as Entry), present: 0 };
  for (const p of participants) {
    const cur = entries[p.profession] ?? { messages: 0, turns: 0, present: 0 };
    entries[p.profession] = { ...cur, present: cur.present + 1 };
  }
  return buildParticipation(entries);
}

/** Applies one event. Pure: never mutates `s`; unknown event types leave the state unchanged. */
export function applyEvent(s: SessionSnapshot, e: SessionEvent): SessionSnapshot {
  switch (e.type) {
    case 'joined': {
      const participants = [...s.participants.filter((p) => p.userId !== e.participant.userId), { ...e.participant }].sort(
        compareParticipants,
      );
      return { ...s, participants, participation: withPresence(s, participants) };
    }
    case 'left': {
      const participants = s.participants.filter((p) => p.userId !== e.userId);
      const hands = s.hands.filter((h) => h.userId !== e.userId);
      const next: SessionSnapshot = { ...s, participants, hands, participation: withPresence(s, participants) };
      if (s.calledOn === e.userId) delete next.calledOn;
      return next;
    }
    case 'message': {
      const messages =
        s.messages.length >= MAX_SNAPSHOT_MESSAGES ? s.messages.slice(s.messages.length - MAX_SNAPSHOT_MESSAGES + 1) : s.messages.slice();
      messages.push(e.message);
      return { ...s, messages, participation: bump(s, e.message.author.profession, 'messages') };
    }
    case 'hand': {
      if (e.raised) {
        if (s.hands.some((h) => h.userId === e.userId)) return s;
        return { ...s, hands: [...s.hands, { userId: e.userId, raisedAt: e.at }] };
      }
      if (!s.hands.some((h) => h.userId === e.userId)) return s;
      return { ...s, hands: s.hands.filter((h) => h.userId !== e.userId) };
    }
    case 'called': {
      const profession = s.participants.find((p) => p.userId === e.userId)?.profession;
      return { ...s, calledOn: e.userId, hands: s.hands.filter((h) => h.userId !== e.userId), participation: bump(s, profession, 'turns') };
    }
    case 'phase': {
      // once ended nobody holds the floor and no hand stays up
      if (e.phase !== 'ended') return { ...s, phase: e.phase };
      const next: SessionSnapshot = { ...s, phase: e.phase, hands: [] };
      delete next.calledOn;
      return next;
    }
    case 'summary':
      return { ...s, summary: e.summary };
    case 'presenter':
      return { ...s, presenter: { ...(e.presenterId ? { userId: e.presenterId } : {}), ...(e.caseId ? { caseId: e.caseId } : {}) } };
    case 'noop':
      return s;
    default:
      return s;
  }
}

/** Folds events in order onto a snapshot. */
export function foldEvents(s: SessionSnapshot, events: readonly SessionEvent[]): SessionSnapshot {
  let cur = s;
  for (const e of events) cur = applyEvent(cur, e);
  return cur;
}

/**
 * The gap-free prefix of `events` (sorted by seq) that follows `afterSeq`: a seq whose write is
 * still in flight ends the prefix, so a reader never skips it (it arrives later by broadcast).
 */
export function contiguousAfter<E extends { seq: number }>(afterSeq: number, events: readonly E[]): { events: E[]; seq: number } {
  const out: E[] = [];
  let seq = afterSeq;
  for (const e of events) {
    if (e.seq <= seq) continue;
    if (e.seq !== seq + 1) break;
    out.push(e);
    seq = e.seq;
  }
  return { events: out, seq };
}

/**
 * Client-side and server-side catch-up: applies the events that follow `base.seq` in order;
 * older or duplicate events are dropped, a gap stops application (the caller re-joins with
 * afterSeq to fetch what is missing).
 */
export function advance(
  base: { snapshot: SessionSnapshot; seq: number },
  events: readonly SessionEvent[],
): { snapshot: SessionSnapshot; seq: number; gap: boolean } {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const { events: next, seq } = contiguousAfter(base.seq, sorted);
  const gap = sorted.some((e) => e.seq > seq);
  return { snapshot: foldEvents(base.snapshot, next), seq, gap };
}
