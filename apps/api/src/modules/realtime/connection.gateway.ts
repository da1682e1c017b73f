import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { ErrorCodes, rooms } from '@casebridge/contracts';
import { IdentityService, UserChanges, UserStateCache, type Actor } from '../identity';
import { Clock } from '../../config/clock';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { isDbUnavailable } from '../../common/db-errors';
import { TokenBucketLimiter } from './rate-limiter';
import { HandshakeShedder } from './handshake-shedder';
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

/** Handshakes waiting on the database at once before new ones are shed, and the event-loop lag that sheds too. */
const MAX_PENDING_HANDSHAKES = 500;
const MAX_LOOP_LAG_MS = 500;
/** On stop: how long clients get to answer the websocket close before their connections are cut. */
const CLOSE_GRACE_MS = 500;
/** Server-to-server event (Redis adapter): a user's stored account changed on another replica. */
const USER_CHANGED = 'identity:user-changed';

/** A refused handshake the client should retry later: socket.io hands `data` to the client's connect_error. */
function shedError(retryAfterMs: number): Error {
  return Object.assign(new Error(ErrorCodes.RATE_LIMITED), { data: { code: ErrorCodes.RATE_LIMITED, retryAfterMs } });
}

/** What stopping needs of engine.io's server: its open connections, and each one's websocket (absent for polling). */
interface EngineClients {
  clientsCount: number;
  clients: Record<string, { close(discard: boolean): void; transport?: { socket?: { terminate?: () => void } } }>;
}

/** Role, moderator flag, profession or cohorts changed: the socket's rooms and views were chosen for the old ones. */
function privilegesChanged(a: Actor, b: Actor): boolean {
  const cohorts = (x: Actor) => [...x.cohortIds].sort().join(',');
  return a.role !== b.role || a.moderator !== b.moderator || a.profession !== b.profession || cohorts(a) !== cohorts(b);
}

/**
 * The one connection gateway: authenticates at the handshake (Nest guards do not run on
 * handleConnection, nest #882) from the token and the user-state cache (no database read
 * per socket in a reconnect storm; sockets of a user share one actor object), sheds handshakes with
 * a retry-after when overloaded, caps open sockets per user (per replica), joins the user's
 * personal rooms, and
 * sweeps its sockets every SOCKET_RECHECK_MS: a socket whose access token expired (on
 * the api's clock) gets `auth:expired`; one whose account was deactivated or signed out everywhere
 * gets `auth:expired` with AUTH.UNAUTHORIZED; one whose role, moderator flag, profession or
 * cohorts changed gets `auth:expired` and reconnects, so every room is joined again under the new
 * rights. All are then disconnected. Feature gateways only hold handlers.
 */
