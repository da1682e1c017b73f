/**
 * A live session as the client holds it: the last snapshot plus the events after it,
 * applied strictly in `seq` order (Zulip's register + events model). Old or repeated
 * events are ignored; a gap asks for a re-join with `afterSeq`.
 */
import {
  applyEvent,
  type Participant,
  type ParticipationCounts,
  type SessionEvent,
  type SessionMessage,
  type SessionSnapshot,
} from '@casebridge/contracts';

export interface PendingMessage {
  clientId: string;
  body: string;
  at: string;
  failed?: boolean;
}

export interface RoomState {
  seq: number;
  snapshot: SessionSnapshot;
  pending: PendingMessage[];
  /** Set when an event arrived after a gap: the caller re-joins with afterSeq = seq. */
  gap: boolean;
}

export type RoomAction =
  | { type: 'snapshot'; snapshot: SessionSnapshot; seq: number }
  | { type: 'events'; events: SessionEvent[] }
  | { type: 'presence'; participants: Participant[] }
  | { type: 'participation'; participation: ParticipationCounts }
  | { type: 'send'; message: PendingMessage }
  | { type: 'sent'; message: SessionMessage }
  | { type: 'failed'; clientId: string }
  | { type: 'discard'; clientId: string };

export function initialRoom(snapshot: SessionSnapshot, seq: number): RoomState {
  return { seq, snapshot, pending: [], gap: false };
}

function addMessage(messages: SessionMessage[], m: SessionMessage): SessionMessage[] {
  if (messages.some((x) => x.id === m.id)) return messages;
  return [...messages, m].sort((a, b) => a.seq - b.seq);
}

/**
 * The server's reducer (`applyEvent` in libs/contracts), plus what only a client needs: its own
 * acknowledged message may already be shown before its event arrives, so that copy is replaced,
 * and acks can run ahead of events, so messages stay in seq order.
 */
function applyToClient(s: SessionSnapshot, e: SessionEvent): SessionSnapshot {
  if (e.type !== 'message') return applyEvent(s, e);
  const next = applyEvent({ ...s, messages: s.messages.filter((m) => m.id !== e.message.id) }, e);
  return { ...next, messages: [...next.messages].sort((a, b) => a.seq - b.seq) };
}

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'snapshot': {
      if (action.seq < state.seq) return state;
      const confirmed = new Set(action.snapshot.messages.map((m) => m.clientId));
      return { seq: action.seq, snapshot: action.snapshot, pending: state.pending.filter((p) => !confirmed.has(p.clientId)), gap: false };
    }
    case 'events': {
      let { seq, snapshot, pending } = state;
      let gap = false;
      for (const e of [...action.events].sort((a, b) => a.seq - b.seq)) {
        if (e.seq <= seq) continue;
        if (e.seq > seq + 1) {
          gap = true;
          break;
        }
        snapshot = applyToClient(snapshot, e);
        seq = e.seq;
        if (e.type === 'message') pending = pending.filter((p) => p.clientId !== e.message.clientId);
      }
      if (seq === state.seq && gap === state.gap) return state;
      return { seq, snapshot, pending, gap };
    }
    case 'presence':
      return { ...state, snapshot: { ...state.snapshot, participants: action.participants } };
    case 'participation':
      return { ...state, snapshot: { ...state.snapshot, participation: action.participation } };
    case 'send':
      return { ...state, pending: [...state.pending, action.message] };
    case 'sent':
      return {
        ...state,
        snapshot: { ...state.snapshot, messages: addMessage(state.snapshot.messages, action.message) },
        pending: state.pending.filter((p) => p.clientId !== action.message.clientId),
      };
    case 'failed':
      return { ...state, pending: state.pending.map((p) => (p.clientId === action.clientId ? { ...p, failed: true } : p)) };
    case 'discard':
      return { ...state, pending: state.pending.filter((p) => p.clientId !== action.clientId) };
  }
}

/** Raised hands, first raised first. */
export function handQueue(s: SessionSnapshot): { userId: string; raisedAt: string; participant?: Participant }[] {
  return [...s.hands]
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))
    .map((h) => ({ ...h, participant: s.participants.find((p) => p.userId === h.userId) }));
}

/** Present participants grouped by profession, largest group first. */
export function byProfession(participants: readonly Participant[]): [Participant['profession'], Participant[]][] {
  const m = new Map<Participant['profession'], Participant[]>();
  for (const p of participants) m.set(p.profession, [...(m.get(p.profession) ?? []), p]);
  return [...m.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}
