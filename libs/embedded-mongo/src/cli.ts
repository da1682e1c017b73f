#!/usr/bin/env node
/**
 * Standalone server: `npm run db`.
 * Env: DB_DIR or DATA_DIR (default ./data/db), DB_PORT (default 27017), DB_HOST (default 127.0.0.1).
 *
 * `npm run db -- repair [dir]` repairs a corrupt store instead of serving: it keeps a copy of the
 * damaged file (`<file>.corrupt-<time>`), cuts it at the first bad record and moves later log
 * segments aside.
 */
import * as path from 'path';
import { startServer } from './server';
import { acquireLock } from './storage/wal';
import { repairStore } from './storage/store-files';

function defaultDir(): string {
  return path.resolve(process.env.DB_DIR ?? process.env.DATA_DIR ?? './data/db');
}

function repair(dirArg: string | undefined): void {
  const dir = dirArg ? path.resolve(dirArg) : defaultDir();
  const release = acquireLock(dir);
  try {
    const r = repairStore(dir);
    if (r.corruptAt === null) {
      process.stdout.write(`${dir}: the store is intact (${r.recordsKept} records); nothing to repair\n`);
      return;
    }
    process.stdout.write(
      `${dir}: corruption at byte ${r.corruptAt} of ${r.file}; kept the ${r.recordsKept} records before it, dropped ${r.bytesDropped} bytes after it; ` +
        `the original file is kept as ${r.backup}` +
        (r.setAside.length ? `; later log segments moved aside: ${r.setAside.join(', ')}` : '') +
        '\n',
    );
  } finally {
    release();
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === 'repair') return repair(process.argv[3]);
  if (process.argv[2] !== undefined) throw new Error(`unknown argument ${process.argv[2]} (usage: cli.js [repair [dir]])`);
  const dir = defaultDir();
  const port = process.env.DB_PORT !== undefined ? Number(process.env.DB_PORT) : 27017;
  const host = process.env.DB_HOST ?? '127.0.0.1';
  const t0 = Date.now();
  const server = await startServer({ dir, port, host, log: (m) => process.stderr.write(`[embedded-mongo] ${m}\n`) });
  const r = server.engine.recovery;
  process.stderr.write(
    `[embedded-mongo] data dir ${dir}: ${r.records} log records (${r.bytes} bytes) replayed in ${Date.now() - t0} ms` +
      ` (checkpoint ${r.checkpointBytes} bytes, then ${r.segments} log segment${r.segments === 1 ? '' : 's'})` +
      (r.truncatedBytes ? `, discarded a torn tail of ${r.truncatedBytes} bytes` : '') +
      '\n',
  );
  process.stdout.write(server.uri + '\n');
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[embedded-mongo] ${sig}: stopping\n`);
    server.stop().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`[embedded-mongo] stop failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`[embedded-mongo] ${(e as Error).message}\n`);
  process.exit(1);
});