@WebSocketGateway(SOCKET_OPTIONS)
export class ConnectionGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('Realtime');
  private readonly limiter: TokenBucketLimiter;
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;
  private readonly shedder = new HandshakeShedder(MAX_PENDING_HANDSHAKES, MAX_LOOP_LAG_MS);
  @WebSocketServer() server!: IoServer;

  constructor(
    private readonly identity: IdentityService,
    private readonly publisher: Publisher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly userChanges: UserChanges,
    private readonly userStates: UserStateCache,
  ) {
    this.limiter = new TokenBucketLimiter(config.socketRateLimitPer10s, 10_000);
  }

  afterInit(server: IoServer): void {
    this.publisher.attach(server);
    if (this.config.redisUrl) {
      // Every replica caches user states: a change stored through one must drop the others' entries.
      type Relay = { serverSideEmit(ev: string, id: string): void; on(ev: string, fn: (id: unknown) => void): void };
      const relay = server as unknown as Relay;
      this.userChanges.on((id) => relay.serverSideEmit(USER_CHANGED, id));
      relay.on(USER_CHANGED, (id) => typeof id === 'string' && this.userStates.invalidate(id));
    }
    this.shedder.start();
    server.use((socket, next) => this.handshake(socket, next));
    this.sweeper = setInterval(() => void this.sweep(), this.config.socketRecheckMs);
    this.sweeper.unref();
  }

  private handshake(socket: IoSocket, next: (err?: Error) => void): void {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || !token) return next(new Error(ErrorCodes.AUTH_UNAUTHORIZED));
    const retryAfterMs = this.shedder.retryAfterMs();
    if (retryAfterMs) return next(shedError(retryAfterMs));
    this.shedder.begin();
    this.identity
      .socketIdentity(token)
      .then(({ actor, exp, iat }) => {
        // Sockets of this user on this replica (joined to their room at connect): with several
        // replicas the cap is per replica, like the event rate limit.
        const open = this.server.sockets.adapter.rooms.get(rooms.user(actor.id))?.size ?? 0;
        if (open >= this.config.maxSocketsPerUser) return next(new Error(ErrorCodes.RATE_LIMITED));
        // kept small: the shared actor and the token's two times
        socket.data.actor = actor;
        socket.data.tokenExpiresAt = exp * 1000;
        socket.data.tokenIssuedAt = iat;
        next();
      })
      // The database being down is not a bad token: say so, or clients would sign their users out.
      .catch((err: { code?: string }) =>
        next(
          new Error(
            isDbUnavailable(err)
              ? ErrorCodes.DB_UNAVAILABLE
              : err.code === ErrorCodes.AUTH_EXPIRED
                ? ErrorCodes.AUTH_EXPIRED
                : ErrorCodes.AUTH_UNAUTHORIZED,
          ),
        ),
      )
      .finally(() => this.shedder.end());
  }

  async handleConnection(socket: IoSocket): Promise<void> {
    const { actor } = socket.data;
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
        (cb as (r: unknown) => void)({
          ok: false,
          error: {
            code: ErrorCodes.RATE_LIMITED,
            message: `Too many events; retry in ${retryAfterSeconds} s`,
            details: { retryAfterSeconds },
          },
        });
      }
    });
  }

  handleDisconnect(socket: IoSocket): void {
    try {
      this.publisher.notifyDisconnect(socket);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'disconnect listener failed');
    }
  }

  /**
   * Stopping (SIGTERM): close every client's connection at once (a websocket close frame; clients
   * see `transport close` and come back with their back-off, to another replica or to this one
   * restarted), give them CLOSE_GRACE_MS to answer, then cut what is left. socket.io's own close,
   * which Nest runs next, waits for every TCP connection to end: with thousands of clients slow
   * to answer the close frame on busy cores, that wait was most of a 5.7 s exit.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const engine = this.server?.engine as unknown as EngineClients | undefined;
    if (!engine?.clientsCount) return;
    for (const client of Object.values(engine.clients)) client.close(true);
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (engine.clientsCount > 0 && Date.now() < deadline) await delay(20);
    for (const client of Object.values(engine.clients)) client.transport?.socket?.terminate?.();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.shedder.stop();
  }

  /** One pass over this replica's sockets: expiry on the clock, then one user query for the rest. */
  async sweep(): Promise<void> {
    if (this.sweeping || !this.server) return;
    this.sweeping = true;
    try {
      const now = this.clock.nowMs();
      const byUser = new Map<string, IoSocket[]>();
      for (const socket of this.server.sockets.sockets.values() as IterableIterator<IoSocket>) {
        const { actor, tokenExpiresAt } = socket.data;
        if (!actor) continue;
        if (now >= tokenExpiresAt) {
          this.end(socket, ErrorCodes.AUTH_EXPIRED, 'Access token expired; reconnect with a fresh token');
          continue;
        }
        const list = byUser.get(actor.id);
        if (list) list.push(socket);
        else byUser.set(actor.id, [socket]);
      }
      if (!byUser.size) return;
      const states = await this.identity.currentStates([...byUser.keys()]);
      for (const [userId, sockets] of byUser) {
        const state = states.get(userId);
        for (const socket of sockets) {
          const refusal = state ? state.refusal(socket.data.tokenIssuedAt) : 'Account no longer exists';
          if (refusal) this.end(socket, ErrorCodes.AUTH_UNAUTHORIZED, refusal);
          else if (privilegesChanged(socket.data.actor, state!.actor))
            this.end(socket, ErrorCodes.AUTH_EXPIRED, 'Your role or cohorts changed; reconnect');
          else socket.data.actor = state!.actor; // name, duty status: take the new ones quietly
        }
      }
    } catch (err) {
      // the database being away only delays the sweep; sockets are checked again next time
      if (!isDbUnavailable(err)) this.logger.warn({ err: (err as Error).message }, 'socket sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  private end(socket: IoSocket, code: string, message: string): void {
    socket.emit('auth:expired', { code, message });
    socket.disconnect(true);
  }
}
