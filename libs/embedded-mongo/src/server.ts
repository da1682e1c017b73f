/** TCP server: frames messages per connection, dispatches commands in order, replies. */
import * as net from 'net';
import { ObjectId } from 'bson';
import { Engine, EngineOptions } from './storage/engine';
import { dispatch, DispatchEnv } from './commands';
import { Cursors, ServerInfo } from './commands/context';
import { encodeMsg, encodeReply, parseHeader, parseMessage, OP_QUERY } from './wire/protocol';

export interface ServerOptions extends Omit<EngineOptions, 'dir'> {
  dir: string;
  port?: number;
  host?: string;
  maxMessageBytes?: number;
  setName?: string;
  log?: (msg: string) => void;
}

export interface RunningServer {
  uri: string;
  port: number;
  host: string;
  engine: Engine;
  stop(): Promise<void>;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 48_000_000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const engine = new Engine(opts);
  const info: ServerInfo = {
    host,
    port: 0,
    setName: opts.setName ?? 'embedded',
    startedAt: new Date(),
    maxMessageBytes,
    electionId: new ObjectId('7fffffff0000000000000001'),
  };
  const env: DispatchEnv = { engine, server: info, cursors: new Cursors() };
  const sockets = new Set<net.Socket>();
  let nextConnId = 1;
  const log = opts.log ?? (() => undefined);

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const conn = { id: nextConnId++, remote: `${socket.remoteAddress}:${socket.remotePort}` };
    let chunks: Buffer[] = [];
    let buffered = 0;
    let busy = false;
    const queue: Buffer[] = [];

    const fail = (why: string) => {
      log(`closing connection ${conn.id}: ${why}`);
      socket.destroy();
    };

    const pump = async () => {
      if (busy) return;
      busy = true;
      try {
        while (queue.length && !socket.destroyed) {
          const msg = queue.shift()!;
          let parsed;
          try {
            parsed = parseMessage(msg);
          } catch (e) {
            fail((e as Error).message);
            return;
          }
          const defaultDb = parsed.collection ? parsed.collection.split('.')[0] : 'admin';
          const reply = await dispatch(env, conn, parsed.body, defaultDb);
          if (parsed.moreToCome || socket.destroyed) continue;
          const out = parsed.kind === 'query' ? encodeReply(parsed.requestId, reply) : encodeMsg(parsed.requestId, reply);
          socket.write(out);
        }
      } catch (e) {
        fail(`internal error: ${(e as Error).message}`);
      } finally {
        busy = false;
      }
    };

    socket.on('data', (data: Buffer) => {
      chunks.push(data);
      buffered += data.length;
      while (buffered >= 4) {
        let head = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        chunks = [head];
        const len = head.readInt32LE(0);
        if (len < 16 || len > maxMessageBytes) {
          fail(`invalid message length ${len}`);
          return;
        }
        if (buffered < len) break;
        const msg = head.subarray(0, len);
        head = head.subarray(len);
        chunks = head.length ? [head] : [];
        buffered -= len;
        const h = parseHeader(msg);
        if (h.opCode !== OP_QUERY && h.opCode !== 2013) {
          fail(`unsupported opCode ${h.opCode}`);
          return;
        }
        queue.push(Buffer.from(msg));
      }
      void pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    // e.g. EADDRINUSE: release the data directory so a later start can open it
    await engine.close();
    throw e;
  }
  const port = (server.address() as net.AddressInfo).port;
  const sweeper = setInterval(() => env.cursors.sweep(10 * 60 * 1000), 60_000);
  sweeper.unref();
  info.port = port;
  let stopped: Promise<void> | null = null;
  return {
    uri: `mongodb://${host}:${port}/?replicaSet=${encodeURIComponent(info.setName)}`,
    port,
    host,
    engine,
    stop() {
      if (!stopped) {
        stopped = (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            for (const s of sockets) s.destroy();
          });
          clearInterval(sweeper);
          env.cursors.clear();
          await engine.close();
        })();
      }
      return stopped;
    },
  };
}
