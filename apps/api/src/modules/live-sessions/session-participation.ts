import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { buildParticipation, type ParticipationCounts } from '@casebridge/contracts';
import { Publisher } from '../realtime';
import type { SeqResult } from './infra/sessions.repository';

/** At most one participation push per session and replica in this window (trailing edge kept). */
const PARTICIPATION_THROTTLE_MS = 250;

/** The facilitator's view from the session's live counters (same rules as the snapshot's). */
export function participationOf(r: Pick<SeqResult, 'counts' | 'present'>): ParticipationCounts {
  const entries: Record<string, { messages: number; turns: number; present: number }> = {};
  for (const [p, c] of Object.entries(r.counts ?? {})) entries[p] = { messages: c?.messages ?? 0, turns: c?.turns ?? 0, present: 0 };
  for (const [p, n] of Object.entries(r.present ?? {})) (entries[p] ??= { messages: 0, turns: 0, present: 0 }).present = n;
  return buildParticipation(entries);
}

/**
 * Pushes participation to the facilitator's user room (throttled, trailing edge kept). Only the
 * facilitator gets the live push: the nudge ("nobody from pharmacy has spoken") is a facilitation
 * tool, and a public tally can read as shaming. It is not secret either — anyone in the room can
 * count the messages — so the snapshot carries the same counts.
 */
@Injectable()
export class SessionParticipation implements OnModuleDestroy {
  private readonly pushes = new Map<string, { last: number; timer?: NodeJS.Timeout; latest?: SeqResult }>();

  constructor(private readonly publisher: Publisher) {}

  onModuleDestroy(): void {
    for (const p of this.pushes.values()) if (p.timer) clearTimeout(p.timer);
  }

  push(sessionId: string, r: SeqResult): void {
    let st = this.pushes.get(sessionId);
    if (!st) this.pushes.set(sessionId, (st = { last: 0 }));
    if (!st.latest || r.seq >= st.latest.seq) st.latest = { ...r, present: r.present ?? st.latest?.present };
    const emit = () => {
      const cur = this.pushes.get(sessionId);
      if (!cur?.latest) return;
      cur.last = Date.now();
      cur.timer = undefined;
      const l = cur.latest;
      this.publisher.toUser(String(l.facilitatorId), 'participation:changed', { sessionId, participation: participationOf(l) });
    };
    const wait = st.last + PARTICIPATION_THROTTLE_MS - Date.now();
    if (wait <= 0) emit();
    else if (!st.timer) {
      st.timer = setTimeout(emit, wait);
      st.timer.unref();
    }
  }
}
