import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { buildParticipation, type ParticipationCounts } from '@casebridge/contracts';
import { Publisher } from '../realtime';
import { SessionsRepository, type SeqResult } from './infra/sessions.repository';
import { SessionLog } from './session-log';

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
 * count the messages — so the snapshot carries the same counts (folded from the log).
 *
 * Chat messages do not write their counter with the message (one write per message): their
 * increments are summed here and added to the session in one update per push window. A crash
 * loses at most that window's increments of these analytics counters, never a message.
 */
@Injectable()
export class SessionParticipation implements OnModuleDestroy {
  private readonly logger = new Logger('LiveSessions');
  private readonly pushes = new Map<string, PushState>();

  constructor(
    private readonly publisher: Publisher,
    private readonly repo: SessionsRepository,
    private readonly log: SessionLog,
  ) {}

  async onModuleDestroy(): Promise<void> {
    for (const p of this.pushes.values()) if (p.timer) clearTimeout(p.timer);
    await Promise.all([...this.pushes.keys()].map((id) => this.flush(id).catch(() => undefined)));
  }

  /** Counter increments of a message (or several), written with the next push. */
  count(sessionId: string, inc: Record<string, number>): void {
    const st = this.state(sessionId);
    const pending = (st.pending ??= {});
    for (const [k, v] of Object.entries(inc)) pending[k] = (pending[k] ?? 0) + v;
    this.schedule(sessionId, st);
  }

  /** The session's counters as just written (a called-on turn, a presence change). */
  push(sessionId: string, r: SeqResult): void {
    const st = this.state(sessionId);
    st.latest = { ...r, present: r.present ?? st.latest?.present };
    this.schedule(sessionId, st);
  }

  private state(sessionId: string): PushState {
    let st = this.pushes.get(sessionId);
    if (!st) this.pushes.set(sessionId, (st = { last: 0 }));
    return st;
  }

  private schedule(sessionId: string, st: PushState): void {
    const wait = st.last + PARTICIPATION_THROTTLE_MS - Date.now();
    if (wait <= 0) void this.emit(sessionId);
    else if (!st.timer) {
      st.timer = setTimeout(() => void this.emit(sessionId), wait);
      st.timer.unref();
    }
  }

  private async emit(sessionId: string): Promise<void> {
    const cur = this.pushes.get(sessionId);
    if (!cur) return;
    cur.last = Date.now();
    cur.timer = undefined;
    await this.flush(sessionId).catch((err: unknown) =>
      this.logger.warn({ err: (err as Error).message }, 'participation counters write failed'),
    );
    const l = cur.latest;
    if (l) this.publisher.toUser(String(l.facilitatorId), 'participation:changed', { sessionId, participation: participationOf(l) });
  }

  /** Adds the pending message counters to the session (and raises its `seq` floor); kept for the next try on failure. */
  private async flush(sessionId: string): Promise<void> {
    const cur = this.pushes.get(sessionId);
    if (!cur?.pending) return;
    const inc = cur.pending;
    cur.pending = undefined;
    try {
      const r = await this.repo.addCounts(sessionId, inc, this.log.lastTaken(sessionId));
      if (r) cur.latest = { ...r, present: r.present ?? cur.latest?.present };
    } catch (err) {
      const pending = (cur.pending ??= {});
      for (const [k, v] of Object.entries(inc)) pending[k] = (pending[k] ?? 0) + v;
      throw err;
    }
  }
}

interface PushState {
  last: number;
  timer?: NodeJS.Timeout;
  latest?: SeqResult;
  pending?: Record<string, number>;
}
