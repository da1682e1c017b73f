import { Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { ErrorCodes } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { TokensService } from './tokens.service';

/**
 * HTTP rate limits per signed-in user (per client address before sign-in, as TRUST_PROXY lets
 * Express see it behind a proxy; per token family for refresh), answering 429 RATE_LIMITED with
 * the seconds to wait in `details.retryAfterSeconds` and a Retry-After header.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: TokensService,
  ) {
    super(options, storage, reflector);
  }

  /**
   * HTTP only. As an APP_GUARD it also ran on every socket event, where Nest hands it the socket as
   * "request" and the payload as "response": every socket of every user shared one bucket
   * (no headers → "ip:unknown"), and over the limit (or with a null payload) it threw outside the
   * ack, so the client got no ack at all. Socket events have their own per-user limiter
   * (realtime/connection.gateway.ts).
   */
  override canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return Promise.resolve(true);
    return super.canActivate(ctx);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the signature @nestjs/throttler declares (an express request)
  protected override getTracker(req: Record<string, any>): Promise<string> {
    // Token refresh is limited per refresh-token family: behind one proxy address, or
    // one office NAT, everyone's refresh would otherwise share one bucket.
    if (req.method === 'POST' && String(req.path ?? req.url ?? '').endsWith('/auth/refresh')) {
      // The body is not validated yet (guards run before pipes): only a string is a token;
      // String() on a hostile object (`{"toString":"x"}`) would throw.
      const token: unknown = req.body?.refreshToken;
      const family = typeof token === 'string' ? this.tokens.familyFromRefresh(token) : undefined;
      if (family) return Promise.resolve(`refresh:${family}`);
    }
    const header = typeof req.headers?.authorization === 'string' ? req.headers.authorization : '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match) {
      try {
        // Verified, so a forged token cannot pick someone else's bucket or spread over many.
        return Promise.resolve(`user:${this.tokens.verifyAccess(match[1]).sub}`);
      } catch {
        /* fall through to the address */
      }
    }
    return Promise.resolve(`ip:${String(req.ip ?? req.socket?.remoteAddress ?? 'unknown')}`);
  }

  protected override throwThrottlingException(_ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire));
    throw new AppError(ErrorCodes.RATE_LIMITED, `Too many requests; retry in ${retryAfterSeconds} s`, 429, { retryAfterSeconds });
  }
}
