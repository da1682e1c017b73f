import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model, Types } from 'mongoose';
import type { CaseStatus, FollowLevel } from '@casebridge/contracts';
import { CASE, FOLLOW, READ_MARK, type CaseDoc, type ClosureDoc, type FollowDoc, type FollowUpDoc, type ReadMarkDoc } from './case.schema';
import { isDuplicateKey, isOid, newId, oid } from '../../../infra/persistence';

/** A new case as the service writes it: ids as strings (the repository makes the ObjectIds and the _id). */
export type NewCase = Omit<CaseDoc, '_id' | 'cohortId' | 'authorId'> & { cohortId: string; authorId: string };
/** A follow-up or a closure as the service writes it: the author's id as a string. */
export type NewFollowUp = Omit<FollowUpDoc, 'authorId'> & { authorId: string };
export type NewClosure = Omit<ClosureDoc, 'previousStatus' | 'closedById'> & { closedById: string };

/** What GET /cases may filter on, already validated and scoped by the service. */
export interface CaseCriteria {
  /** null = every cohort (admins); otherwise cases of these cohorts or routed to this faculty member. */
  visibleCohorts: string[] | null;
  facultyId?: string;
  cohortId?: string;
  domain?: number;
  status?: CaseStatus;
  illness?: string;
  ppsMin?: number;
  ppsMax?: number;
  esasAtLeast?: number;
  responderProfession?: string;
  /** Restrict to these ids (followed cases, full-text matches). */
  ids?: string[];
  /** Keyset: strictly older than (at, id) in (lastActivityAt desc, _id desc). */
  before?: { at: Date; id: string };
}

@Injectable()
export class CasesRepository {
  constructor(
    @InjectModel(CASE) private readonly cases: Model<CaseDoc>,
    @InjectModel(FOLLOW) private readonly follows: Model<FollowDoc>,
    @InjectModel(READ_MARK) private readonly reads: Model<ReadMarkDoc>,
  ) {}

  async create(input: NewCase): Promise<CaseDoc> {
    const doc: CaseDoc = { ...input, _id: newId(), cohortId: oid(input.cohortId), authorId: oid(input.authorId) };
    await this.cases.collection.insertOne(doc as never);
    return doc;
  }

