/**
 * Append-only, checksummed operation log with group commit.
 *
 * Record layout: u32 LE payload length | u32 LE crc32(payload) | payload
 * The payload is a sequence of BSON documents (one per logical operation); a record is the
 * unit of atomicity (a transaction commit is a single record).
 *
 * Files are streamed record by record (see store-files.ts for the layout of a data directory:
 * checkpoint plus log segments). A bad record (truncated, wrong checksum) with no intact record
 * after it is a torn tail (a crash during the last write) and is cut off; a bad record followed by
 * intact ones is corruption: start-up stops with the offset, the file untouched, and the `repair`
 * command of the CLI recovers what precedes it, keeping a copy.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { BSON } from 'bson';
import type { Doc } from '../bson/values';

const HEADER = 8;
export const HEADER_BYTES = HEADER;

/** Fills in the header of a record whose payload was written at buf[start + HEADER, end); returns the record. */
export function sealRecord(buf: Buffer, end: number, start = 0): Buffer {
  buf.writeUInt32LE(end - start - HEADER, start);
  buf.writeUInt32LE(zlib.crc32(buf.subarray(start + HEADER, end)) >>> 0, start + 4);
  return buf.subarray(start, end);
}

export interface RecoveryInfo {
  records: number;
  bytes: number;
  truncatedBytes: number;
}

export const serializeOptions = { checkKeys: false, ignoreUndefined: false } as const;
export const deserializeOptions = { promoteValues: false, promoteBuffers: false } as const;

export function encodeRecord(ops: Doc[]): Buffer {
  return encodeParts(ops.map((o) => BSON.serialize(o, serializeOptions)));
}

export function encodeParts(parts: Uint8Array[]): Buffer {
  let len = 0;
  for (const p of parts) len += p.length;
  const buf = Buffer.allocUnsafe(HEADER + len);
  let off = HEADER;
  for (const p of parts) {
    buf.set(p, off);
    off += p.length;
  }
  buf.writeUInt32LE(len, 0);
  buf.writeUInt32LE(zlib.crc32(buf.subarray(HEADER)) >>> 0, 4);
  return buf;
}

/**
 * A bad record that cannot be a torn tail: intact records follow it (in the same file, at
 * `nextValidOffset`, or in a later log segment), or it is in a checkpoint (written completely and
 * fsynced before it is used). Start-up stops; the files are left untouched.
 */
export class LogCorruptionError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
    /** the next intact record in the same file, or -1 */
    readonly nextValidOffset: number,
    why = `intact records follow it (the next one at byte ${nextValidOffset})`,
  ) {
    super(
      `${file} is corrupt at byte offset ${offset} (${reason}), and ${why}, ` +
        `so this is not a torn tail from a crash. The file was left untouched. To keep a copy of it and recover every record ` +
        `before the corruption, stop the server and run: npm run db -- repair ${path.dirname(file)}`,
    );
    this.name = 'LogCorruptionError';
  }
}

/** Reads a file sequentially through a window buffer, so a log of any size is scanned in constant memory. */
class WindowReader {
  private buf = Buffer.allocUnsafe(4 << 20);
  private start = 0;
  private len = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  /** `n` bytes at `pos` (a view valid until the next call); the caller checks pos + n <= size. */
  read(pos: number, n: number): Buffer {
    if (pos < this.start || pos + n > this.start + this.len) {
      if (n > this.buf.length) this.buf = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2));
      const want = Math.min(this.buf.length, this.size - pos);
      let got = 0;
      while (got < want) {
        const r = fs.readSync(this.fd, this.buf, got, want - got, pos + got);
        if (r <= 0) break;
        got += r;
      }
      this.start = pos;
      this.len = got;
      if (got < n) throw new Error(`short read at ${pos} in the log`);
    }
    return this.buf.subarray(pos - this.start, pos - this.start + n);
  }
}

type RecordCheck = { ok: true; len: number } | { ok: false; reason: string };

/** Validates the record at `off`: whole, checksum right, payload a sequence of BSON documents. */
function checkRecord(r: WindowReader, off: number): RecordCheck {
  if (off + HEADER > r.size) return { ok: false, reason: 'truncated header' };
  const head = r.read(off, HEADER);
  const len = head.readUInt32LE(0);
  const crc = head.readUInt32LE(4);
  if (len < 5) return { ok: false, reason: `impossible record length ${len}` };
  if (off + HEADER + len > r.size) return { ok: false, reason: `record of ${len} bytes runs past the end of the file` };
  const payload = r.read(off + HEADER, len);
  if (zlib.crc32(payload) >>> 0 !== crc) return { ok: false, reason: 'checksum mismatch' };
  for (let p = 0; p < payload.length;) {
    const dl = p + 4 <= payload.length ? payload.readInt32LE(p) : -1;
    if (dl < 5 || p + dl > payload.length || payload[p + dl - 1] !== 0) return { ok: false, reason: 'malformed BSON in the record' };
    p += dl;
  }
  return { ok: true, len };
}

