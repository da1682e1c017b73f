/**
 * Writes a checkpoint from files, not from memory: reads the previous checkpoint and the log
 * segments after it (all complete and on disk), keeps the last version of every live document, and
 * writes the result in the log's record format. It runs in the checkpoint worker thread
 * (checkpoint-worker.ts), so the engine's thread only switches the log to a new segment.
 *
 * The result must replay to exactly the state that replaying its inputs gives, so the operations
 * are applied here with the same rules as Engine.replay: a collection is created by `cc` (or
 * implicitly, with no options, by `ci`, `i` or `u`) and kept if it exists; `ci` adds an index whose
 * name is new; `i` and `u` store a version under the key of its `_id` (keyOf of the normalised
 * value, so 1 and 1.0 are one document); `r` deletes by key; `rn` moves a collection with its
 * options, uuid, indexes and documents, replacing the target. Document bodies are copied as the
 * bytes the log holds, never decoded and re-encoded.
 */
import * as fs from 'fs';
import { BSON, UUID } from 'bson';
import { Doc, keyOf, normalize } from '../bson/values';
import { deserializeOptions, HEADER_BYTES, LogCorruptionError, sealRecord, serializeOptions, scanRawRecords } from './wal';

export interface CompactJob {
  /** the previous checkpoint (if any), then the log segments after it, in generation order */
  inputs: string[];
  /** the temporary file to create (O_EXCL) and fill; fsynced and closed on success */
  out: string;
  /** fdatasync after this many bytes, so no flush of the log waits behind a large one (default 512 KB) */
  syncEvery?: number;
  /**
   * After each fdatasync, pause this many times as long as it took (default 1: the checkpoint
   * keeps the disk busy at most half of the time, and log flushes find it idle in between)
   */
  ioPause?: number;
}

export interface CompactResult {
  bytes: number;
  collections: number;
  documents: number;
  /** operations read from the inputs */
  opsRead: number;
}

interface CollState {
  opts: unknown;
  uuid: unknown;
  indexes: Map<string, Doc>;
  /** key of _id -> the document's BSON bytes */
  docs: Map<string, Buffer>;
}

const T_STRING = 0x02;
const T_DOC = 0x03;

/** Offset just past the NUL ending the C string at `p`. */
function cstringEnd(b: Buffer, p: number): number {
  const z = b.indexOf(0, p);
  if (z < 0) throw new Error('malformed BSON: unterminated name');
  return z + 1;
}

/** Size of the value of a BSON element of type `t` at `p`, or -1 for types the fast path leaves to the decoder. */
function valueSize(b: Buffer, t: number, p: number): number {
  switch (t) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
      return 4 + b.readInt32LE(p);
    case 0x03: // document
    case 0x04: // array
      return b.readInt32LE(p);
    case 0x05: // binary
      return 5 + b.readInt32LE(p);
    case 0x07: // ObjectId
      return 12;
    case 0x08: // bool
      return 1;
    case 0x0a: // null
    case 0xff: // MinKey
    case 0x7f: // MaxKey
      return 0;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      return -1;
  }
}

/** The key of a document's _id read from its bytes (the decoder does the value itself). */
function idKeyOf(doc: Buffer): string {
  // the fast path: _id is the first field (as drivers and the engine write it)
  const t = doc[4];
  const nameEnd = cstringEnd(doc, 5);
  if (nameEnd === 9 && doc.toString('latin1', 5, 8) === '_id') {
    const size = valueSize(doc, t, nameEnd);
    if (size >= 0) {
      const elem = doc.subarray(4, nameEnd + size);
      const one = Buffer.allocUnsafe(elem.length + 5);
      one.writeInt32LE(one.length, 0);
      elem.copy(one, 4);
      one[one.length - 1] = 0;
      return keyOf(normalize(BSON.deserialize(one, deserializeOptions)._id));
    }
  }
  return keyOf(normalize(BSON.deserialize(doc, deserializeOptions)._id));
}

/**
 * Reads an `i` / `u` operation `{o, db, c, d}` without decoding the document: its string fields
 * and the bytes of `d`. Null when the layout is another one (then the caller decodes it).
 */
