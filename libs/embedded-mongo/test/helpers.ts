/** Test helpers: start the engine on a temp dir, or use MONGODB_URI (a real server) when set. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MongoClient } from 'mongodb';
import { startServer, RunningServer, ServerOptions } from '../src/server';

export const REAL_URI = process.env.MONGODB_URI;

export function tmpDir(prefix = 'embedded-mongo-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestTarget {
  uri: string;
  server?: RunningServer;
  dir?: string;
  stop(): Promise<void>;
}

/** Starts a fresh engine (or returns the real server's URI when MONGODB_URI is set). */
export async function startTarget(opts: Partial<ServerOptions> = {}): Promise<TestTarget> {
  if (REAL_URI) return { uri: REAL_URI, stop: async () => undefined };
  const dir = opts.dir ?? tmpDir();
  const server = await startServer({ ...opts, dir, port: 0, host: '127.0.0.1' });
  return {
    uri: server.uri,
    server,
    dir,
    async stop() {
      await server.stop();
      if (!opts.dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function uniqueDbName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs `fn` against a fresh engine on `dir` (no TTL sweeps), and stops both client and engine after. */
export async function withServer<T>(
  dir: string,
  fn: (c: MongoClient, s: RunningServer) => Promise<T>,
  extra: Partial<ServerOptions> = {},
): Promise<T> {
  const s = await startServer({ dir, port: 0, ttlIntervalMs: 0, ...extra });
  const c = new MongoClient(s.uri);
  try {
    await c.connect();
    return await fn(c, s);
  } finally {
    await c.close();
    await s.stop();
  }
}