/** The offset of the first intact record starting after `from`, or -1 (then the damage is a torn tail). */
function nextIntactRecord(r: WindowReader, from: number): number {
  for (let p = from; p + HEADER + 5 <= r.size; p++) {
    const len = r.read(p, 4).readUInt32LE(0);
    if (len < 5 || p + HEADER + len > r.size) continue;
    if (checkRecord(r, p).ok) return p;
  }
  return -1;
}

export interface ScanResult {
  /** end of the last intact record: where appending continues */
  end: number;
  info: RecoveryInfo;
  /** set when a bad record has intact records after it (the scan stopped there) */
  corruption?: LogCorruptionError;
}

/**
 * Streams the log record by record. A bad record (truncated, wrong checksum, malformed) is a torn
 * tail only if no intact record follows it: a crash can only tear the last write. Otherwise the
 * result carries a LogCorruptionError naming the offset (what was read before it was delivered).
 */
export function scanLogRecords(file: string, onRecord: (ops: Doc[], sizes: number[]) => void): ScanResult {
  return scanRawRecords(file, (payload) => {
    const ops: Doc[] = [];
    const sizes: number[] = [];
    for (let p = 0; p < payload.length;) {
      const dl = payload.readInt32LE(p);
      ops.push(BSON.deserialize(payload.subarray(p, p + dl), deserializeOptions));
      sizes.push(dl);
      p += dl;
    }
    onRecord(ops, sizes);
  });
}

/**
 * scanLogRecords without decoding: `onPayload` gets each intact record's payload (a sequence of
 * BSON documents, already checked to be framed right), as a view valid only during the call.
 */
export function scanRawRecords(file: string, onPayload: (payload: Buffer) => void): ScanResult {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { end: 0, info: { records: 0, bytes: 0, truncatedBytes: 0 } };
    throw e;
  }
  try {
    const r = new WindowReader(fd, fs.fstatSync(fd).size);
    let off = 0;
    let records = 0;
    while (off < r.size) {
      const check = checkRecord(r, off);
      if (!check.ok) {
        const next = nextIntactRecord(r, off + 1);
        const info = { records, bytes: off, truncatedBytes: r.size - off };
        if (next < 0) return { end: off, info };
        return { end: off, info, corruption: new LogCorruptionError(file, off, check.reason, next) };
      }
      onPayload(r.read(off + HEADER, check.len));
      records++;
      off += HEADER + check.len;
    }
    return { end: off, info: { records, bytes: off, truncatedBytes: 0 } };
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads every intact record; throws LogCorruptionError when damage is followed by intact records. */
export function scanLog(file: string, onRecord: (ops: Doc[], sizes: number[]) => void): { end: number; info: RecoveryInfo } {
  const res = scanLogRecords(file, onRecord);
  if (res.corruption) throw res.corruption;
  return res;
}

export function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* some platforms cannot fsync directories */
  }
}

/** O_DSYNC makes each write durable on return: one system call per group commit instead of two. */
const DSYNC = typeof fs.constants.O_DSYNC === 'number' && process.platform === 'linux';

/** Flags of an open log segment: appends are durable when the write returns (on Linux). */
export const SEGMENT_FLAGS = fs.constants.O_RDWR | (DSYNC ? fs.constants.O_DSYNC : 0);

/** One log file: `store.log` (generation 0) or `store.<gen>.log`, replayed in generation order. */
export interface Segment {
  gen: number;
  file: string;
  /** -1 once closed */
  fd: number;
  /** bytes on disk (intact records) */
  size: number;
}

interface Pending {
  buf: Buffer;
  seg: Segment;
  resolve: () => void;
  reject: (e: Error) => void;
}

/**
 * The open log with a group-commit writer: all records queued during one write share the next.
 *
 * Records go to the current segment. A checkpoint switches to a new, empty segment (`rotate`)
 * synchronously: records queued before the switch are still written, in order, to the segment
 * they were queued for, later ones to the new segment. Writers never wait for a checkpoint.
 */