function readDocOp(op: Buffer): { o: string; db: string; c: string; d: Buffer } | null {
  const f: Record<string, string> = {};
  let d: Buffer | null = null;
  let p = 4;
  const end = op.length - 1;
  while (p < end) {
    const t = op[p];
    const ne = cstringEnd(op, p + 1);
    const name = op.toString('utf8', p + 1, ne - 1);
    if (t === T_STRING) {
      const len = op.readInt32LE(ne);
      f[name] = op.toString('utf8', ne + 4, ne + 4 + len - 1);
      p = ne + 4 + len;
    } else if (t === T_DOC && name === 'd') {
      const len = op.readInt32LE(ne);
      d = op.subarray(ne, ne + len);
      p = ne + len;
    } else return null;
  }
  if (!d || f.o === undefined || f.db === undefined || f.c === undefined) return null;
  return { o: f.o, db: f.db, c: f.c, d };
}

/** The first string field `o` of an operation, without decoding the rest. */
function opKind(op: Buffer): string | null {
  if (op[4] !== T_STRING || op[5] !== 0x6f /* o */ || op[6] !== 0) return null;
  const len = op.readInt32LE(7);
  return op.toString('utf8', 11, 11 + len - 1);
}

class Store {
  readonly dbs = new Map<string, Map<string, CollState>>();

  get(db: string, c: string): CollState | undefined {
    return this.dbs.get(db)?.get(c);
  }

  create(db: string, c: string, opts: unknown, uuid: unknown): CollState {
    let m = this.dbs.get(db);
    if (!m) this.dbs.set(db, (m = new Map()));
    let s = m.get(c);
    if (!s) m.set(c, (s = { opts, uuid, indexes: new Map(), docs: new Map() }));
    return s;
  }

  drop(db: string, c: string): void {
    const m = this.dbs.get(db);
    if (!m) return;
    m.delete(c);
    if (!m.size) this.dbs.delete(db);
  }

  /** An operation, as Engine.replay applies it. */
  apply(raw: Buffer): void {
    const kind = opKind(raw);
    if (kind === 'i' || kind === 'u') {
      const fast = readDocOp(raw);
      if (fast) {
        const s = this.get(fast.db, fast.c) ?? this.create(fast.db, fast.c, {}, new UUID());
        s.docs.set(idKeyOf(fast.d), Buffer.from(fast.d));
        return;
      }
    }
    const op = normalize(BSON.deserialize(raw, deserializeOptions)) as Doc;
    switch (op.o) {
      case 'cc':
        this.create(op.db, op.c, op.opts ?? {}, op.uuid ?? new UUID());
        break;
      case 'dc':
        this.drop(op.db, op.c);
        break;
      case 'dd':
        this.dbs.delete(op.db);
        break;
      case 'ci': {
        const s = this.get(op.db, op.c) ?? this.create(op.db, op.c, {}, new UUID());
        if (!s.indexes.has(op.spec.name)) s.indexes.set(op.spec.name, op.spec);
        break;
      }
      case 'di':
        this.get(op.db, op.c)?.indexes.delete(op.name);
        break;
      case 'i':
      case 'u': {
        const s = this.get(op.db, op.c) ?? this.create(op.db, op.c, {}, new UUID());
        s.docs.set(keyOf(op.d._id), Buffer.from(BSON.serialize(op.d, serializeOptions)));
        break;
      }
      case 'r':
        this.get(op.db, op.c)?.docs.delete(keyOf(op.id));
        break;
      case 'rn': {
        const s = this.get(op.db, op.c);
        if (!s) break;
        this.drop(op.db, op.c);
        this.drop(op.tdb, op.tc);
        let m = this.dbs.get(op.tdb);
        if (!m) this.dbs.set(op.tdb, (m = new Map()));
        m.set(op.tc, s);
        break;
      }
    }
  }
}

/** Buffered, checksummed records written to a file, fdatasynced every `syncEvery` bytes. */
class RecordFile {
  private readonly buf = Buffer.allocUnsafe(1 << 21);
  private recStart = 0;
  private used = HEADER_BYTES;
  private synced = 0;
  size = 0;

  constructor(
    private readonly fd: number,
    private readonly syncEvery: number,
    private readonly ioPause: number,
  ) {}

