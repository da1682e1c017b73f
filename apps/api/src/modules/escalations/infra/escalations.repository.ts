import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { EscalationStatus, Profession } from '@casebridge/contracts';
import { ESCALATION, type EscalationDoc } from './escalation.schema';
import { isOid, oid } from '../../../infra/persistence';

/** An update as the service writes it: plain $set/$unset/$push, plus the version bump added here. */
export interface EscalationUpdate {
  set?: Partial<Record<keyof EscalationDoc, unknown>>;
  unset?: (keyof EscalationDoc)[];
  timeline?: EscalationDoc['timeline'];
  addPreviousAssignee?: Types.ObjectId;
}

/** A stored id from its string form (so services need not import mongoose). */
export const toId = (id: string): Types.ObjectId => oid(id);
const OPEN_LOAD: EscalationStatus[] = ['assigned', 'claimed', 'needs_info'];

@Injectable()
export class EscalationsRepository {
  constructor(@InjectModel(ESCALATION) private readonly model: Model<EscalationDoc>) {}

  async create(doc: Omit<EscalationDoc, '_id' | 'version'>): Promise<EscalationDoc> {
    const created = await this.model.create({ ...doc, version: 0 });
    return created.toObject() as EscalationDoc;
  }

  /** Privacy purge of one text (`question`, `answer.rationale`...). */
  async setText(id: string, path: string, text: string): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: { [path]: text } }).exec();
  }

  findById(id: string): Promise<EscalationDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.model.findById(id).lean<EscalationDoc>().exec();
  }

  /** Open load per faculty member: escalations assigned to or claimed by them and not answered. */
  async openLoad(userIds: string[]): Promise<Map<string, number>> {
    const load = new Map<string, number>(userIds.map((id) => [id, 0]));
    if (!userIds.length) return load;
    const docs = await this.model
      .find({ assigneeId: { $in: userIds.map(oid) }, status: { $in: OPEN_LOAD } }, { assigneeId: 1 })
      .lean<Pick<EscalationDoc, '_id' | 'assigneeId'>[]>()
      .exec();
    for (const d of docs) {
      const k = String(d.assigneeId);
      load.set(k, (load.get(k) ?? 0) + 1);
    }
    return load;
  }

  /** A faculty member's queue: assigned to them (any status), or offered to their profession. */
  listForFaculty(userId: string, profession: Profession): Promise<EscalationDoc[]> {
    return this.model
      .find({ $or: [{ assigneeId: oid(userId) }, { status: 'offered', targetProfessions: profession }] })
      .sort({ dueAt: 1 })
      .limit(500)
      .lean<EscalationDoc[]>()
      .exec();
  }

  listForAsker(userId: string): Promise<EscalationDoc[]> {
    return this.model
      .find({ askerId: oid(userId) })
      .sort({ createdAt: -1 })
      .limit(500)
      .lean<EscalationDoc[]>()
      .exec();
  }

  listInvolving(userId: string): Promise<EscalationDoc[]> {
    return this.model
      .find({ $or: [{ askerId: oid(userId) }, { assigneeId: oid(userId) }] })
      .sort({ createdAt: -1 })
      .limit(500)
      .lean<EscalationDoc[]>()
      .exec();
  }

  listAll(): Promise<EscalationDoc[]> {
    return this.model.find({}).sort({ createdAt: -1 }).limit(1000).lean<EscalationDoc[]>().exec();
  }

  listForCase(caseId: string): Promise<EscalationDoc[]> {
    return this.model
      .find({ caseId: oid(caseId) })
      .lean<EscalationDoc[]>()
      .exec();
  }

  /**
   * Applies an update only if the escalation still matches `expect` (status, assignee, version…):
   * the atomic compare-and-set every state change goes through. Null when it no longer matches.
   */
  apply(id: Types.ObjectId | string, expect: Record<string, unknown>, u: EscalationUpdate): Promise<EscalationDoc | null> {
    const update: Record<string, unknown> = { $inc: { version: 1 } };
    if (u.set && Object.keys(u.set).length) update.$set = u.set;
    if (u.unset?.length) update.$unset = Object.fromEntries(u.unset.map((k) => [k, 1]));
    if (u.timeline?.length) update.$push = { timeline: { $each: u.timeline } };
    if (u.addPreviousAssignee) update.$addToSet = { previousAssigneeIds: u.addPreviousAssignee };
    return this.model
      .findOneAndUpdate({ _id: oid(id), ...expect }, update, { new: true })
      .lean<EscalationDoc>()
      .exec();
  }

  /**
   * Claims one escalation whose timer is due and that no replica holds: sets a lease so other
   * replicas skip it until the lease ends (a crashed holder's lease simply expires).
   */
  claimDue(now: Date, leaseUntil: Date): Promise<EscalationDoc | null> {
    return this.model
      .findOneAndUpdate(
        { nextCheckAt: { $lte: now }, $or: [{ leaseUntil: { $exists: false } }, { leaseUntil: null }, { leaseUntil: { $lte: now } }] },
        { $set: { leaseUntil } },
        { new: true },
      )
      .lean<EscalationDoc>()
      .exec();
  }

  /** Gives a lease back without changing anything else (e.g. when a racing write won). */
  release(id: Types.ObjectId, leaseUntil: Date): Promise<unknown> {
    return this.model.updateOne({ _id: id, leaseUntil }, { $unset: { leaseUntil: 1 } }).exec();
  }

  /** Answered escalations for the response-time figures. */
  answered(): Promise<Pick<EscalationDoc, '_id' | 'domains' | 'createdAt' | 'answeredAt' | 'answererProfession'>[]> {
    return this.model
      .find({ answeredAt: { $exists: true, $ne: null } }, { domains: 1, createdAt: 1, answeredAt: 1, answererProfession: 1 })
      .lean<Pick<EscalationDoc, '_id' | 'domains' | 'createdAt' | 'answeredAt' | 'answererProfession'>[]>()
      .exec();
  }
}
