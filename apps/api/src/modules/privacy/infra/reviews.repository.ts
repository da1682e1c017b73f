import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { REVIEW, type ReviewDoc } from './review.schema';
import { isOid, newId, oid, oids } from '../../../infra/persistence';

export type NewReview = Omit<ReviewDoc, '_id' | 'authorId' | 'cohortId' | 'reporterId' | 'caseId' | 'postId' | 'decidedBy' | 'resultId'> & {
  authorId: string;
  cohortId: string;
  reporterId?: string;
  caseId?: string;
  postId?: string;
};

@Injectable()
export class ReviewsRepository {
  constructor(@InjectModel(REVIEW) private readonly reviews: Model<ReviewDoc>) {}

  async insert(r: NewReview): Promise<ReviewDoc> {
    const full = {
      _id: newId(),
      ...r,
      authorId: oid(r.authorId),
      cohortId: oid(r.cohortId),
      ...(r.reporterId ? { reporterId: oid(r.reporterId) } : {}),
      ...(r.caseId ? { caseId: oid(r.caseId) } : {}),
      ...(r.postId ? { postId: oid(r.postId) } : {}),
    };
    await this.reviews.collection.insertOne(full as never);
    return full as ReviewDoc;
  }

  findById(id: string): Promise<ReviewDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.reviews.findById(id).lean<ReviewDoc>().exec();
  }

  /** `cohortIds` undefined = every cohort (admins). */
  list(status: ReviewDoc['status'] | undefined, limit: number, cohortIds?: string[]): Promise<ReviewDoc[]> {
    const filter: Record<string, unknown> = status ? { status } : {};
    if (cohortIds) filter.cohortId = { $in: oids(cohortIds) };
    return this.reviews
      .find(filter)
      .sort({ createdAt: status === 'pending' ? 1 : -1 })
      .limit(limit)
      .lean<ReviewDoc[]>()
      .exec();
  }

  /** Atomic state change: only one moderator's decision wins. */
  transition(
    id: string,
    from: ReviewDoc['status'],
    change: { status: ReviewDoc['status']; decidedBy?: string; decidedAt?: Date; resultId?: string },
    unsetPayload = false,
  ): Promise<ReviewDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    const set: Record<string, unknown> = { status: change.status };
    if (change.decidedAt) set.decidedAt = change.decidedAt;
    if (change.decidedBy) set.decidedBy = oid(change.decidedBy);
    if (change.resultId) set.resultId = oid(change.resultId);
    return this.reviews
      .findOneAndUpdate({ _id: oid(id), status: from }, { $set: set, ...(unsetPayload ? { $unset: { payload: 1 } } : {}) }, { new: true })
      .lean<ReviewDoc>()
      .exec();
  }

  /** Open items in these cohorts (`undefined` = every cohort): the moderator's badge. */
  countPending(cohortIds?: string[]): Promise<number> {
    const filter: Record<string, unknown> = { status: { $in: ['pending', 'approving'] } };
    if (cohortIds) filter.cohortId = { $in: oids(cohortIds) };
    return this.reviews.countDocuments(filter).exec();
  }

  /** Another person reported a post already under review. */
  async countRepeatReport(id: Types.ObjectId): Promise<void> {
    await this.reviews.updateOne({ _id: id }, { $inc: { reportCount: 1 } }).exec();
  }

  pendingTextReport(target: ReviewDoc['target'], itemId: string, field: string): Promise<ReviewDoc | null> {
    return this.reviews.findOne({ kind: 'report', target, itemId, field, status: 'pending' }).lean<ReviewDoc>().exec();
  }

  pendingReport(postId: string): Promise<ReviewDoc | null> {
    return this.reviews
      .findOne({ postId: oid(postId), kind: 'report', status: 'pending' })
      .lean<ReviewDoc>()
      .exec();
  }

  async closeReports(postId: string, status: ReviewDoc['status'], by: string, at: Date): Promise<number> {
    const res = await this.reviews
      .updateMany({ postId: oid(postId), kind: 'report', status: 'pending' }, { $set: { status, decidedAt: at, decidedBy: oid(by) } })
      .exec();
    return res.modifiedCount ?? 0;
  }
}

/** The storage-compaction debt (one document): survives restarts until a compaction succeeds. */
const DEBT = 'privacy_storage';

@Injectable()
export class StorageRepository {
  constructor(@InjectModel(REVIEW) private readonly reviews: Model<ReviewDoc>) {}

  /**
   * Asks the database to rewrite its files without dead versions, so purged text leaves the disk
   * too. The embedded engine rewrites its whole log (every collection); a real MongoDB frees this
   * collection's space (its oplog keeps old entries until they roll off, see docs/security.md).
   * Rejects when the server refuses or fails.
   */
  async compact(): Promise<void> {
    const db = this.reviews.db.db;
    if (!db) throw new Error('database not connected');
    await db.command({ compact: this.reviews.collection.collectionName });
  }

  async setDue(due: boolean, waiting: string[], at: Date): Promise<void> {
    const debts = this.reviews.db.collection<{ _id: string }>(DEBT);
    if (due) await debts.updateOne({ _id: 'compaction' }, { $set: { due: true, waiting, at } }, { upsert: true });
    else await debts.deleteOne({ _id: 'compaction' });
  }

  /** The moderators waiting for a compaction owed by an earlier run, or null when none is owed. */
  async due(): Promise<string[] | null> {
    const d = await this.reviews.db.collection<{ _id: string; waiting?: string[] }>(DEBT).findOne({ _id: 'compaction' });
    return d ? (d.waiting ?? []) : null;
  }
}