  /** Read on every post and thread request: the driver directly (what lean() returns, without mongoose's query building). */
  findById(id: string): Promise<CaseDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.cases.collection.findOne<CaseDoc>({ _id: oid(id) });
  }

  list(c: CaseCriteria, limit: number): Promise<CaseDoc[]> {
    return this.cases.find(this.filter(c)).sort({ lastActivityAt: -1, _id: -1 }).limit(limit).lean<CaseDoc[]>().exec();
  }

  /** Case ids whose own text matches (text index `case_text`), within what the caller may see. */
  async idsMatchingText(q: string, c: CaseCriteria, cap: number): Promise<string[]> {
    const docs = await this.cases
      .find({ $text: { $search: q }, ...this.visibility(c) }, { _id: 1 })
      .limit(cap)
      .lean<{ _id: Types.ObjectId }[]>()
      .exec();
    return docs.map((d) => String(d._id));
  }

  private visibility(c: CaseCriteria): Record<string, unknown> {
    if (c.visibleCohorts === null) return {};
    const cohorts = c.visibleCohorts.filter(isOid).map(oid);
    if (c.facultyId) return { $or: [{ cohortId: { $in: cohorts } }, { facultyIds: oid(c.facultyId) }] };
    return { cohortId: { $in: cohorts } };
  }

  private filter(c: CaseCriteria): Record<string, unknown> {
    const and: Record<string, unknown>[] = [this.visibility(c)];
    if (c.cohortId) and.push({ cohortId: oid(c.cohortId) });
    if (c.domain !== undefined) and.push({ 'question.domains': c.domain });
    if (c.status) and.push({ status: c.status });
    if (c.illness) and.push({ illness: c.illness });
    if (c.ppsMin !== undefined || c.ppsMax !== undefined) {
      and.push({ pps: { ...(c.ppsMin !== undefined ? { $gte: c.ppsMin } : {}), ...(c.ppsMax !== undefined ? { $lte: c.ppsMax } : {}) } });
    }
    if (c.esasAtLeast !== undefined) and.push({ esasMax: { $gte: c.esasAtLeast } });
    if (c.responderProfession) and.push({ responderProfessions: c.responderProfession });
    if (c.ids) and.push({ _id: { $in: c.ids.filter(isOid).map(oid) } });
    if (c.before) {
      and.push({ $or: [{ lastActivityAt: { $lt: c.before.at } }, { lastActivityAt: c.before.at, _id: { $lt: oid(c.before.id) } }] });
    }
    const parts = and.filter((p) => Object.keys(p).length > 0);
    return parts.length === 0 ? {} : parts.length === 1 ? parts[0] : { $and: parts };
  }

  /** After a post is stored: the thread's counters, activity time and responder professions. */
  /** On the post hot path: the driver's collection directly (no mongoose casting; ids are ObjectIds). */
  async touchAfterPost(caseId: string, seq: number, profession: string | undefined, at: Date): Promise<void> {
    await this.cases.collection.updateOne(
      { _id: oid(caseId) },
      {
        $max: { lastSeq: seq, lastActivityAt: at },
        $inc: { postCount: 1 },
        ...(profession ? { $addToSet: { responderProfessions: profession } } : {}),
      },
    );
  }

  async touch(caseId: string, at: Date): Promise<void> {
    await this.cases.updateOne({ _id: oid(caseId) }, { $max: { lastActivityAt: at } }).exec();
  }

  async setStatus(caseId: string, status: CaseStatus, at: Date): Promise<boolean> {
    if (!isOid(caseId)) return false;
    const res = await this.cases.updateOne({ _id: oid(caseId) }, { $set: { status }, $max: { lastActivityAt: at } }).exec();
    return res.matchedCount > 0;
  }

  async addFaculty(caseId: string, facultyId: string): Promise<boolean> {
    if (!isOid(caseId) || !isOid(facultyId)) return false;
    const res = await this.cases.updateOne({ _id: oid(caseId) }, { $addToSet: { facultyIds: oid(facultyId) } }).exec();
    return res.matchedCount > 0;
  }

  /** Privacy purge of one text field (`narrative.social`, `medications.2`, `followUps.0.outcome`). */
  async setText(caseId: string, path: string, text: string): Promise<boolean> {
    if (!isOid(caseId)) return false;
    const res = await this.cases.updateOne({ _id: oid(caseId) }, { $set: { [path]: text } }).exec();
    return res.matchedCount > 0;
  }

  addFollowUp(caseId: string, input: NewFollowUp): Promise<CaseDoc | null> {
    const followUp: FollowUpDoc = { ...input, authorId: oid(input.authorId) };
    return this.cases
      .findOneAndUpdate(
        { _id: oid(caseId) },
        { $push: { followUps: followUp }, $max: { lastActivityAt: followUp.createdAt } },
        { new: true },
      )
      .lean<CaseDoc>()
      .exec();
  }

  /** Closes an open case atomically; null when it does not exist or is already closed. */
  close(caseId: string, input: NewClosure): Promise<CaseDoc | null> {
    if (!isOid(caseId)) return Promise.resolve(null);
    const closure = { ...input, closedById: oid(input.closedById) };
    // the previous status is copied inside the update (pipeline), so a concurrent status change cannot slip between
    return this.cases
      .findOneAndUpdate(
        { _id: oid(caseId), status: { $ne: 'closed' } },
        [
          {
            $set: {
              closure: { $mergeObjects: [{ $literal: closure }, { previousStatus: '$status' }] },
              status: 'closed',
              lastActivityAt: { $max: ['$lastActivityAt', closure.closedAt] },
            },
          },
        ],
        { new: true, updatePipeline: true },
      )
      .lean<CaseDoc>()
      .exec();
  }

  /** Reopens a closed case to the status it had before closing; null when it is not closed. */
  reopen(caseId: string, at: Date): Promise<CaseDoc | null> {
    if (!isOid(caseId)) return Promise.resolve(null);
    return this.cases
      .findOneAndUpdate(
        { _id: oid(caseId), status: 'closed' },
        [
          { $set: { status: { $ifNull: ['$closure.previousStatus', 'open'] }, lastActivityAt: { $max: ['$lastActivityAt', at] } } },
          { $unset: 'closure' },
        ],
        { new: true, updatePipeline: true },
      )
      .lean<CaseDoc>()
      .exec();
  }

  async domainsOfAll(): Promise<number[][]> {
    const docs = await this.cases.find({}, { 'question.domains': 1 }).lean<{ question?: { domains?: number[] } }[]>().exec();
    return docs.map((d) => d.question?.domains ?? []);
  }

  // --- read markers ---------------------------------------------------------------------------

  /** Moves the reader's marker forward to `seq` (never back); returns the stored marker. */
  async markRead(userId: string, caseId: string, seq: number): Promise<number> {
    const filter = { userId: oid(userId), caseId: oid(caseId) };
    const update = { $max: { seq }, $set: { updatedAt: new Date() } };
    const doc = await this.reads
      .findOneAndUpdate(filter, update, { upsert: true, new: true })
      .lean<ReadMarkDoc>()
      .exec()
      .catch(async (err: unknown) => {
        // two first marks racing on the unique index: the loser updates the winner's document
        if (!isDuplicateKey(err)) throw err;
        return this.reads.findOneAndUpdate(filter, update, { new: true }).lean<ReadMarkDoc>().exec();
      });
    return doc?.seq ?? seq;
  }

  async readMarks(userId: string, caseIds: string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const docs = await this.reads
      .find({ userId: oid(userId), caseId: { $in: caseIds.map(oid) } })
      .lean<ReadMarkDoc[]>()
      .exec();
    return new Map(docs.map((d) => [String(d.caseId), d.seq]));
  }

  // --- follow levels ---------------------------------------------------------------------------

  async followLevel(userId: string, caseId: string): Promise<FollowLevel | undefined> {
    const f = await this.follows
      .findOne({ userId: oid(userId), caseId: oid(caseId) })
      .lean<FollowDoc>()
      .exec();
    return f?.level;
  }

  async followLevels(userId: string, caseIds: string[]): Promise<Map<string, FollowLevel>> {
    const docs = await this.follows
      .find({ userId: oid(userId), caseId: { $in: caseIds.map(oid) } })
      .lean<FollowDoc[]>()
      .exec();
    return new Map(docs.map((d) => [String(d.caseId), d.level]));
  }

  async setFollow(userId: string, caseId: string, level: FollowLevel): Promise<void> {
    await this.follows
      .updateOne({ userId: oid(userId), caseId: oid(caseId) }, { $set: { level, updatedAt: new Date() } }, { upsert: true })
      .exec()
      .catch(async (err: unknown) => {
        // two concurrent upserts can race on the unique index: the second one updates instead
        if (!isDuplicateKey(err)) throw err;
        await this.follows.updateOne({ userId: oid(userId), caseId: oid(caseId) }, { $set: { level, updatedAt: new Date() } }).exec();
      });
  }

  /** Sets a level only if the user has none yet (never overrides a user's own choice, e.g. muted). */
  async followIfUnset(userId: string, caseId: string, level: FollowLevel): Promise<void> {
    await this.follows.collection
      .updateOne({ userId: oid(userId), caseId: oid(caseId) }, { $setOnInsert: { level, updatedAt: new Date() } }, { upsert: true })
      .catch(async (err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
  }

  async usersAtLevel(caseId: string, levels: FollowLevel[]): Promise<{ userId: string; level: FollowLevel }[]> {
    const docs = await this.follows.collection
      .find<Pick<FollowDoc, 'userId' | 'level'>>(
        { caseId: oid(caseId), level: { $in: levels } },
        { projection: { _id: 0, userId: 1, level: 1 } },
      )
      .toArray();
    return docs.map((d) => ({ userId: String(d.userId), level: d.level }));
  }

  async followedCaseIds(userId: string): Promise<string[]> {
    const docs = await this.follows
      .find({ userId: oid(userId), level: 'following' }, { caseId: 1 })
      .lean<FollowDoc[]>()
      .exec();
    return docs.map((d) => String(d.caseId));
  }
}
