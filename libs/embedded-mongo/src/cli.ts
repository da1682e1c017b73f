#!/usr/bin/env node
/**
 * Standalone server: `npm run db`.
 * Env: DB_DIR or DATA_DIR (default ./data/db), DB_PORT (default 27017), DB_HOST (default 127.0.0.1).
 */
import * as path from 'path';
import { startServer } from './server';

async function main(): Promise<void> {
  const dir = path.resolve(process.env.DB_DIR ?? process.env.DATA_DIR ?? './data/db');
  const port = process.env.DB_PORT !== undefined ? Number(process.env.DB_PORT) : 27017;
  const host = process.env.DB_HOST ?? '127.0.0.1';
  const t0 = Date.now();
  const server = await startServer({ dir, port, host, log: (m) => process.stderr.write(`[embedded-mongo] ${m}\n`) });
  const r = server.engine.recovery;
  process.stderr.write(
    `[embedded-mongo] data dir ${dir}: ${r.records} log records (${r.bytes} bytes) replayed in ${Date.now() - t0} ms` +
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
