import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Clock } from './clock';
import { EscalationsRepository } from './infra/escalations.repository';
import { EscalationsService } from './escalations.service';
import { dueAction } from './timers';

/** How long a replica holds a due escalation while it handles it; a crashed holder's lease expires. */
const LEASE_MS = 30_000;
/** At most this many due escalations per sweep, so one tick stays bounded. */
const MAX_PER_SWEEP = 100;

/**
 * The timer sweeper. Every replica polls every `ESCALATION_POLL_MS`; each due escalation
 * (`nextCheckAt` ≤ now) is claimed with an atomic findOneAndUpdate that sets a lease, so exactly one
 * replica handles it, and the handling itself is a compare-and-set on `version`. Due dates live in
 * the database, so they survive restarts; nothing is scheduled in memory but the poll.
 */
@Injectable()
export class EscalationTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EscalationTimers');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repo: EscalationsRepository,
    private readonly escalations: EscalationsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.warn({ err: (err as Error).message }, 'escalation sweep failed'));
    }, this.config.escalationPollMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One sweep; concurrent callers (the interval, the test clock route) share the running one. */
  sweep(): Promise<number> {
    if (!this.running) {
      this.running = this.sweepOnce().finally(() => (this.running = undefined));
    }
    return this.running;
  }

  /** A sweep that starts after this call (the test clock needs one that sees the new time). */
  async sweepFresh(): Promise<number> {
    await this.running?.catch(() => undefined);
    return this.sweep();
  }

  private async sweepOnce(): Promise<number> {
    let handled = 0;
    for (let i = 0; i < MAX_PER_SWEEP; i++) {
      const now = this.clock.now();
      const lease = new Date(now.getTime() + LEASE_MS);
      const doc = await this.repo.claimDue(now, lease);
      if (!doc) break;
      try {
        const action = dueAction(doc, now);
        if (action === 'offer') await this.escalations.offerToPool(doc, lease);
        else if (action === 'overdue') await this.escalations.overdue(doc, lease);
        else await this.escalations.reschedule(doc, lease);
        // A lost compare-and-set means a claim/answer won the race; its write already set the next check.
        await this.repo.release(String(doc._id), lease);
        handled++;
      } catch (err) {
        // Keep the lease: the escalation is retried when it expires, not in a hot loop.
        this.logger.warn({ err: (err as Error).message, escalationId: String(doc._id) }, 'escalation timer failed');
      }
    }
    return handled;
  }
}
