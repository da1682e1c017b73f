import { Inject, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { ErrorCodes, rooms } from '@casebridge/contracts';
import { IdentityService } from '../identity';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { isDbUnavailable } from '../../common/db-errors';
import { TokenBucketLimiter } from './rate-limiter';
import { Publisher, type IoServer, type IoSocket } from './publisher';

/** Socket.io options shared by every gateway (they all attach to this one server). */
export const SOCKET_OPTIONS = {
  path: '/socket.io',
  // websocket first; polling stays as a fallback for proxies that block upgrades
  transports: ['websocket', 'polling'],
  // per-message deflate cut broadcast throughput ~7× in our measurements: keep it off
  perMessageDeflate: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 10_000,
  pingTimeout: 10_000,
} as const;

/**
 * The one connection gateway: authenticates at the handshake (Nest guards do not run on
 * handleConnection, nest #882), joins the user's personal rooms, and ends sockets whose access
 * token expires. Feature gateways only hold handlers.
 */
@WebSocketGateway(SOCKET_OPTIONS)
export class ConnectionGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  private readonly limiter: TokenBucketLimiter;
  @WebSocketServer() server!: IoServer;

  constructor(
    private readonly identity: IdentityService,
    private readonly publisher: Publisher,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limiter = new TokenBucketLimiter(config.socketRateLimitPer10s, 10_000);
  }

  afterInit(server: IoServer): void {
    this.publisher.attach(server);
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !token) return next(new Error(ErrorCodes.AUTH_UNAUTHORIZED));
      this.identity
        .actorFromToken(token)
        .then(({ actor, exp }) => {
          socket.data.actor = actor;
          socket.data.userId = actor.id;
          socket.data.role = actor.role;
          socket.data.profession = actor.profession;
          socket.data.displayName = actor.displayName;
          socket.data.moderator = actor.moderator;
          socket.data.tokenExpiresAt = exp * 1000;
          next();
        })
        // The database being down is not a bad token: say so, or clients would sign their users out.
        .catch((err: { code?: string }) =>
          next(new Error(isDbUnavailable(err) ? ErrorCodes.DB_UNAVAILABLE : err.code === ErrorCodes.AUTH_EXPIRED ? ErrorCodes.AUTH_EXPIRED : ErrorCodes.AUTH_UNAUTHORIZED)),
        );
    });
  }

  async handleConnection(socket: IoSocket): Promise<void> {
    const { actor, tokenExpiresAt } = socket.data;
    if (!actor) {
      socket.disconnect(true);
      return;
    }
    const personal = [rooms.user(actor.id)];
    if (actor.role === 'faculty') personal.push(rooms.faculty(actor.profession));
    if (actor.role === 'admin') personal.push(rooms.admins());
    await socket.join(personal);
    // Per-user rate limit on every client event (heartbeats excepted): a refused event's ack
    // carries RATE_LIMITED and the seconds to wait; it never reaches a handler.
    socket.use((packet, next) => {
      if (packet[0] === 'session:heartbeat') return next();
      const retryAfterSeconds = this.limiter.take(actor.id);
      if (retryAfterSeconds === 0) return next();
      const cb = packet[packet.length - 1];
      if (typeof cb === 'function') {
        (cb as (r: unknown) => void)({ ok: false, error: { code: ErrorCodes.RATE_LIMITED, message: `Too many events; retry in ${retryAfterSeconds} s`, details: { retryAfterSeconds } } });
      }
    });
    const ms = Math.max(0, tokenExpiresAt - Date.now());
    // setTimeout holds at most ~24.8 days; access tokens live minutes.
    const timer = setTimeout(() => {
      socket.emit('auth:expired', { code: ErrorCodes.AUTH_EXPIRED, message: 'Access token expired; reconnect with a fresh token' });
      socket.disconnect(true);
    }, Math.min(ms, 2 ** 31 - 1));
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
  }

  handleDisconnect(socket: IoSocket): void {
    const timer = this.expiryTimers.get(socket.id);
    if (timer) clearTimeout(timer);
    this.expiryTimers.delete(socket.id);
    try {
      this.publisher.notifyDisconnect(socket);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'disconnect listener failed');
    }
  }

  onApplicationShutdown(): void {
    for (const t of this.expiryTimers.values()) clearTimeout(t);
  }
}
