import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../audit';
import { CompactionRetry, type PurgeStorage } from './compaction';
import { PrivacyTargets } from './review-targets';
import { StorageRepository } from './infra/reviews.repository';

/**
 * Compaction after every privacy purge (reported post redacted or deleted, held item rejected).
 * A failure is never silent: audited, the moderator notified, the debt stored and retried
 * (`compaction.ts`), and on success the moderator is told the text is off the disk.
 */
@Injectable()
export class StorageCompactor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StorageCompactor');
  private readonly retry: CompactionRetry;

  constructor(
    private readonly storage: StorageRepository,
    private readonly targets: PrivacyTargets,
    private readonly audit: AuditService,
  ) {
    this.retry = new CompactionRetry({
      compact: () => this.storage.compact(),
      setDue: (due, waiting) => this.storage.setDue(due, waiting, new Date()),
      failed: async (fresh, attempt, error) => {
        this.logger.warn({ attempt, error }, 'storage compaction after a privacy purge failed; retrying');
        await this.audit.record('privacy.compaction_failed', undefined, undefined, { attempt, error });
        await this.targets.notify(fresh, {
          title: 'A privacy purge is not yet off the disk: storage compaction failed and is being retried',
        });
      },
      recovered: async (waiting, attempts) => {
        await this.audit.record('privacy.compaction_recovered', undefined, undefined, { attempts });
        await this.targets.notify(waiting, { title: 'Storage compaction succeeded: the purged text is now off the disk' });
      },
      schedule: (fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref();
        return () => clearTimeout(t);
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      const owed = await this.storage.due();
      if (owed) this.retry.resume(owed);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not read the compaction debt');
    }
  }

  onModuleDestroy(): void {
    this.retry.stop();
  }

  /** After a purge: `compacted`, or `retrying` (the moderator has been told). */
  afterPurge(moderatorId: string): Promise<PurgeStorage> {
    return this.retry.request(moderatorId);
  }
}
