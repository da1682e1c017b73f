import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from './config';

/**
 * The time the api runs on: escalation timers, access-token issue and expiry, and the socket
 * expiry sweep. In production it is the system clock. With TEST_CLOCK=true (only allowed together
 * with NODE_ENV=test on loopback, see config.ts) it honours an offset set through the test-only
 * route POST /api/test/clock (escalations/test-clock.middleware.ts), so e2e tests can "wait" hours
 * for claim windows and token expiry without sleeping. The offset lives in this process only: with
 * several replicas a test must shift each one.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /** Only tests may move time; anywhere else this is a programming error. */
  setOffset(ms: number): void {
    if (!this.config.testClock) throw new Error('Clock offset can only be set with TEST_CLOCK=true');
    this.offsetMs = ms;
  }
}
