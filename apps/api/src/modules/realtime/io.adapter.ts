import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { ErrorCodes, type AckResult } from '@casebridge/contracts';

type RedisClient = ReturnType<typeof createClient>;

const INTERNAL_ACK: AckResult<never> = { ok: false, error: { code: ErrorCodes.INTERNAL, message: 'Internal error' } };

/**
 * The socket.io server factory. With REDIS_URL, rooms span every api replica through
 * @socket.io/redis-adapter (ADR 0004); without it, one process works alone with the in-memory adapter.
 */
export class CaseBridgeIoAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private pub?: RedisClient;
  private sub?: RedisClient;
  private adapterFactory?: ReturnType<typeof createAdapter>;
  /** The events the gateways handle: the same for every socket, so kept once, not per socket. */
  private readonly handled = new Set<string>();
  /** Sockets that already have the unknown-event listener (handlers are bound once per gateway per socket). */
  private readonly watched = new WeakSet<Socket>();

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl?: string,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    if (!this.redisUrl) return;
    this.pub = createClient({ url: this.redisUrl, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
    this.sub = this.pub.duplicate();
    for (const c of [this.pub, this.sub]) c.on('error', (err: Error) => this.log.warn({ err: err.message }, 'redis connection error'));
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.adapterFactory = createAdapter(this.pub, this.sub, { requestsTimeout: 3000 });
    this.log.log('socket.io Redis adapter connected');
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    return server;
  }

  /**
   * Nest's version builds an RxJS pipeline (fromEvent, mergeMap, takeUntil) per handler per socket:
   * with every gateway's handlers that was most of an idle socket's memory and a good part of each
   * connection's CPU. Plain listeners do the same job: the handler's result (sync, promise
   * or observable, through Nest's `transform`) goes to the ack, or is emitted when it names an event.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    const known = this.handled;
    if (!this.watched.has(socket)) {
      this.watched.add(socket);
      // An event no gateway handles, sent with an ack callback, would wait for an answer forever:
      // say so. (Any-listeners run before dispatch; every gateway has bound its handlers by then.
      // Listener counts would not do: socket.io itself listens to "error".)
      socket.onAny((event: unknown, ...args: unknown[]) => {
        const cb = args[args.length - 1];
        if (typeof cb !== 'function' || known.has(String(event))) return;
        const refusal: AckResult<never> = { ok: false, error: { code: ErrorCodes.ROUTE_NOT_FOUND, message: 'No such event' } };
        (cb as (r: unknown) => void)(refusal);
      });
    }
    for (const { message } of handlers) known.add(String(message));
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args) as { data: unknown; ack?: (r: unknown) => void };
        // A handler that throws instead of returning a failed ack still answers (never silence).
        const failed = (err: unknown) => {
          this.log.error(err);
          if (!isAckHandledManually && typeof ack === 'function') ack(INTERNAL_ACK);
        };
        let result$: Observable<unknown>;
        try {
          result$ = transform(callback(data, ack));
        } catch (err) {
          failed(err);
          return;
        }
        result$.subscribe({
          next: (response) => {
            if (response === null || response === undefined) return;
            const r = response as { event?: string; data?: unknown };
            if (r.event) socket.emit(r.event, r.data);
            else if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: failed,
        });
      });
    }
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
  }
}
