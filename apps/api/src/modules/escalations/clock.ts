import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/config';

/**
 * The time escalation timers run on. In production it is the system clock. In NODE_ENV=test it
 * honours an offset set through the test-only route POST /api/test/clock (see
 * escalations/test-clock.middleware.ts), so e2e tests can "wait" hours for claim windows and
 * response targets without sleeping. The offset lives in this process only: with several replicas
 * a test must shift each one (tests run one).
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Only tests may move time; anywhere else this is a programming error. */
  setOffset(ms: number): void {
    if (this.config.nodeEnv !== 'test') throw new Error('Clock offset can only be set when NODE_ENV=test');
    this.offsetMs = ms;
  }
}
