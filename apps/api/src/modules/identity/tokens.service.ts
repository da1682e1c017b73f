import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { ErrorCodes } from '@casebridge/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AppError } from '../../common/app-error';
import { Clock } from '../../config/clock';
import { RefreshTokensRepository } from './infra/refresh-tokens.repository';

export interface AccessClaims {
  sub: string;
  exp: number;
  /** Issued at (seconds): tokens issued before the user's tokensValidAfter are refused. */
  iat: number;
}

/** How many verified access tokens are remembered (oldest dropped first). */
const VERIFIED_TOKENS_KEPT = 20_000;

/**
 * Short-lived access JWTs and rotating refresh tokens. Each refresh token is single use; presenting
 * a used one means it was stolen or replayed, so its whole family is revoked (OAuth 2.0 BCP 4.14).
 */
@Injectable()
export class TokensService {
  /**
   * Verification keys made once: given a string, jsonwebtoken first tries (and fails) to parse it as
   * a public key on every call — ~1 ms of CPU per verify, twice per HTTP request (rate limit + auth).
   */
  private readonly accessKey: KeyObject;
  private readonly refreshKey: KeyObject;
  /**
   * Access tokens whose signature already verified, with their claims: a reconnect storm
   * and every HTTP call present the same few tokens again and again, and jsonwebtoken's verify costs
   * ~1 ms of CPU. A signature never changes its answer; expiry is checked again on every use.
   */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly clock: Clock,
  ) {
    this.accessKey = createSecretKey(Buffer.from(config.jwtAccessSecret));
    this.refreshKey = createSecretKey(Buffer.from(config.jwtRefreshSecret));
  }

  /** Seconds on the api's clock (the system clock outside tests). */
  private nowSeconds(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }

  signAccess(userId: string): string {
    return jwt.sign({ iat: this.nowSeconds() }, this.config.jwtAccessSecret, {
      subject: userId,
      expiresIn: this.config.accessTokenTtlSeconds,
      algorithm: 'HS256',
    });
  }

  /** Verifies an access token; throws AUTH.EXPIRED or AUTH.UNAUTHORIZED. */
  verifyAccess(token: string): AccessClaims {
    const now = this.nowSeconds();
    const known = this.verified.get(token);
    if (known && now < known.exp) return known;
    try {
      const claims = jwt.verify(token, this.accessKey, { algorithms: ['HS256'], clockTimestamp: now }) as jwt.JwtPayload;
      if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw new Error('bad claims');
      const verified = Object.freeze({ sub: claims.sub, exp: claims.exp, iat: claims.iat });
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, verified);
      return verified;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw AppError.unauthorized('Access token expired', ErrorCodes.AUTH_EXPIRED);
      throw AppError.unauthorized('Invalid access token');
    }
  }

  async issueRefresh(userId: string, family: string = randomUUID()): Promise<string> {
    const jti = randomUUID();
    const expiresAt = new Date(this.clock.nowMs() + this.config.refreshTokenTtlSeconds * 1000);
    await this.refreshTokens.create({ jti, family, userId, expiresAt });
    return jwt.sign({ fam: family, iat: this.nowSeconds() }, this.config.jwtRefreshSecret, {
      subject: userId,
      jwtid: jti,
      expiresIn: this.config.refreshTokenTtlSeconds,
      algorithm: 'HS256',
    });
  }

  /** Consumes a refresh token and returns its user and family; a second use revokes the family. */
  async consumeRefresh(token: string): Promise<{ userId: string; family: string }> {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.refreshKey, { algorithms: ['HS256'], clockTimestamp: this.nowSeconds() }) as jwt.JwtPayload;
    } catch {
      throw AppError.unauthorized('Invalid refresh token');
    }
    const jti = String(claims.jti ?? '');
    const now = new Date();
    // Atomic claim: only one request can mark an unused token as used.
    const claimed = await this.refreshTokens.claim(jti, now);
    if (!claimed) {
      const known = await this.refreshTokens.find(jti);
      if (known) await this.revokeFamily(known.family);
      throw AppError.unauthorized('Refresh token already used; all sessions of this sign-in were revoked', ErrorCodes.AUTH_REFRESH_REUSED);
    }
    return { userId: String(claimed.userId), family: claimed.family };
  }

  async revokeFamily(family: string): Promise<void> {
    await this.refreshTokens.revokeFamily(family, new Date());
  }

  /** Every refresh token of a user (deactivation, password change or reset), optionally but one family. */
  async revokeAllOf(userId: string, exceptFamily?: string): Promise<void> {
    await this.refreshTokens.revokeUser(userId, new Date(), exceptFamily);
  }

  /** The family a (valid, unexpired) refresh token belongs to, for per-family rate limits. */
  familyFromRefresh(token: string): string | undefined {
    if (!token) return undefined;
    try {
      const claims = jwt.verify(token, this.refreshKey, { algorithms: ['HS256'], clockTimestamp: this.nowSeconds() }) as jwt.JwtPayload;
      return typeof claims.fam === 'string' ? claims.fam : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Logout: revoke the family of a presented refresh token, if it is the caller's own (ignores
   * tokens that do not verify or belong to someone else).
   */
  async revoke(token: string, userId: string): Promise<void> {
    try {
      const claims = jwt.verify(token, this.refreshKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      if (typeof claims.fam === 'string' && claims.sub === userId) await this.revokeFamily(claims.fam);
    } catch {
      /* an invalid token has nothing to revoke */
    }
  }
}
