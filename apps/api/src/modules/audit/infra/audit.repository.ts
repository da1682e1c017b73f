import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { AUDIT, type AuditDoc } from './audit.schema';

@Injectable()
export class AuditRepository {
  constructor(@InjectModel(AUDIT) private readonly records: Model<AuditDoc>) {}

  /** Plain insert through the driver: audit sits on hot paths (logins, blocked posts). */
  async insert(r: { type: string; actorId?: string; targetId?: string; meta?: Record<string, unknown> }): Promise<void> {
    await this.records.collection.insertOne({
      type: r.type,
      ...(r.actorId ? { actorId: Types.ObjectId.isValid(r.actorId) ? new Types.ObjectId(r.actorId) : r.actorId } : {}),
      ...(r.targetId ? { targetId: r.targetId } : {}),
      at: new Date(),
      ...(r.meta ? { meta: r.meta } : {}),
    });
  }

  list(filter: { type?: string; limit?: number }): Promise<AuditDoc[]> {
    return this.records
      .find(filter.type ? { type: filter.type } : {})
      .sort({ at: -1 })
      .limit(Math.min(filter.limit ?? 200, 1000))
      .lean<AuditDoc[]>()
      .exec();
  }
}
