import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { LOGIN_THROTTLE, type LoginThrottleDoc } from './identity.schemas';

const FORGET_AFTER_MS = 24 * 3600_000;

/** The email as a key that stores no address (sign-in attempts for emails nobody registered included). */
export function throttleKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
}

@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectModel(LOGIN_THROTTLE) private readonly model: Model<LoginThrottleDoc>) {}

  /** Counts one attempt atomically and returns the state after it. */
  async begin(email: string, now: Date): Promise<LoginThrottleDoc> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: throttleKey(email) },
        { $inc: { attempts: 1 }, $set: { expireAt: new Date(now.getTime() + FORGET_AFTER_MS) } },
        { upsert: true, new: true },
      )
      .lean<LoginThrottleDoc>()
      .exec();
    return doc as LoginThrottleDoc;
  }

  /** An attempt refused while locked does not count (the back-off grows with real guesses only). */
  async uncount(email: string): Promise<void> {
    await this.model.updateOne({ _id: throttleKey(email), attempts: { $gt: 0 } }, { $inc: { attempts: -1 } }).exec();
  }

  /** Locks until `until` unless a later lock is already set. */
  async lock(email: string, until: Date): Promise<void> {
    await this.model.updateOne({ _id: throttleKey(email) }, { $max: { lockedUntil: until } }).exec();
  }

  async reset(email: string): Promise<void> {
    await this.model.deleteOne({ _id: throttleKey(email) }).exec();
  }
}
