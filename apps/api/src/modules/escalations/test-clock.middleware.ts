import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Type } from '@sinclair/typebox';
import { validate } from '../../common/validation';
import { toErrorResponse } from '../../common/http-exception.filter';
import { Clock } from './clock';
import { EscalationTimers } from './escalation-timers';

const ClockRequest = Type.Object(
  { offsetMs: Type.Integer({ minimum: -365 * 86_400_000, maximum: 365 * 86_400_000 }) },
  { additionalProperties: false },
);

/**
 * POST /api/test/clock {offsetMs}: moves this process's Clock to real time + offsetMs, runs one
 * timer sweep, and answers {offsetMs, now, handled}. Mounted by EscalationsModule ONLY when
 * TEST_CLOCK=true, which config.ts allows only with NODE_ENV=test on a loopback HOST (otherwise the path does not exist: 404 COMMON.ROUTE_NOT_FOUND). It is middleware,
 * not a controller, precisely so it can be left out of the app (and of the OpenAPI document)
 * outside tests; it needs no token because nothing but a test process ever has it.
 */
@Injectable()
export class TestClockMiddleware implements NestMiddleware {
  constructor(
    private readonly clock: Clock,
    private readonly timers: EscalationTimers,
  ) {}

  use(req: Request, res: Response): void {
    (async () => {
      const { offsetMs } = validate(ClockRequest, req.body);
      this.clock.setOffset(offsetMs);
      const handled = await this.timers.sweepFresh();
      res.status(200).json({ offsetMs, now: this.clock.now().toISOString(), handled });
    })().catch((err: unknown) => {
      const { status, body } = toErrorResponse(err);
      res.status(status).json(body);
    });
  }
}
