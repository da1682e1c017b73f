import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Types, type Connection, type Collection } from 'mongoose';
import type { CaseRow, EscalationRow, PostRow, PresenceRow, SessionRow } from '../quality';

/** Which records the report reads: a cohort (or a set of cohorts) and a half-open time range. */
export interface QualityScope {
  /** Only these cohorts; undefined: every cohort. */
  cohortIds?: string[];
  from?: Date;
  /** Exclusive. */
  until?: Date;
}

/**
 * Read-only reporting reads over the collections of escalations, cases, posts and live sessions.
 * The report needs times, keys and counts from several features at once; reading them here, with
 * projections that never include free text, keeps those features' services free of reporting
 * queries and keeps every text field out of this module by construction. Models are looked up by
 * their registered names (the owning modules register them), so this module declares no schema.
 */
@Injectable()
export class QualityRepository {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private collection(model: string): Collection {
    return this.connection.model(model).collection;
  }

  private filter(scope: QualityScope, dateField: string): Record<string, unknown> {
    const f: Record<string, unknown> = {};
    if (scope.cohortIds) f.cohortId = { $in: scope.cohortIds.map((id) => new Types.ObjectId(id)) };
    const range: Record<string, Date> = {};
    if (scope.from) range.$gte = scope.from;
    if (scope.until) range.$lt = scope.until;
    if (Object.keys(range).length) f[dateField] = range;
    return f;
  }

  async escalations(scope: QualityScope): Promise<EscalationRow[]> {
    const docs = await this.collection('Escalation')
      .find(this.filter(scope, 'createdAt'), {
        projection: {
          domains: 1,
          urgency: 1,
          status: 1,
          createdAt: 1,
          dueAt: 1,
          answeredAt: 1,
          answererProfession: 1,
          targetProfessions: 1,
          'timeline.type': 1,
        },
      })
      .toArray();
    return docs.map((d) => ({
      domains: (d.domains as number[] | undefined) ?? [],
      urgency: String(d.urgency),
      status: String(d.status),
      createdAt: d.createdAt as Date,
      dueAt: d.dueAt as Date,
      answeredAt: (d.answeredAt as Date | null | undefined) ?? null,
      answererProfession: (d.answererProfession as string | null | undefined) ?? null,
      targetProfessions: (d.targetProfessions as string[] | undefined) ?? [],
      events: ((d.timeline as { type: string }[] | undefined) ?? []).map((t) => t.type),
    }));
  }

  async cases(scope: QualityScope): Promise<CaseRow[]> {
    const docs = await this.collection('Case')
      .find(this.filter(scope, 'createdAt'), { projection: { authorId: 1, createdAt: 1 } })
      .toArray();
    return docs.map((d) => ({ id: String(d._id), authorId: String(d.authorId), createdAt: d.createdAt as Date }));
  }

  /** Posts of these cases other than system posts: who wrote them and when (never the body). */
  async posts(caseIds: string[]): Promise<PostRow[]> {
    if (!caseIds.length) return [];
    const docs = await this.collection('Post')
      .find(
        { caseId: { $in: caseIds.map((id) => new Types.ObjectId(id)) }, kind: { $ne: 'system' } },
        { projection: { caseId: 1, authorId: 1, createdAt: 1 } },
      )
      .toArray();
    return docs.map((d) => ({ caseId: String(d.caseId), authorId: String(d.authorId), createdAt: d.createdAt as Date }));
  }

  /** Sessions that have started (a start time recorded, or past the lobby), by scheduled start. */
  async sessions(scope: QualityScope): Promise<SessionRow[]> {
    const docs = await this.collection('LiveSession')
      .find(this.filter(scope, 'startsAt'), { projection: { startsAt: 1, startedAt: 1, phase: 1, counts: 1 } })
      .toArray();
    return docs
      .filter((d) => d.startedAt || d.phase !== 'lobby')
      .map((d) => ({
        id: String(d._id),
        startsAt: d.startsAt as Date,
        counts: (d.counts as Record<string, { messages?: number; turns?: number }> | undefined) ?? {},
      }));
  }

  /** Everyone who joined these sessions (one presence row per person and session). */
  async attendees(sessionIds: string[]): Promise<PresenceRow[]> {
    if (!sessionIds.length) return [];
    const docs = await this.collection('LiveSessionPresence')
      .find(
        { sessionId: { $in: sessionIds.map((id) => new Types.ObjectId(id)) } },
        { projection: { sessionId: 1, userId: 1, profession: 1 } },
      )
      .toArray();
    return docs.map((d) => ({ sessionId: String(d.sessionId), userId: String(d.userId), profession: String(d.profession) }));
  }
}
