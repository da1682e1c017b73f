import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { REFRESH_TOKEN, type RefreshTokenDoc } from './identity.schemas';
import { oid } from '../../../infra/persistence';

/** Rotating refresh tokens: one row per token id (jti), grouped in families for reuse detection. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectModel(REFRESH_TOKEN) private readonly tokens: Model<RefreshTokenDoc>) {}

  async create(row: { jti: string; family: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.tokens.create({ ...row, userId: oid(row.userId) });
  }

  /** Atomic claim: marks an unused, unrevoked token used; null when it was used or revoked already (or never existed). */
  claim(jti: string, now: Date): Promise<RefreshTokenDoc | null> {
    return this.tokens
      .findOneAndUpdate({ jti, usedAt: { $exists: false }, revokedAt: { $exists: false } }, { $set: { usedAt: now } }, { new: true })
      .lean<RefreshTokenDoc>()
      .exec();
  }

  find(jti: string): Promise<RefreshTokenDoc | null> {
    return this.tokens.findOne({ jti }).lean<RefreshTokenDoc>().exec();
  }

  async revokeFamily(family: string, at: Date): Promise<void> {
    await this.tokens.updateMany({ family, revokedAt: { $exists: false } }, { $set: { revokedAt: at } }).exec();
  }

  /** Revokes every live token of a user, optionally but one family. */
  async revokeUser(userId: string, at: Date, exceptFamily?: string): Promise<void> {
    await this.tokens
      .updateMany(
        { userId: oid(userId), revokedAt: { $exists: false }, ...(exceptFamily ? { family: { $ne: exceptFamily } } : {}) },
        { $set: { revokedAt: at } },
      )
      .exec();
  }
}