export class LogWriter {
  private current: Segment;
  /** older segments still on disk (replayed at start-up until a checkpoint covers them) */
  private older: Segment[];
  private queue: Pending[] = [];
  private flushing = false;
  private failed: Error | null = null;
  private closed = false;
  /** records handed to append, and records on disk (they are written in that order) */
  private appended = 0;
  private written = 0;
  private writtenWaiters: { count: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Called after each flush (also under sustained load, when the writer is never idle); may compact. */
  onFlushed: (() => void) | null = null;
  flushes = 0;

  constructor(current: Segment, older: Segment[] = []) {
    this.current = current;
    this.older = older;
  }

  /** bytes in the log segments on disk */
  get bytes(): number {
    let n = this.current.size;
    for (const s of this.older) n += s.size;
    return n;
  }

  get generation(): number {
    return this.current.gen;
  }

  get segmentCount(): number {
    return this.older.length + 1;
  }

  append(buf: Buffer): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error('store is closed'));
    this.appended++;
    return new Promise((resolve, reject) => {
      this.queue.push({ buf, seg: this.current, resolve, reject });
      this.schedule();
    });
  }

  private scheduled = false;

  /** Starts a flush after the current I/O callbacks, so requests that arrived together share it. */
  private schedule(): void {
    if (this.flushing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.flushing && this.queue.length) void this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        // one batch = the queued records of one segment (older segments' records come first)
        const seg = this.queue[0].seg;
        let n = 1;
        while (n < this.queue.length && this.queue[n].seg === seg) n++;
        const batch = n === this.queue.length ? this.queue : this.queue.slice(0, n);
        this.queue = n === this.queue.length ? [] : this.queue.slice(n);
        try {
          const bufs = batch.map((p) => p.buf);
          let total = 0;
          for (const b of bufs) total += b.length;
          await writevAll(seg.fd, bufs, seg.size);
          // with O_DSYNC the write itself returns only once the data is on disk
          if (!DSYNC) await new Promise<void>((res, rej) => fs.fdatasync(seg.fd, (e) => (e ? rej(e) : res())));
          seg.size += total;
          this.written += batch.length;
          this.flushes++;
          for (const p of batch) p.resolve();
          if (this.onFlushed && !this.closed) this.onFlushed();
          if (this.writtenWaiters.length) {
            const waiting = this.writtenWaiters;
            this.writtenWaiters = waiting.filter((w) => w.count > this.written);
            for (const w of waiting) if (w.count <= this.written) w.resolve();
          }
        } catch (e) {
          this.failed = e as Error;
          for (const p of batch) p.reject(e as Error);
          for (const p of this.queue) p.reject(e as Error);
          this.queue = [];
          for (const w of this.writtenWaiters) w.reject(e as Error);
          this.writtenWaiters = [];
        }
      }
    } finally {
      this.flushing = false;
    }
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** Resolves when every queued record is on disk. */
  drain(): Promise<void> {
    if (!this.flushing && !this.queue.length) return Promise.resolve();
    return new Promise((res) => this.idleWaiters.push(res));
  }

  get idle(): boolean {
    return !this.flushing && this.queue.length === 0;
  }

  /** Resolves once the first `count` records appended are on disk. */
  waitWritten(count: number): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.written >= count) return Promise.resolve();
    return new Promise((resolve, reject) => this.writtenWaiters.push({ count, resolve, reject }));
  }

  /**
   * Makes `next` (a new, empty segment whose directory entry is already durable) the segment that
   * receives every record appended from now on. Synchronous: the caller takes its snapshot in the
   * same turn. Returns the number of records appended before the switch (see waitWritten).
   */
  rotate(next: Segment): number {
    if (next.gen <= this.current.gen) throw new Error(`segment ${next.gen} is not newer than ${this.current.gen}`);
    this.older.push(this.current);
    this.current = next;
    return this.appended;
  }

  /** Files of the segments older than `gen`, in generation order. */
  segmentFilesBefore(gen: number): string[] {
    return this.older.filter((s) => s.gen < gen).map((s) => s.file);
  }

  /**
   * Deletes the segments older than `gen` (a durable checkpoint of generation `gen` covers them).
   * Their records must be on disk already (waitWritten), so nothing is queued for them.
   */
  retireBefore(gen: number): void {
    const keep: Segment[] = [];
    for (const s of this.older) {
      if (s.gen >= gen) {
        keep.push(s);
        continue;
      }
      if (s.fd >= 0) fs.closeSync(s.fd);
      s.fd = -1;
      fs.rmSync(s.file, { force: true });
    }
    this.older = keep;
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    for (const s of [...this.older, this.current]) {
      if (s.fd >= 0) fs.closeSync(s.fd);
      s.fd = -1;
    }
  }
}

