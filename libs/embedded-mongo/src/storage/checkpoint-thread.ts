/**
 * The engine's handle on its checkpoint worker thread (checkpoint-worker.ts): one thread, started
 * on the first checkpoint and kept for the next ones, one job at a time. It keeps the process alive
 * only while a job runs. If the thread dies, the job fails (the engine keeps the old checkpoint and
 * segments) and the next job starts a new thread.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { CompactJob, CompactResult } from './compact-files';
import type { CheckpointJobMessage, CheckpointJobReply } from './checkpoint-worker';

/**
 * Compiled, the worker is checkpoint-worker.js beside this file. Run from the TypeScript sources
 * (ts-jest), it is the .ts file, compiled as it loads with the TypeScript compiler (a dev
 * dependency), so tests run the same thread code as production.
 */
function spawnWorker(): Worker {
  const js = path.join(__dirname, 'checkpoint-worker.js');
  if (fs.existsSync(js)) return new Worker(js, { name: 'embedded-mongo-checkpoint' });
  const ts = path.join(__dirname, 'checkpoint-worker.ts');
  const boot = `
    const fs = require('fs');
    const ts = require(${JSON.stringify(require.resolve('typescript'))});
    require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      fileName: file, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText, file);
    require(${JSON.stringify(ts)});`;
  return new Worker(boot, { eval: true, name: 'embedded-mongo-checkpoint' });
}

export class CheckpointThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending: { id: number; resolve: (r: CompactResult) => void; reject: (e: Error) => void } | null = null;

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker();
    w.on('message', (m: CheckpointJobReply) => {
      const p = this.pending;
      if (!p || p.id !== m.id) return;
      this.pending = null;
      w.unref();
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`checkpoint failed: ${m.message}`));
    });
    const gone = (err: Error) => {
      if (this.worker === w) this.worker = null;
      const p = this.pending;
      this.pending = null;
      p?.reject(err);
    };
    w.on('error', (e) => gone(e));
    w.on('exit', (code) => gone(new Error(`checkpoint thread exited (${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  run(job: CompactJob): Promise<CompactResult> {
    if (this.pending) return Promise.reject(new Error('a checkpoint job is already running'));
    const w = this.ensure();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      // keep the process alive until the job answers
      w.ref();
      w.postMessage({ id, job } satisfies CheckpointJobMessage);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
