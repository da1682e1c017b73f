import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddedMongoOptions } from '@casebridge/embedded-mongo';

/** The embedded engine on its own thread: its uri, and a stop that closes its log cleanly. */
export interface EngineWorker {
  uri: string;
  stop(): Promise<void>;
}

type FromWorker = { type: 'ready'; uri: string; port: number } | { type: 'log'; message: string } | { type: 'stopped' };

/** libs/embedded-mongo/dist/worker.js, next to the library's compiled entry. */
export function engineWorkerFile(): string {
  return path.join(path.dirname(require.resolve('@casebridge/embedded-mongo/package.json')), 'dist', 'worker.js');
}

/**
 * Starts the embedded engine on a worker thread (its BSON, query and log work then runs
 * on another core instead of the api's event loop). Resolves once it serves; rejects with the
 * engine's own message when it cannot start (a held lock, a corrupt log). After that, any end the
 * api did not ask for (an uncaught error in the engine, the thread exiting) calls `onCrash` once
 * with a reason: the caller exits rather than keep serving requests that can no longer be stored.
 */
export function startEngineWorker(
  opts: EmbeddedMongoOptions,
  onCrash: (reason: string) => void,
  log: (message: string) => void = () => undefined,
): Promise<EngineWorker> {
  const worker = new Worker(engineWorkerFile(), { workerData: opts, name: 'embedded-mongo' });
  let ready = false;
  let stopping: Promise<void> | undefined;
  let crashed = false;
  const crash = (reason: string) => {
    if (crashed || stopping) return;
    crashed = true;
    onCrash(reason);
  };
  return new Promise<EngineWorker>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'log') log(m.message);
      if (m.type !== 'ready') return;
      ready = true;
      resolve({
        uri: m.uri,
        stop() {
          stopping ??= new Promise<void>((done, fail) => {
            worker.once('exit', (code) =>
              code === 0 ? done() : fail(new Error(`the embedded database thread exited with code ${code} while stopping`)),
            );
            worker.once('error', fail);
            worker.postMessage({ type: 'stop' });
          });
          return stopping;
        },
      });
    });
    worker.on('error', (err) => {
      if (!ready) reject(err);
      else crash(err.message);
    });
    worker.on('exit', (code) => {
      if (!ready) reject(new Error(`the embedded database thread exited with code ${code} before it started`));
      else crash(`its thread exited with code ${code}`);
    });
  });
}
