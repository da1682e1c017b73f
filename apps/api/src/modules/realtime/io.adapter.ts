import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';

type RedisClient = ReturnType<typeof createClient>;

/**
 * The socket.io server factory. With REDIS_URL, rooms span every api replica through
 * @socket.io/redis-adapter (ADR 0004); without it, one process works alone with the in-memory adapter.
 */
export class CaseBridgeIoAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private pub?: RedisClient;
  private sub?: RedisClient;
  private adapterFactory?: ReturnType<typeof createAdapter>;

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

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub?.quit(), this.sub?.quit()]);
  }
}
