import { Injectable, Logger } from '@nestjs/common';
import { AuditRepository } from './infra/audit.repository';

export type AuditType =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.locked'
  | 'auth.refresh_reuse'
  | 'auth.logout'
  | 'auth.register'
  | 'auth.register_refused'
  | 'auth.password_changed'
  | 'auth.password_reset_issued'
  | 'auth.password_reset'
  | 'user.updated'
  | 'role.changed'
  | 'case.read'
  | 'privacy.blocked'
  | 'privacy.override'
  | 'privacy.approved'
  | 'privacy.rejected'
  | 'privacy.reported'
  | 'privacy.redacted'
  | 'privacy.purged'
  | 'privacy.restored'
  | 'privacy.compaction_failed'
  | 'privacy.compaction_recovered'
  | 'post.deleted'
  | 'case.closed'
  | 'case.reopened'
  | 'session.attendance_adjusted'
  | 'routing.updated';

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
  constructor(private readonly records: AuditRepository) {}

  /** Records an event. Audit must not break the user's action, so failures are logged, not thrown. */
  async record(type: AuditType, actorId: string | undefined, targetId?: string, meta?: Record<string, unknown>): Promise<void> {
    try {
      await this.records.insert({ type, actorId, targetId, meta });
    } catch (err) {
      this.logger.warn({ type, err: (err as Error).message }, 'audit record failed');
    }
  }

  async list(filter: { type?: string; limit?: number }): Promise<AuditRecordDto[]> {
    const docs = await this.records.list(filter);
    return docs.map((d) => ({
      id: String(d._id),
      type: d.type,
      at: d.at.toISOString(),
      ...(d.actorId ? { actorId: String(d.actorId) } : {}),
      ...(d.targetId ? { targetId: d.targetId } : {}),
      ...(d.meta ? { meta: d.meta } : {}),
    }));
  }
}
