/**
 * The files of a data directory: at most one checkpoint plus the log segments after it.
 *
 * - `store.log` (generation 0) and `store.<gen>.log`: log segments, replayed in generation order.
 * - `checkpoint.<gen>`: a snapshot of the live data (collections, indexes, documents, in the log's
 *   record format) taken at the moment segment `<gen>` became the current one; it replaces every
 *   segment older than `<gen>`.
 *
 * Start-up loads the newest checkpoint and replays the segments of its generation and later, so
 * its cost is the live data plus the log written since the last checkpoint, whatever the history.
 * A checkpoint is written as `checkpoint.<gen>.tmp`, fsynced, renamed, and the directory fsynced;
 * only then are the older checkpoint and segments deleted. A crash at any point leaves either the
 * old checkpoint with all its segments or the new one with its segments (files it made redundant
 * are deleted at the next start-up).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Doc } from '../bson/values';
import { fsyncDir, LogCorruptionError, RecoveryInfo, scanLogRecords, Segment, SEGMENT_FLAGS } from './wal';

export function segmentFile(dir: string, gen: number): string {
  return path.join(dir, gen === 0 ? 'store.log' : `store.${gen}.log`);
}

export function checkpointFile(dir: string, gen: number): string {
  return path.join(dir, `checkpoint.${gen}`);
}

interface Layout {
  /** generation of the newest checkpoint, or -1 */
  checkpoint: number;
  checkpoints: number[];
  /** segment generations, ascending */
  segments: number[];
  /** temporary files of interrupted checkpoints or (older versions) compactions */
  leftovers: string[];
}

function layoutOf(dir: string): Layout {
  const checkpoints: number[] = [];
  const segments: number[] = [];
  const leftovers: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    let m: RegExpMatchArray | null;
    if (name === 'store.log') segments.push(0);
    else if ((m = name.match(/^store\.(\d+)\.log$/))) segments.push(Number(m[1]));
    else if ((m = name.match(/^checkpoint\.(\d+)$/))) checkpoints.push(Number(m[1]));
    else if (/^checkpoint\.\d+\.tmp/.test(name) || name.startsWith('store.log.compact')) leftovers.push(path.join(dir, name));
  }
  segments.sort((a, b) => a - b);
  checkpoints.sort((a, b) => a - b);
  return { checkpoint: checkpoints.length ? checkpoints[checkpoints.length - 1] : -1, checkpoints, segments, leftovers };
}

export interface StoreRecovery extends RecoveryInfo {
  /** bytes of the checkpoint loaded (0 without one) */
  checkpointBytes: number;
  /** log segments replayed after it */
  segments: number;
}

export interface OpenedStore {
  current: Segment;
  older: Segment[];
  checkpointGen: number;
  checkpointBytes: number;
  info: StoreRecovery;
}

interface Damage {
  file: string;
  error: LogCorruptionError;
  /** index in the list of files scanned (checkpoint first, then segments) */
  index: number;
}

interface ScanOutcome {
  files: string[];
  /** valid end of each file */
  ends: number[];
  damage: Damage | null;
  records: number;
  bytes: number;
  truncatedBytes: number;
}

/** Scans the checkpoint, then the segments after it; stops at the first damage that is not a torn tail. */
function scanStore(dir: string, layout: Layout, onRecord: (ops: Doc[], sizes: number[]) => void): ScanOutcome {
  const files: string[] = [];
  if (layout.checkpoint >= 0) files.push(checkpointFile(dir, layout.checkpoint));
  const segs = layout.segments.filter((g) => g >= Math.max(0, layout.checkpoint));
  for (const g of segs) files.push(segmentFile(dir, g));
  const ends: number[] = [];
  let records = 0;
  let bytes = 0;
  let truncatedBytes = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const isCheckpoint = i === 0 && layout.checkpoint >= 0;
    const res = scanLogRecords(file, onRecord);
    records += res.info.records;
    bytes += res.info.bytes;
    ends.push(res.end);
    const outcome = (error: LogCorruptionError): ScanOutcome => ({
      files,
      ends,
      damage: { file, error, index: i },
      records,
      bytes,
      truncatedBytes,
    });
    if (res.corruption) return outcome(res.corruption);
    if (!res.info.truncatedBytes) continue;
    if (isCheckpoint) {
      return outcome(
        new LogCorruptionError(
          file,
          res.end,
          'damaged record',
          -1,
          'it is in a checkpoint, which is complete and fsynced before it is used',
        ),
      );
    }
    // a torn tail is only possible in the last segment written to: later segments must be empty
    const later = files.slice(i + 1).find((f) => fs.statSync(f).size > 0);
    if (later) return outcome(new LogCorruptionError(file, res.end, 'damaged record', -1, `the later log segment ${later} holds records`));
    truncatedBytes += res.info.truncatedBytes;
  }
  return { files, ends, damage: null, records, bytes, truncatedBytes };
}

/**
 * Opens a data directory: loads the newest checkpoint and replays the log segments after it
 * through `onRecord`, cuts a torn tail, deletes files a checkpoint made redundant, and returns the
 * segments (the last one open for appending). Throws LogCorruptionError on damage before the tail.
 */
