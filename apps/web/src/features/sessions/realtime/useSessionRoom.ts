/**
 * One live session room: join on every (re)connect with the last seq seen, apply
 * `session:event`s in order, keep presence and participation fresh, send chat
 * optimistically by clientId, and beat the presence heartbeat while the page is open.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { PROFESSION_LABELS, SESSION_PHASES, type SessionEvent, type SessionPhase } from '@casebridge/contracts';
import { announce } from '../../../lib/announcer';
import { phiFindingsOf } from '../../../lib/api';
import { newClientId } from '../../../lib/ids';
import { emitAck, emitVolatile, isConnected, onEvent, whenConnected } from '../../../lib/socket';
import type { SessionDetail } from '../api/sessions.api';
import { initialRoom, roomReducer, type RoomState } from '../hooks/room-state';

export const PHASE_LABELS: Record<SessionPhase, string> = {
  lobby: 'Waiting to start',
  presentation: 'Case presentation',
  clarifying: 'Clarifying questions',
  recommendations: 'Recommendations',
  summary: 'Summary',
  ended: 'Ended',
};
export { SESSION_PHASES };

const HEARTBEAT_MS = 20_000;

function describe(e: SessionEvent, meId: string, name: (id: string) => string): string | null {
  switch (e.type) {
    case 'message':
      return e.message.author.id === meId
        ? null
        : `${e.message.author.displayName}, ${PROFESSION_LABELS[e.message.author.profession]}: ${e.message.body.slice(0, 140)}`;
    case 'joined':
      return `${e.participant.displayName}, ${PROFESSION_LABELS[e.participant.profession]}, joined.`;
    case 'left':
      return `${name(e.userId)} left.`;
    case 'hand':
      return e.raised ? `${name(e.userId)} raised a hand.` : null;
    case 'called':
      // being called on oneself is announced assertively by the room (SessionRoomPage), once
      return e.userId === meId ? null : `${name(e.userId)} has the floor.`;
    case 'phase':
      return `Phase: ${PHASE_LABELS[e.phase]}.`;
    case 'summary':
      return 'The facilitator pinned a summary.';
    case 'presenter':
      if (!e.presenterId) return 'The case author (anonymous) is presenting the case.';
      return e.presenterId === meId ? 'You are presenting the case.' : `${name(e.presenterId)} is presenting the case.`;
    default:
      return null;
  }
}

export function useSessionRoom(sessionId: string, initial: SessionDetail, meId: string) {
  const [state, dispatch] = useReducer(roomReducer, initial, (d) => initialRoom(d.snapshot, d.seq));
  const ref = useRef<RoomState>(state);
  ref.current = state;

  const join = useCallback(async () => {
    try {
      const r = await emitAck('session:join', { sessionId, afterSeq: ref.current.seq });
      if ('snapshot' in r) dispatch({ type: 'snapshot', snapshot: r.snapshot, seq: r.seq });
      else dispatch({ type: 'events', events: r.events });
    } catch (e) {
      announce(`Could not join the live session: ${(e as Error).message}`, 'assertive');
    }
  }, [sessionId]);

  useEffect(() => {
    const name = (id: string) => ref.current.snapshot.participants.find((p) => p.userId === id)?.displayName ?? 'Someone';
    const offEvent = onEvent('session:event', (e) => {
      if (e.sessionId !== sessionId || e.seq <= ref.current.seq) return;
      const text = describe(e, meId, name);
      dispatch({ type: 'events', events: [e] });
      if (text) announce(text);
    });
    const offPresence = onEvent(
      'presence:changed',
      (p) => p.sessionId === sessionId && dispatch({ type: 'presence', participants: p.participants }),
    );
    const offParticipation = onEvent(
      'participation:changed',
      (p) => p.sessionId === sessionId && dispatch({ type: 'participation', participation: p.participation }),
    );
    const offConnect = whenConnected(() => void join());
    const beat = setInterval(() => emitVolatile('session:heartbeat', { sessionId }), HEARTBEAT_MS);
    return () => {
      offEvent();
      offPresence();
      offParticipation();
      offConnect();
      clearInterval(beat);
      if (isConnected()) emitAck('session:leave', { sessionId }).catch(() => undefined);
    };
  }, [sessionId, meId, join]);

  // An event arrived after a gap: fetch exactly what is missing.
  useEffect(() => {
    if (state.gap && isConnected()) void join();
  }, [state.gap, join]);

  const deliver = useCallback(
    async (clientId: string, body: string) => {
      try {
        const m = await emitAck('session:message', { sessionId, body, clientId });
        dispatch({ type: 'sent', message: m });
      } catch (e) {
        // Refused by the PHI gate: nothing was stored and the composer gets the text back with
        // the findings, so no "Not sent" copy stays behind (a retry would only be refused again).
        dispatch(phiFindingsOf(e) ? { type: 'discard', clientId } : { type: 'failed', clientId });
        throw e;
      }
    },
    [sessionId],
  );

  const sendMessage = useCallback(
    (body: string) => {
      const clientId = newClientId();
      dispatch({ type: 'send', message: { clientId, body, at: new Date().toISOString() } });
      return deliver(clientId, body);
    },
    [deliver],
  );

  const retry = useCallback(
    (clientId: string) => {
      const p = ref.current.pending.find((x) => x.clientId === clientId);
      if (p) void deliver(clientId, p.body).catch(() => undefined);
    },
    [deliver],
  );

  return {
    state,
    sendMessage,
    retry,
    discard: (clientId: string) => dispatch({ type: 'discard', clientId }),
    setHand: (raised: boolean) => emitAck('session:hand', { sessionId, raised }),
    setPhase: (phase: SessionPhase) => emitAck('session:phase', { sessionId, phase }),
    callOn: (userId: string) => emitAck('session:call', { sessionId, userId }),
    publishSummary: (summary: string) => emitAck('session:summary', { sessionId, summary }),
  };
}
