import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Profession, Role } from '@casebridge/contracts';
import { INVITATION, type InvitationDoc } from './identity.schemas';
import { oid } from '../../../infra/persistence';

export interface NewInvitation {
  code: string;
  role: Role;
  moderator: boolean;
  cohortId?: string;
  email?: string;
  profession?: Profession;
  createdBy: string;
  expiresAt: Date;
}

/** Invitation codes: one code registers one account (claimed atomically, handed back on a refused registration). */
@Injectable()
export class InvitationsRepository {
  constructor(@InjectModel(INVITATION) private readonly invitations: Model<InvitationDoc>) {}

  async create(input: NewInvitation): Promise<InvitationDoc> {
    const { cohortId, ...rest } = input;
    const doc = await this.invitations.create({
      ...rest,
      ...(cohortId ? { cohortId: oid(cohortId) } : {}),
      createdBy: oid(input.createdBy),
    });
    return doc.toObject() as InvitationDoc;
  }

  /** Marks an unused, unexpired invitation used and returns it; null when there is none (or another request took it). */
  claim(code: string, now: Date): Promise<InvitationDoc | null> {
    return this.invitations
      .findOneAndUpdate({ code, usedAt: { $exists: false }, expiresAt: { $gt: now } }, { $set: { usedAt: now } }, { new: true })
      .lean<InvitationDoc>()
      .exec();
  }

  /** Hands a claimed invitation back (the registration it was claimed for was refused). */
  async release(invitation: InvitationDoc): Promise<void> {
    await this.invitations.updateOne({ _id: invitation._id }, { $unset: { usedAt: 1 } }).exec();
  }

  async markUsedBy(invitation: InvitationDoc, userId: string): Promise<void> {
    await this.invitations.updateOne({ _id: invitation._id }, { $set: { usedBy: oid(userId) } }).exec();
  }

  listUnused(limit: number): Promise<InvitationDoc[]> {
    return this.invitations
      .find({ usedAt: { $exists: false } })
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean<InvitationDoc[]>()
      .exec();
  }
}
