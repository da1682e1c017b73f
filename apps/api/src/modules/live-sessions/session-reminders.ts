import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Clock } from '../../config/clock';
import { UsersRepository } from '../identity';
import { NotificationsService, quoted } from '../notifications';
import { SessionsRepository } from './infra/sessions.repository';

/** At most this many reminders per sweep, so one tick stays bounded. */
const MAX_PER_SWEEP = 50;

/**
 * "Starts in 15 minutes". Each session stores its reminder's due date
 * (`remindAt`); every replica polls (ESCALATION_POLL_MS, the same cadence as escalation timers) and
 * claims a due one by setting `remindedAt` in one atomic update, so exactly one replica sends it,
 * once, even across restarts. At most once: a crash between the claim and the send loses that
 * reminder rather than sending it twice.
 */
@Injectable()
export class SessionReminders implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionReminders');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly repo: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.escalationPollMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let sent = 0;
    try {
      for (let i = 0; i < MAX_PER_SWEEP; i++) {
        const s = await this.repo.claimReminder(this.clock.now());
        if (!s) break;
        const members = await this.users.membersOf(String(s.cohortId));
        // the session title passed the gate when it was scheduled; no date in the title (it reads as PHI)
        await this.notifications.notify(
          members.map((m) => String(m._id)),
          { type: 'session', title: `Live session starts in 15 minutes: ${quoted(s.title)}`, sessionId: String(s._id) },
        );
        sent++;
      }
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'session reminder sweep failed');
    } finally {
      this.running = false;
    }
    return sent;
  }
}
