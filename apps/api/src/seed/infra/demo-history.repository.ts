import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Types, type Collection, type Connection } from 'mongoose';

const oid = (id: string) => new Types.ObjectId(id);

/** One event of a past session's log, as the live-session service stores it (body without seq/at). */
export interface PastSessionEvent {
  at: Date;
  body: { type: string } & Record<string, unknown>;
  /** Chat messages carry their dedupe key (`m:<author>:<clientId>`); other events use `#<seq>`. */
  dedupe?: string;
}

export interface PastSession {
  startsAt: Date;
  endedAt: Date;
  events: PastSessionEvent[];
  counts: Record<string, { messages: number; turns: number }>;
  attendance: { userId: string; displayName: string; profession: string; role: string; joinedAt: Date; leftAt: Date }[];
}

/**
 * Demo seed only: moves records the real services created into the past, and writes the log of
 * sessions that "took place" months ago (no service can create a past session). Text never passes
 * through here unchecked: the seeder runs every message through the PHI gate first. Models are
 * looked up by the names their modules register.
 */
@Injectable()
export class DemoHistoryRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private collection(model: string): Collection {
    return this.connection.model(model).collection;
  }

  /** The case and its posts (in seq order) at the given times; its last activity is the latest of them. */
  async backdateCase(caseId: string, createdAt: Date, postTimes: Date[]): Promise<void> {
    const posts = await this.collection('Post')
      .find({ caseId: oid(caseId) }, { projection: { seq: 1 } })
      .sort({ seq: 1 })
      .toArray();
    let last = createdAt;
    for (const [i, p] of posts.entries()) {
      const at = postTimes[i] ?? last;
      if (at > last) last = at;
      await this.collection('Post').updateOne({ _id: p._id }, { $set: { createdAt: at } });
    }
    await this.collection('Case').updateOne({ _id: oid(caseId) }, { $set: { createdAt, lastActivityAt: last } });
  }

  /**
   * An escalation raised at `createdAt` with its target at `dueAt`. Answered: claimed and answered
   * at the given times. Open: its timers are due now, so the sweeper handles it after start-up as it
   * would any overdue escalation (alerting the admins, re-routing).
   */
  async backdateEscalation(id: string, t: { createdAt: Date; dueAt: Date; claimDueAt: Date; answeredAt?: Date }): Promise<void> {
    const doc = await this.collection('Escalation').findOne({ _id: oid(id) }, { projection: { timeline: 1 } });
    if (!doc) return;
    const answeredAt = t.answeredAt;
    const claimedAt = answeredAt ? new Date((t.createdAt.getTime() + answeredAt.getTime()) / 2) : undefined;
    const timeline = ((doc.timeline as { type: string; at: Date }[] | undefined) ?? []).map((e) => ({
      ...e,
      at: e.type === 'answered' && answeredAt ? answeredAt : e.type === 'claimed' && claimedAt ? claimedAt : t.createdAt,
    }));
    const set: Record<string, unknown> = { createdAt: t.createdAt, dueAt: t.dueAt, timeline };
    if (answeredAt) {
      set.answeredAt = answeredAt;
      if (timeline.some((e) => e.type === 'claimed')) set.claimedAt = claimedAt;
    } else {
      set.claimDueAt = t.claimDueAt;
      set.nextOverdueAt = t.dueAt;
      set.nextCheckAt = t.claimDueAt < t.dueAt ? t.claimDueAt : t.dueAt;
    }
    await this.collection('Escalation').updateOne({ _id: oid(id) }, { $set: set });
  }

  /** A session created through the service, turned into one that took place: its log, counters, presence and attendance. */
  async writePastSession(sessionId: string, s: PastSession): Promise<void> {
    const sid = oid(sessionId);
    const events = [...s.events].sort((a, b) => a.at.getTime() - b.at.getTime());
    const lastSeqOf = new Map<string, number>();
    if (events.length) {
      await this.collection('LiveSessionEvent').insertMany(
        events.map((e, i) => {
          const seq = i + 1;
          const userId = e.body.type === 'left' ? String(e.body.userId) : undefined;
          if (userId) lastSeqOf.set(userId, seq);
          const body = e.body.type === 'message' ? { ...e.body, message: { ...(e.body.message as object), seq } } : e.body;
          return { sessionId: sid, seq, type: e.body.type, at: e.at, dedupe: e.dedupe ?? `#${seq}`, body };
        }),
      );
    }
    const people = new Map(s.attendance.map((a) => [a.userId, a]));
    for (const p of people.values()) {
      await this.collection('LiveSessionPresence').updateOne(
        { sessionId: sid, userId: oid(p.userId) },
        {
          $set: {
            displayName: p.displayName,
            profession: p.profession,
            role: p.role,
            present: false,
            lastSeq: lastSeqOf.get(p.userId) ?? 0,
          },
        },
        { upsert: true },
      );
    }
    if (s.attendance.length) {
      await this.collection('LiveSessionAttendance').insertMany(s.attendance.map((a) => ({ ...a, sessionId: sid, userId: oid(a.userId) })));
    }
    await this.collection('LiveSession').updateOne(
      { _id: sid },
      {
        $set: {
          startsAt: s.startsAt,
          startedAt: s.startsAt,
          endedAt: s.endedAt,
          phase: 'ended',
          seq: events.length,
          counts: s.counts,
          present: {},
          // Nothing to hand to a case thread: the transcript step is marked done.
          transcriptClaimedAt: s.endedAt,
          transcriptPostedAt: s.endedAt,
        },
      },
    );
  }
}
