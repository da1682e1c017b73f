import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { AUDIT, type AuditDoc } from './infra/audit.schema';

export type AuditType =
  | 'auth.login' | 'auth.login_failed' | 'auth.locked' | 'auth.refresh_reuse' | 'auth.logout' | 'auth.register'
  | 'role.changed' | 'case.read' | 'privacy.blocked' | 'privacy.override' | 'privacy.approved' | 'privacy.rejected'
  | 'privacy.reported' | 'privacy.redacted' | 'privacy.purged' | 'post.deleted';

export interface AuditRecordDto {
  id: string;
  type: string;
  actorId?: string;
  targetId?: string;
  at: string;
  meta?: unknown;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  constructor(@InjectModel(AUDIT) private readonly records: Model<AuditDoc>) {}

  /** Records an event. Audit must not break the user's action, so failures are logged, not thrown. */
  async record(type: AuditType, actorId: string | undefined, targetId?: string, meta?: Record<string, unknown>): Promise<void> {
    try {
      await this.records.collection.insertOne({ type, actorId: actorId ? this.oid(actorId) : undefined, targetId, at: new Date(), meta });
    } catch (err) {
      this.logger.warn({ type, err: (err as Error).message }, 'audit record failed');
    }
  }

  async list(filter: { type?: string; limit?: number }): Promise<AuditRecordDto[]> {
    const docs = await this.records
      .find(filter.type ? { type: filter.type } : {})
      .sort({ at: -1 })
      .limit(Math.min(filter.limit ?? 200, 1000))
      .lean<AuditDoc[]>()
      .exec();
    return docs.map((d) => ({
      id: String(d._id), type: d.type, at: d.at.toISOString(),
      ...(d.actorId ? { actorId: String(d.actorId) } : {}), ...(d.targetId ? { targetId: d.targetId } : {}), ...(d.meta ? { meta: d.meta } : {}),
    }));
  }

  private oid(id: string): unknown {
    return Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : id;
  }
}