function writevAll(fd: number, bufs: Buffer[], position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const total = bufs.reduce((a, b) => a + b.length, 0);
    const step = (list: Buffer[], pos: number, remaining: number) => {
      fs.writev(fd, list, pos, (err, written) => {
        if (err) return reject(err);
        if (written >= remaining) return resolve();
        // partial write: skip what was written
        let skip = written;
        const rest: Buffer[] = [];
        for (const b of list) {
          if (skip >= b.length) skip -= b.length;
          else {
            rest.push(skip ? b.subarray(skip) : b);
            skip = 0;
          }
        }
        step(rest, pos + written, remaining - written);
      });
    };
    step(bufs, position, total);
  });
}

/** Data directories locked by this process (so a restarted process reusing a pid is not fooled). */
const heldHere = new Set<string>();

/** Fields of /proc/<pid>/stat after the command name; undefined if the process is gone or not Linux. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Start time of a process (clock ticks since boot) on Linux; undefined elsewhere or if gone. */
function startTimeOf(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** A zombie (dead, not yet reaped by its parent) still answers kill(pid, 0) but holds nothing. */
function isZombie(pid: number): boolean {
  const state = procStat(pid)?.[0];
  return state === 'Z' || state === 'X' || state === 'x';
}

/** Whether a process has a SIGKILL pending: it is being killed and will never write again. */
function isExiting(pid: number): boolean {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const sigkill = BigInt(1) << BigInt(8); // bit of signal 9
    for (const field of ['ShdPnd', 'SigPnd']) {
      const m = status.match(new RegExp(`^${field}:\\s*([0-9a-f]+)`, 'm'));
      if (m && (BigInt('0x' + m[1]) & sigkill) !== BigInt(0)) return true;
    }
  } catch {
    /* not Linux, or gone */
  }
  return false;
}

type Owner = 'stale' | 'live' | 'exiting';

/** Who holds a lock file with this content (`<pid> <start time>`). */
function ownerOf(content: string): Owner {
  if (!content) return 'stale';
  const [pidText, started] = content.split(' ');
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid) || isZombie(pid)) return 'stale';
  const now = startTimeOf(pid);
  if (started !== undefined && now !== undefined && now !== started) return 'stale'; // the pid was reused
  return isExiting(pid) ? 'exiting' : 'live';
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Creates `file` with `content` only if it does not exist (O_CREAT | O_EXCL); false if it does. */
function createExclusive(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDir(path.dirname(file));
  return true;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** How long to wait for the holder of a lock that is exiting (killed, not yet reaped). */
const EXITING_WAIT_MS = 2000;

/**
 * Lock file holding the owner's pid and process start time, created with O_EXCL so that of two
 * processes starting together only one gets it. A lock is stale when its process is gone, or when
 * the pid now belongs to another process (pids repeat after a reboot or a container restart),
 * including this one if it does not hold the lock itself, or a zombie (killed, not reaped yet); a
 * lock whose process has a SIGKILL pending is waited for briefly (it is exiting), then taken over.
 *
 * Taking over a stale lock is done under a second exclusive file (`mongod.lock.takeover`): the
 * taker re-reads the lock under it, so two processes that both saw the same stale lock cannot
 * both remove it and each create their own.
 */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'mongod.lock');
  const guard = file + '.takeover';
  const real = fs.realpathSync(dir);
  if (heldHere.has(real)) throw new Error(`data directory ${dir} is already open in this process (${file})`);
  const me = `${process.pid} ${startTimeOf(process.pid) ?? ''}`.trim();
  const deadline = Date.now() + EXITING_WAIT_MS;
  for (;;) {
    if (createExclusive(file, me)) break;
    const content = readText(file);
    if (content === undefined) continue; // removed meanwhile: try again
    const owner = ownerOf(content);
    if (owner === 'live') throw new Error(`data directory ${dir} is locked by running process ${content.split(' ')[0]} (${file})`);
    if (owner === 'exiting') {
      if (Date.now() > deadline) {
        // killed but never reaped (its parent does not wait for it): it cannot write any more
      } else {
        sleepSync(20);
        continue;
      }
    }
    // stale: take it over under the guard
    if (!createExclusive(guard, me)) {
      const g = readText(guard);
      if (g !== undefined && ownerOf(g) === 'live') {
        if (Date.now() > deadline) throw new Error(`could not acquire lock ${file}: ${guard} is held by process ${g}`);
        sleepSync(10);
        continue;
      }
      // a guard left by a process that died during a takeover
      fs.rmSync(guard, { force: true });
      continue;
    }
    try {
      if (readText(file) === content) fs.rmSync(file, { force: true });
    } finally {
      fs.rmSync(guard, { force: true });
    }
  }
  heldHere.add(real);
  return () => {
    heldHere.delete(real);
    try {
      if (readText(file) === me) fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