  /** Appends one operation (its BSON bytes written by `fill` at the given offset, `len` bytes). */
  add(len: number, fill: (buf: Buffer, at: number) => void): void {
    if (this.used - this.recStart > 1 << 17) this.seal();
    if (this.used + len > this.buf.length) {
      this.flush();
      if (HEADER_BYTES + len > this.buf.length) {
        // larger than the buffer: a record of its own
        const rec = Buffer.allocUnsafe(HEADER_BYTES + len);
        fill(rec, HEADER_BYTES);
        this.writeOut(sealRecord(rec, rec.length, 0));
        return;
      }
    }
    fill(this.buf, this.used);
    this.used += len;
  }

  seal(): void {
    if (this.used === this.recStart + HEADER_BYTES) return;
    sealRecord(this.buf, this.used, this.recStart);
    this.recStart = this.used;
    this.used += HEADER_BYTES;
  }

  flush(): void {
    this.seal();
    if (this.recStart === 0) return;
    this.writeOut(this.buf.subarray(0, this.recStart));
    this.recStart = 0;
    this.used = HEADER_BYTES;
  }

  private writeOut(b: Buffer): void {
    let off = 0;
    while (off < b.length) off += fs.writeSync(this.fd, b, off, b.length - off, this.size + off);
    this.size += b.length;
    if (this.size - this.synced >= this.syncEvery) {
      const t0 = performance.now();
      fs.fdatasyncSync(this.fd);
      this.synced = this.size;
      const pause = Math.min(1000, (performance.now() - t0) * this.ioPause);
      // this thread has nothing else to do: a plain sleep
      if (pause >= 1) Atomics.wait(sleeper, 0, 0, pause);
    }
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function cstring(s: string): Buffer {
  if (s.includes('\0')) throw new Error(`name holds a NUL: ${JSON.stringify(s)}`);
  return Buffer.from(s + '\0', 'utf8');
}

function stringElement(name: string, value: string): Buffer {
  const v = Buffer.from(value, 'utf8');
  const out = Buffer.allocUnsafe(1 + Buffer.byteLength(name) + 1 + 4 + v.length + 1);
  let p = 0;
  out[p++] = T_STRING;
  p += cstring(name).copy(out, p);
  out.writeInt32LE(v.length + 1, p);
  p += 4;
  p += v.copy(out, p);
  out[p] = 0;
  return out;
}

/** Runs a compaction job (synchronously: it runs on the checkpoint worker's own thread). */
export function compactFiles(job: CompactJob): CompactResult {
  const store = new Store();
  let opsRead = 0;
  for (const file of job.inputs) {
    const res = scanRawRecords(file, (payload) => {
      for (let p = 0; p < payload.length;) {
        const dl = payload.readInt32LE(p);
        store.apply(payload.subarray(p, p + dl));
        opsRead++;
        p += dl;
      }
    });
    if (res.corruption) throw res.corruption;
    // inputs are complete: a torn tail was cut at start-up, and later writes finished before the job
    if (res.info.truncatedBytes) throw new LogCorruptionError(file, res.end, 'damaged record', -1, 'it is in a complete file');
  }

  const fd = fs.openSync(job.out, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o644);
  let collections = 0;
  let documents = 0;
  try {
    const out = new RecordFile(fd, job.syncEvery ?? 512 << 10, job.ioPause ?? 1);
    const addDoc = (d: Doc) => {
      const b = BSON.serialize(d, serializeOptions);
      out.add(b.length, (buf, at) => buf.set(b, at));
    };
    for (const [db, colls] of store.dbs) {
      for (const [c, s] of colls) {
        collections++;
        addDoc({ o: 'cc', db, c, opts: s.opts, uuid: s.uuid });
        for (const spec of s.indexes.values()) addDoc({ o: 'ci', db, c, spec });
        out.seal();
        // every document of the collection shares the fields before `d`
        const head = Buffer.concat([
          stringElement('o', 'i'),
          stringElement('db', db),
          stringElement('c', c),
          Buffer.from([T_DOC, 0x64, 0]),
        ]);
        for (const d of s.docs.values()) {
          const len = 4 + head.length + d.length + 1;
          out.add(len, (buf, at) => {
            buf.writeInt32LE(len, at);
            head.copy(buf, at + 4);
            d.copy(buf, at + 4 + head.length);
            buf[at + len - 1] = 0;
          });
          documents++;
        }
        out.seal();
      }
    }
    out.flush();
    fs.fsyncSync(fd);
    return { bytes: out.size, collections, documents, opsRead };
  } finally {
    fs.closeSync(fd);
  }
}
