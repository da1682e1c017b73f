import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { SubmissionStatus } from '@casebridge/contracts';
import { SESSION_SUBMISSION, type SessionSubmissionDoc } from './session-submission.schema';
import { isDuplicateKey, isOid, newId, oid, oids } from '../../../infra/persistence';

/** Case submissions for sessions; ids in and out as strings. */
@Injectable()
export class SessionSubmissionsRepository {
  constructor(@InjectModel(SESSION_SUBMISSION) private readonly rows: Model<SessionSubmissionDoc>) {}

  find(id: string): Promise<SessionSubmissionDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.rows.collection.findOne({ _id: oid(id) }) as Promise<SessionSubmissionDoc | null>;
  }

  findFor(sessionId: string, caseId: string): Promise<SessionSubmissionDoc | null> {
    return this.rows.collection.findOne({ sessionId: oid(sessionId), caseId: oid(caseId) }) as Promise<SessionSubmissionDoc | null>;
  }

  /**
   * Submits (or resubmits a returned) case: in review from now. A case in review or scheduled is
   * left as it is (a retry changes nothing). Returns the row as stored.
   */
  async submit(input: { sessionId: string; cohortId: string; caseId: string; authorId: string }, at: Date): Promise<SessionSubmissionDoc> {
    const key = { sessionId: oid(input.sessionId), caseId: oid(input.caseId) };
    const resubmitted = (await this.rows.collection.findOneAndUpdate(
      { ...key, status: 'returned' },
      { $set: { status: 'in_review', submittedAt: at }, $unset: { reviewedAt: '', reviewerId: '' } },
      { returnDocument: 'after' },
    )) as SessionSubmissionDoc | null;
    if (resubmitted) return resubmitted;
    try {
      const doc = {
        _id: newId(),
        ...key,
        cohortId: oid(input.cohortId),
        authorId: oid(input.authorId),
        status: 'in_review' as const,
        submittedAt: at,
      };
      await this.rows.collection.insertOne(doc);
      return doc as SessionSubmissionDoc;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.findFor(input.sessionId, input.caseId)) as SessionSubmissionDoc;
    }
  }

  /** Decides a submission still in review (atomic: two reviewers cannot both decide it). Null when it was not in review. */
  review(
    id: string,
    decision: { status: SubmissionStatus; note?: string; reviewerId: string },
    at: Date,
  ): Promise<SessionSubmissionDoc | null> {
    return this.rows.collection.findOneAndUpdate(
      { _id: oid(id), status: 'in_review' },
      {
        $set: {
          status: decision.status,
          reviewerId: oid(decision.reviewerId),
          reviewedAt: at,
          ...(decision.note ? { note: decision.note } : {}),
        },
        ...(decision.note ? {} : { $unset: { note: '' } }),
      },
      { returnDocument: 'after' },
    ) as Promise<SessionSubmissionDoc | null>;
  }

  byAuthor(authorId: string, limit = 200): Promise<SessionSubmissionDoc[]> {
    return this.rows.collection
      .find({ authorId: oid(authorId) })
      .sort({ submittedAt: -1 })
      .limit(limit)
      .toArray() as Promise<SessionSubmissionDoc[]>;
  }

  forSessions(sessionIds: string[], status?: SubmissionStatus, limit = 1000): Promise<SessionSubmissionDoc[]> {
    if (!sessionIds.length) return Promise.resolve([]);
    return this.rows.collection
      .find({ sessionId: { $in: oids(sessionIds) }, ...(status ? { status } : {}) })
      .sort({ submittedAt: 1 })
      .limit(limit)
      .toArray() as Promise<SessionSubmissionDoc[]>;
  }
}
