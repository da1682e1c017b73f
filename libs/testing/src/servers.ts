import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '@casebridge/embedded-mongo';
import { freePort, waitFor } from './net';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The api as it ships: the bundle's launcher (`npm run build:server`), as `npm start` and the Dockerfile run it. */
export const API_MAIN = path.join(REPO_ROOT, 'apps/api/dist/server.js');
export const API_ARGS = ['--no-warnings=ExperimentalWarning', API_MAIN];

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `casebridge-${prefix}-`));
}

export interface TestDb {
  uri: string;
  /** The embedded engine when no MONGODB_URI was given. */
  embedded?: EmbeddedMongo;
  dir?: string;
  stop(): Promise<void>;
}

/**
 * The database for a test file: the embedded engine in this process (default), or a fresh
 * database on the server MONGODB_URI names, so the same tests run against real MongoDB.
 */
export async function startTestDb(): Promise<TestDb> {
  const external = process.env.MONGODB_URI;
  if (external) {
    const url = new URL(external);
    url.pathname = `/casebridge_test_${process.pid}_${Date.now()}`;
    return { uri: url.toString(), stop: async () => undefined };
  }
  const dir = tmpDir('db');
  const embedded = await startEmbeddedMongo({ dir, port: 0 });
  return {
    uri: embedded.uri,
    embedded,
    dir,
    stop: async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Puts a database name into a mongodb:// URI (keeps its query string). */
export function withDbName(uri: string, name: string): string {
  const url = new URL(uri);
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestApi {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the process printed (for asserting what logs contain). */
  output(): string;
  stop(): Promise<void>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts the compiled api (apps/api/dist/server.js, built by the jest global setup) as a real
 * process on 127.0.0.1, as `npm start` runs it, and waits until /api/health answers ok.
 */
export async function startTestApi(opts: {
  /** Omit to let the api start its own embedded database under dataDir (as `npm start` does). */
  mongoUri?: string;
  env?: Record<string, string>;
  port?: number;
  dataDir?: string;
  keepDataDir?: boolean;
}): Promise<TestApi> {
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? tmpDir('api');
  let out = '';
  const child = spawn(process.execPath, API_ARGS, {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      ...(opts.mongoUri ? { MONGODB_URI: opts.mongoUri } : {}),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  await waitFor(
    async () => {
      if (exited) throw new Error(`api exited during start:\n${out}`);
      const res = await fetch(`${url}/api/health`).catch(() => undefined);
      return res?.ok ? true : undefined;
    },
    { timeoutMs: 30_000, what: 'api health' },
  ).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n--- api output ---\n${out}`);
  });
  const waitExit = () =>
    new Promise<void>((resolve) => (exited || child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    url,
    port,
    pid: child.pid ?? -1,
    child,
    output: () => out,
    stop: async () => {
      if (!exited) child.kill('SIGTERM');
      await waitExit();
      if (!opts.keepDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
    kill: async (signal: NodeJS.Signals = 'SIGKILL') => {
      if (!exited) child.kill(signal);
      await waitExit();
    },
  };
}
