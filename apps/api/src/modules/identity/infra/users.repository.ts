import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { COHORT, USER, type CohortDoc, type UserDoc } from './identity.schemas';
import type { Profession } from '@casebridge/contracts';
import { UserChanges } from '../user-changes';
import { isDuplicateKey, isOid, oid } from '../../../infra/persistence';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectModel(USER) private readonly users: Model<UserDoc>,
    @InjectModel(COHORT) private readonly cohorts: Model<CohortDoc>,
    private readonly changes: UserChanges,
  ) {}

  /** Every write to a user announces it after it is stored (cached user states are dropped). */
  private async announce<T>(id: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      this.changes.changed(String(id));
    }
  }

  findById(id: string): Promise<UserDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.users.findById(id).lean<UserDoc>().exec();
  }
  findByIds(ids: string[]): Promise<UserDoc[]> {
    return this.users
      .find({ _id: { $in: ids.filter(isOid) } })
      .lean<UserDoc[]>()
      .exec();
  }
  findByEmail(email: string): Promise<UserDoc | null> {
    return this.users.findOne({ email: email.toLowerCase() }).lean<UserDoc>().exec();
  }
  async create(
    user: Omit<UserDoc, '_id' | 'failedLogins' | 'lockedUntil' | 'demo' | 'onDuty' | 'moderator'> & Partial<UserDoc>,
  ): Promise<UserDoc> {
    const doc = await this.users.create(user);
    return doc.toObject() as UserDoc;
  }
  /** Creates the user unless the email is taken (unique index): null then, without telling the caller more. */
  async createIfNew(user: Parameters<UsersRepository['create']>[0]): Promise<UserDoc | null> {
    try {
      return await this.create(user);
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }
  update(id: string, set: Partial<UserDoc>): Promise<UserDoc | null> {
    return this.announce(id, this.users.findByIdAndUpdate(id, { $set: set }, { new: true }).lean<UserDoc>().exec());
  }
  addCohort(id: string, cohortId: string): Promise<unknown> {
    return this.announce(id, this.users.updateOne({ _id: id }, { $addToSet: { cohortIds: oid(cohortId) } }).exec());
  }
  findByResetHash(tokenHash: string): Promise<UserDoc | null> {
    return this.users.findOne({ 'passwordReset.tokenHash': tokenHash }).lean<UserDoc>().exec();
  }
  /** Redeems a reset token once: sets the new hash, drops the token, and ends every earlier token. */
  async redeemReset(tokenHash: string, now: Date, passwordHash: string): Promise<UserDoc | null> {
    const user = await this.users
      .findOneAndUpdate(
        { 'passwordReset.tokenHash': tokenHash, 'passwordReset.expiresAt': { $gt: now }, deactivatedAt: { $exists: false } },
        { $set: { passwordHash, tokensValidAfter: now }, $unset: { passwordReset: 1 } },
        { new: true },
      )
      .lean<UserDoc>()
      .exec();
    if (user) this.changes.changed(String(user._id));
    return user;
  }
  unset(id: string, fields: string[]): Promise<UserDoc | null> {
    return this.announce(
      id,
      this.users
        .findByIdAndUpdate(id, { $unset: Object.fromEntries(fields.map((f) => [f, 1])) }, { new: true })
        .lean<UserDoc>()
        .exec(),
    );
  }
  membersOf(cohortId: string): Promise<UserDoc[]> {
    return this.users
      .find({ cohortIds: oid(cohortId) })
      .sort({ displayName: 1 })
      .lean<UserDoc[]>()
      .exec();
  }
  list(): Promise<UserDoc[]> {
    return this.users.find().sort({ createdAt: -1 }).limit(1000).lean<UserDoc[]>().exec();
  }
  /** Faculty whose profession is one of `professions` (the routing pool). */
  faculty(professions: Profession[]): Promise<UserDoc[]> {
    return this.users
      .find({ role: 'faculty', profession: { $in: professions }, deactivatedAt: { $exists: false } })
      .lean<UserDoc[]>()
      .exec();
  }
  admins(): Promise<UserDoc[]> {
    return this.users
      .find({ role: 'admin', deactivatedAt: { $exists: false } })
      .lean<UserDoc[]>()
      .exec();
  }
  countAll(): Promise<number> {
    return this.users.estimatedDocumentCount().exec();
  }

  createCohort(name: string, createdBy?: string): Promise<CohortDoc> {
    return this.cohorts.create({ name, createdBy }).then((d) => d.toObject() as CohortDoc);
  }
  /** Privacy purge of a cohort name. */
  async renameCohort(id: string, name: string): Promise<void> {
    await this.cohorts.updateOne({ _id: id }, { $set: { name } }).exec();
  }

  findCohort(id: string): Promise<CohortDoc | null> {
    if (!isOid(id)) return Promise.resolve(null);
    return this.cohorts.findById(id).lean<CohortDoc>().exec();
  }
  findCohortByName(name: string): Promise<CohortDoc | null> {
    return this.cohorts.findOne({ name }).lean<CohortDoc>().exec();
  }
  listCohorts(ids?: string[]): Promise<CohortDoc[]> {
    return this.cohorts
      .find(ids ? { _id: { $in: ids } } : {})
      .sort({ name: 1 })
      .lean<CohortDoc[]>()
      .exec();
  }
}
