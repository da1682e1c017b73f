import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EscalationStatus, Profession } from '@casebridge/contracts';
import { ESCALATION, type EscalationDoc } from './escalation.schema';
import { isOid, oid } from '../../../infra/persistence';

type StoredEntry = EscalationDoc['timeline'][number];

/** A timeline entry as the service writes it: the actor's id as a string. */
export type NewTimelineEntry = Omit<StoredEntry, 'actorId'> & { actorId?: string };

/** A new escalation as the service writes it: ids as strings (it starts with no previous assignees). */
export type NewEscalation = Omit<
  EscalationDoc,
  '_id' | 'version' | 'caseId' | 'cohortId' | 'askerId' | 'assigneeId' | 'previousAssigneeIds' | 'answeredBy' | 'timeline'
> & {
  caseId: string;
  cohortId: string;
  askerId: string;
  assigneeId?: string;
  timeline: NewTimelineEntry[];
};

/** The fields an update sets, the person ids among them as strings. */
export type EscalationSet = Partial<Record<Exclude<keyof EscalationDoc, 'assigneeId' | 'answeredBy'>, unknown>> & {
  assigneeId?: string;
  answeredBy?: string;
};

/** An update as the service writes it: plain $set/$unset/$push, plus the version bump added here. */
export interface EscalationUpdate {
  set?: EscalationSet;
  unset?: (keyof EscalationDoc)[];
  timeline?: NewTimelineEntry[];
  addPreviousAssignee?: string;
}

/** What a compare-and-set expects to find (ids as strings). */
export interface EscalationExpect {
  version: number;
  status?: EscalationStatus;
  assigneeId?: string;
  leaseUntil?: Date;
}

const storedEntry = ({ actorId, ...rest }: NewTimelineEntry): StoredEntry => ({ ...rest, ...(actorId ? { actorId: oid(actorId) } : {}) });

function storedSet({ assigneeId, answeredBy, ...rest }: EscalationSet): Record<string, unknown> {
  return {
    ...rest,
    ...(assigneeId !== undefined ? { assigneeId: oid(assigneeId) } : {}),
    ...(answeredBy !== undefined ? { answeredBy: oid(answeredBy) } : {}),
  };
}

const OPEN_LOAD: EscalationStatus[] = ['assigned', 'claimed', 'needs_info'];

@Injectable()
export class EscalationsRepository {
  constructor(@InjectModel(ESCALATION) private readonly model: Model<EscalationDoc>) {}

  /** Ids arrive as strings and are stored as ObjectIds. */
  async create(input: NewEscalation): Promise<EscalationDoc> {
    const { caseId, cohortId, askerId, assigneeId, timeline, ...rest } = input;
    const created = await this.model.create({
      ...rest,
      caseId: oid(caseId),
      cohortId: oid(cohortId),
      askerId: oid(askerId),
      ...(assigneeId ? { assigneeId: oid(assigneeId) } : {}),
      previousAssigneeIds: [],
      timeline: timeline.map(storedEntry),
      version: 0,
    });
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
  apply(id: string, expect: EscalationExpect, u: EscalationUpdate): Promise<EscalationDoc | null> {
    const update: Record<string, unknown> = { $inc: { version: 1 } };
    if (u.set && Object.keys(u.set).length) update.$set = storedSet(u.set);
    if (u.unset?.length) update.$unset = Object.fromEntries(u.unset.map((k) => [k, 1]));
    if (u.timeline?.length) update.$push = { timeline: { $each: u.timeline.map(storedEntry) } };
    if (u.addPreviousAssignee) update.$addToSet = { previousAssigneeIds: oid(u.addPreviousAssignee) };
    const { assigneeId, ...rest } = expect;
    const filter = { _id: oid(id), ...rest, ...(assigneeId !== undefined ? { assigneeId: oid(assigneeId) } : {}) };
    return this.model.findOneAndUpdate(filter, update, { new: true }).lean<EscalationDoc>().exec();
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
  release(id: string, leaseUntil: Date): Promise<unknown> {
    return this.model.updateOne({ _id: oid(id), leaseUntil }, { $unset: { leaseUntil: 1 } }).exec();
  }

  /** Answered escalations for the response-time figures. */
  answered(): Promise<Pick<EscalationDoc, '_id' | 'domains' | 'createdAt' | 'answeredAt' | 'answererProfession'>[]> {
    return this.model
      .find({ answeredAt: { $exists: true, $ne: null } }, { domains: 1, createdAt: 1, answeredAt: 1, answererProfession: 1 })
      .lean<Pick<EscalationDoc, '_id' | 'domains' | 'createdAt' | 'answeredAt' | 'answererProfession'>[]>()
      .exec();
  }
}
