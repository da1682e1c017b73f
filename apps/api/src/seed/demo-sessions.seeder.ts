import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { toAuthor } from '../modules/identity';
import type { Actor } from '../modules/identity';
import { LiveSessionsService } from '../modules/live-sessions';
import { PrivacyGate } from '../modules/privacy';
import { DEMO_PAST_SESSIONS, type HistorySession } from './demo-history';
import { DemoHistoryRepository, type PastSessionEvent } from './infra/demo-history.repository';

const MIN = 60_000;

/**
 * Past live sessions (one a month or so) with attendance, chat and turns called on. Sessions are
 * created through the live-session service (title through the gate); their chat runs through the
 * PHI gate here before the log is written. Kept apart from the case history on purpose: session
 * features added later (evaluations, approvals) extend `seedSession` below.
 */
@Injectable()
export class DemoSessionsSeeder {
  constructor(
    private readonly sessions: LiveSessionsService,
    private readonly gate: PrivacyGate,
    private readonly history: DemoHistoryRepository,
  ) {}

  async run(cohortId: string, people: Map<string, Actor>, existingTitles: Set<string>): Promise<void> {
    for (const s of DEMO_PAST_SESSIONS) {
      if (!existingTitles.has(s.title)) await this.seedSession(s, cohortId, people);
    }
  }

  private async seedSession(s: HistorySession, cohortId: string, people: Map<string, Actor>): Promise<void> {
    const person = (key: string) => people.get(key)!;
    const facilitator = person(s.facilitatorKey);
    for (const [i, m] of s.messages.entries())
      await this.gate.assertClean({ body: m.body }, { actorId: person(m.authorKey).id, target: `seed.session.message.${i}` });
    const startsAt = new Date(Date.now() - s.daysAgo * 24 * 60 * MIN);
    // The service only schedules ahead; the seed then moves the session to the day it took place.
    const created = await this.sessions.create(facilitator, {
      cohortId,
      title: s.title,
      startsAt: new Date(Date.now() + 60 * MIN).toISOString(),
    });
    const at = (minute: number) => new Date(startsAt.getTime() + minute * MIN);
    const endedAt = at(Math.max(60, ...s.attendees.map((a) => a.minutes)));
    const events: PastSessionEvent[] = [{ at: at(0), body: { type: 'phase', phase: 'presentation' } }];
    const counts: Record<string, { messages: number; turns: number }> = {};
    const count = (a: Actor) => (counts[a.profession] ??= { messages: 0, turns: 0 });
    const attendance = s.attendees.map((a, i) => {
      const who = person(a.key);
      const joinedAt = at(i === 0 ? 0 : 1 + (i % 4));
      const leftAt = at(Math.min(a.minutes + (i === 0 ? 0 : 1), 60));
      events.push({
        at: joinedAt,
        body: { type: 'joined', participant: { userId: who.id, displayName: who.displayName, profession: who.profession, role: who.role } },
      });
      events.push({ at: leftAt, body: { type: 'left', userId: who.id } });
      return { userId: who.id, displayName: who.displayName, profession: who.profession, role: who.role, joinedAt, leftAt };
    });
    for (const [i, key] of s.turns.entries()) {
      const who = person(key);
      count(who).turns += 1;
      events.push({ at: at(8 + i * 10), body: { type: 'called', userId: who.id } });
    }
    for (const [i, m] of s.messages.entries()) {
      const who = person(m.authorKey);
      count(who).messages += 1;
      const clientId = `demo-${created.id}-${i}`;
      const message = {
        id: randomBytes(12).toString('hex'),
        clientId,
        author: toAuthor(who),
        body: m.body,
        at: at(m.atMinute).toISOString(),
      };
      events.push({ at: at(m.atMinute), body: { type: 'message', message }, dedupe: `m:${who.id}:${clientId}` });
    }
    events.push({ at: endedAt, body: { type: 'phase', phase: 'ended' } });
    await this.history.writePastSession(created.id, { startsAt, endedAt, events, counts, attendance });
  }
}
