/**
 * Worker-thread entry: serves one data directory over the wire protocol from its own thread, so
 * the engine's CPU (BSON, queries, log writes) runs beside the host's event loop, not on it.
 *
 * workerData: EmbeddedMongoOptions. Messages to the host: {type:'ready', uri, port} once serving,
 * {type:'log', message} for engine notes, {type:'stopped'} after a clean stop. The host sends
 * {type:'stop'} to close connections and the log (fsynced) before the thread ends. A failure to
 * start rejects in the host as an 'error' event with the engine's message (e.g. the lock is held).
 */
import { parentPort, workerData } from 'worker_threads';
import { startServer } from './server';
import type { EmbeddedMongoOptions } from './index';

export type WorkerToHost = { type: 'ready'; uri: string; port: number } | { type: 'log'; message: string } | { type: 'stopped' };
export type HostToWorker = { type: 'stop' };

async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('embedded-mongo worker.js must run as a worker thread');
  const opts = workerData as EmbeddedMongoOptions;
  const post = (m: WorkerToHost) => port.postMessage(m);
  const server = await startServer({ ...opts, log: (message) => post({ type: 'log', message }) });
  port.on('message', (m: HostToWorker) => {
    if (m.type !== 'stop') return;
    server.stop().then(
      () => {
        post({ type: 'stopped' });
        port.close();
      },
      (err: unknown) => {
        // rethrown outside the promise: the host sees an 'error' event with this message
        setImmediate(() => {
          throw err;
        });
      },
    );
  });
  post({ type: 'ready', uri: server.uri, port: server.port });
}

run().catch((err: unknown) => {
  setImmediate(() => {
    throw err;
  });
});