export function openStore(dir: string, onRecord: (ops: Doc[], sizes: number[]) => void): OpenedStore {
  const layout = layoutOf(dir);
  const scan = scanStore(dir, layout, onRecord);
  if (scan.damage) throw scan.damage.error;
  // the newest checkpoint is intact: what it replaced, and interrupted temporary files, can go
  for (const f of layout.leftovers) fs.rmSync(f, { force: true });
  const first = Math.max(0, layout.checkpoint);
  for (const g of layout.segments) if (g < first) fs.rmSync(segmentFile(dir, g), { force: true });
  for (const g of layout.checkpoints) if (g < layout.checkpoint) fs.rmSync(checkpointFile(dir, g), { force: true });

  const hasCheckpoint = layout.checkpoint >= 0;
  const segFiles = hasCheckpoint ? scan.files.slice(1) : scan.files;
  const segEnds = hasCheckpoint ? scan.ends.slice(1) : scan.ends;
  const segs: Segment[] = segFiles.map((file, i) => ({
    gen: Number(layout.segments.filter((g) => g >= first)[i]),
    file,
    fd: -1,
    size: segEnds[i],
  }));
  // cut torn tails (only the last non-empty segment can have one)
  for (const s of segs) {
    if (fs.statSync(s.file).size > s.size) {
      const fd = fs.openSync(s.file, 'r+');
      try {
        fs.ftruncateSync(fd, s.size);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    }
  }
  let current = segs.pop();
  if (current) {
    current.fd = fs.openSync(current.file, SEGMENT_FLAGS);
  } else {
    current = createSegmentSync(dir, first);
  }
  fsyncDir(dir);
  return {
    current,
    older: segs,
    checkpointGen: layout.checkpoint,
    checkpointBytes: hasCheckpoint ? scan.ends[0] : 0,
    info: {
      records: scan.records,
      bytes: scan.bytes,
      truncatedBytes: scan.truncatedBytes,
      checkpointBytes: hasCheckpoint ? scan.ends[0] : 0,
      segments: segFiles.length,
    },
  };
}

function createSegmentSync(dir: string, gen: number): Segment {
  const file = segmentFile(dir, gen);
  const fd = fs.openSync(file, SEGMENT_FLAGS | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
  // a new segment's directory entry must be durable before anything written to it is acknowledged
  fsyncDir(dir);
  return { gen, file, fd, size: 0 };
}

/** Creates an empty segment, its directory entry durable, ready for `LogWriter.rotate`. */
export async function createSegment(dir: string, gen: number): Promise<Segment> {
  const file = segmentFile(dir, gen);
  // a raw descriptor (a FileHandle would be closed when garbage-collected)
  const fd = await new Promise<number>((resolve, reject) =>
    fs.open(file, SEGMENT_FLAGS | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644, (e, d) => (e ? reject(e) : resolve(d))),
  );
  await fsyncDirAsync(dir);
  return { gen, file, fd, size: 0 };
}

async function fsyncDirAsync(dir: string): Promise<void> {
  let h: fs.promises.FileHandle | undefined;
  try {
    h = await fs.promises.open(dir, 'r');
    await h.sync();
  } catch {
    /* some platforms cannot fsync directories */
  } finally {
    await h?.close();
  }
}

/** The temporary file a checkpoint of generation `gen` is written to before `commitCheckpoint`. */
export function checkpointTmpFile(dir: string, gen: number): string {
  return `${checkpointFile(dir, gen)}.tmp-${process.pid}`;
}

/**
 * Makes a checkpoint written (and fsynced) to `tmp` the newest one: renames it to
 * `checkpoint.<gen>` and fsyncs the directory.
 */
export async function commitCheckpoint(dir: string, gen: number, tmp: string): Promise<void> {
  await fs.promises.rename(tmp, checkpointFile(dir, gen));
  await fsyncDirAsync(dir);
}

/** Deletes checkpoints older than `gen` (the checkpoint of generation `gen` is durable). */
export async function removeCheckpointsBefore(dir: string, gen: number): Promise<void> {
  // no directory fsync needed: if these deletions are lost in a crash, start-up deletes them again
  for (const g of layoutOf(dir).checkpoints) if (g < gen) await fs.promises.rm(checkpointFile(dir, g), { force: true });
}

export interface RepairResult {
  /** the damaged file, or null if the store was intact */
  file: string | null;
  /** where the damaged file was copied */
  backup: string | null;
  /** offset of the corruption in `file` (it now ends there), or null */
  corruptAt: number | null;
  recordsKept: number;
  bytesDropped: number;
  /** later log segments moved aside (renamed to `<name>.corrupt-<time>`), their records dropped */
  setAside: string[];
}

/**
 * Explicit repair: finds the first damaged record (as start-up does), copies the file holding it
 * to `<file>.corrupt-<time>` (fsynced), cuts the file there, and moves any later log segment aside
 * under the same suffix; every record before the damage is kept. An intact store is left alone.
 */
export function repairStore(dir: string): RepairResult {
  const layout = layoutOf(dir);
  const scan = scanStore(dir, layout, () => undefined);
  if (!scan.damage) return { file: null, backup: null, corruptAt: null, recordsKept: scan.records, bytesDropped: 0, setAside: [] };
  const { file, index } = scan.damage;
  const end = scan.ends[index];
  const suffix = `.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const backup = file + suffix;
  fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL);
  const b = fs.openSync(backup, 'r+');
  try {
    fs.fsyncSync(b);
  } finally {
    fs.closeSync(b);
  }
  fsyncDir(dir);
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  try {
    fs.ftruncateSync(fd, end);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let dropped = size - end;
  const setAside: string[] = [];
  for (const later of scan.files.slice(index + 1)) {
    dropped += fs.statSync(later).size;
    fs.renameSync(later, later + suffix);
    setAside.push(later + suffix);
  }
  fsyncDir(dir);
  return { file, backup, corruptAt: end, recordsKept: scan.records, bytesDropped: dropped, setAside };
}
