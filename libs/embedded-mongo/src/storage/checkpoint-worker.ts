/**
 * Worker-thread entry of the checkpoint writer: runs compactFiles jobs one at a time, so reading
 * the old files and writing the new checkpoint never runs on the engine's thread.
 *
 * Messages in: {id, job: CompactJob}. Out: {id, ok: true, result: CompactResult} or
 * {id, ok: false, message, corrupt?: {file, offset, reason}}.
 */
import * as fs from 'fs';
import * as os from 'os';
import { parentPort } from 'worker_threads';
import { CompactJob, CompactResult, compactFiles } from './compact-files';
import { LogCorruptionError } from './wal';

export type CheckpointJobMessage = { id: number; job: CompactJob };
export type CheckpointJobReply = { id: number; ok: true; result: CompactResult } | { id: number; ok: false; message: string };

/**
 * Niceness of this thread (Linux: setpriority on the thread's id changes that thread alone). The
 * engine's thread and the other threads of the machine come first: on a busy machine a checkpoint
 * takes longer, writers do not wait for it.
 */
const CHECKPOINT_NICE = Number(process.env.EMBEDDED_MONGO_CHECKPOINT_NICE ?? 10);

function lowerPriority(): void {
  try {
    // /proc/thread-self -> <pid>/task/<tid>
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, CHECKPOINT_NICE);
  } catch {
    /* not Linux, or not allowed: the thread keeps the process's priority */
  }
}

lowerPriority();
const port = parentPort;
if (!port) throw new Error('checkpoint-worker must run as a worker thread');
port.on('message', (m: CheckpointJobMessage) => {
  let reply: CheckpointJobReply;
  try {
    reply = { id: m.id, ok: true, result: compactFiles(m.job) };
  } catch (e) {
    const err = e as Error;
    reply = { id: m.id, ok: false, message: err instanceof LogCorruptionError ? err.message : `${err.name}: ${err.message}` };
  }
  port.postMessage(reply);
});
