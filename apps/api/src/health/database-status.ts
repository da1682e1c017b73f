import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Publisher } from '../modules/realtime';

/**
 * Whether this replica can reach the database, from the driver's heartbeat (every second, see
 * MongooseModule options in app.module.ts). Transitions are told to this replica's own sockets as
 * `system:status` (each replica reports its own connection, so the emit is local, not via Redis).
 * Nothing is restarted on recovery: the driver reconnects by itself and requests succeed again.
 */
@Injectable()
export class DatabaseStatus implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Database');
  private up = true;
  private closing = false;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly publisher: Publisher,
  ) {}

  get isUp(): boolean {
    return this.up;
  }

  /** Whether the database answers the driver's ping within `timeoutMs` (what /api/health asks). */
  async ping(timeoutMs: number): Promise<boolean> {
    const db = this.connection.db;
    if (!this.up || !db) return false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([
        db
          .admin()
          .ping()
          .then(() => true),
        late,
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  onApplicationBootstrap(): void {
    this.connection.on('disconnected', () => this.set(false));
    this.connection.on('connected', () => this.set(true));
    this.connection.on('reconnected', () => this.set(true));
  }

  /** Our own shutdown closes the connection too: that is not an outage to announce. */
  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  private set(up: boolean): void {
    if (this.up === up || this.closing) return;
    this.up = up;
    this.logger[up ? 'log' : 'warn']({ database: up ? 'up' : 'down' }, up ? 'database reachable again' : 'database unreachable');
    try {
      this.publisher.io.local.emit('system:status', { database: up ? 'up' : 'down' });
    } catch {
      /* socket.io not attached yet (start-up): nobody to tell */
    }
  }
}
