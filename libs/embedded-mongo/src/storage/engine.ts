/**
 * The storage engine: catalog in memory, every acknowledged change in the write-ahead log.
 *
 * Command handlers mutate through a CollectionView (BaseView for autocommit, TxnView inside a
 * transaction), which records log operations in a WriteUnit; the handler then awaits
 * `engine.persist(unit)` (group-committed fsync) before replying.
 */
import * as fs from 'fs';
import { BSON, Long, UUID } from 'bson';
import { mongoError, ErrorCodes, MongoServerError } from '../errors';
import { compareValues, Doc, formatValue, keyOf, normalize } from '../bson/values';
import { Catalog, Collection } from './catalog';
import { IndexSpec } from './indexes';
import { runPipeline } from '../query/pipeline';
import { acquireLock, encodeParts, LogWriter, serializeOptions } from './wal';
import {
  checkpointFile,
  checkpointTmpFile,
  commitCheckpoint,
  createSegment,
  openStore,
  removeCheckpointsBefore,
  StoreRecovery,
} from './store-files';
import { CheckpointThread } from './checkpoint-thread';

export interface EngineOptions {
  dir: string;
  /** checkpoint when checkpoint + log exceed max(compactMinBytes, compactRatio * live bytes) */
  compactMinBytes?: number;
  compactRatio?: number;
  ttlIntervalMs?: number;
}

interface LogOp {
  rec: Doc;
  coll?: Collection;
}

export class WriteUnit {
  readonly ops: LogOp[] = [];
  push(rec: Doc, coll?: Collection): void {
    this.ops.push({ rec, coll });
  }
}

export interface CollectionView {
  readonly engine: Engine;
  readonly db: string;
  readonly name: string;
  readonly ns: string;
  base(): Collection | undefined;
  candidates(filter: Doc | undefined, hint?: string): Iterable<Doc>;
  /** Documents in sort order from an index (see Collection.orderedBy), or null; absent when unsupported. */
  ordered?(filter: Doc | undefined, sort: [string, 1 | -1 | 'textScore'][], hint?: string): Iterable<Doc> | null;
  getById(id: unknown): Doc | undefined;
  insert(doc: Doc): void;
  replace(oldDoc: Doc, newDoc: Doc): void;
  remove(doc: Doc): void;
  count(): number;
}

export class Engine {
  readonly catalog = new Catalog();
  private writer!: LogWriter;
  private releaseLock!: () => void;
  readonly recovery: StoreRecovery & { ms: number };
  private ttlTimer: NodeJS.Timeout | null = null;
  readonly txns = new Map<string, Txn>();
  /** logical sessions seen (key -> last use), for $listLocalSessions */
  readonly sessions = new Map<string, Date>();
  /** last retryable write per session (txnNumber -> reply), so a retried write is not applied twice */
  readonly retryable = new Map<string, { txnNumber: string; reply: Promise<Doc> }>();
  compactions = 0;
  /** documents examined by queries (index lookups examine only their matches) */
  docsExamined = 0;
  private readonly minCompact: number;
  private readonly ratio: number;

  constructor(readonly opts: EngineOptions) {
    this.catalog.clock.tracking = () => this.activeTxns.size > 0;
    this.minCompact = opts.compactMinBytes ?? 32 * 1024 * 1024;
    this.ratio = opts.compactRatio ?? 2;
    fs.mkdirSync(opts.dir, { recursive: true });
    this.releaseLock = acquireLock(opts.dir);
    try {
      const t0 = Date.now();
      const store = openStore(opts.dir, (ops, sizes) => {
        for (let i = 0; i < ops.length; i++) this.replay(ops[i], sizes[i]);
      });
      this.writer = new LogWriter(store.current, store.older);
      this.checkpointBytes = store.checkpointBytes;
      this.checkpointGen = store.checkpointGen;
      this.writer.onFlushed = () => this.maybeCompact();
      this.recovery = { ...store.info, ms: Date.now() - t0 };
      // a log that grew past the threshold before a crash is checkpointed right away, in the background
      this.maybeCompact();
    } catch (e) {
      this.releaseLock();
      throw e;
    }
    const ttl = opts.ttlIntervalMs ?? 1000;
    if (ttl > 0) {
      this.ttlTimer = setInterval(() => {
        this.expireSessions();
        void this.expireTtl().catch(() => undefined);
      }, ttl);
      this.ttlTimer.unref();
    }
  }

  /** bytes on disk: the checkpoint plus the log segments after it (what start-up reads) */
  get logBytes(): number {
    return this.checkpointBytes + this.writer.bytes;
  }

  /** size of the newest durable checkpoint (0 without one) */
  private checkpointBytes = 0;
  /** generation of the newest durable checkpoint (-1 without one) */
  private checkpointGen = -1;
  /** the thread that writes checkpoints */
  private readonly checkpointThread = new CheckpointThread();

  get flushes(): number {
    return this.writer.flushes;
  }

  /**
   * The longest synchronous step of a checkpoint on the engine's thread (switching to a new log
   * segment); log flushes are never paused by a checkpoint.
   */
  maxCompactionPauseMs = 0;

  // ---- log replay -------------------------------------------------------------------------

  private replay(raw: Doc, size: number): void {
    const op = normalize(raw);
    const c = this.catalog;
    switch (op.o) {
      case 'cc':
        c.create(op.db, op.c, op.opts ?? {}, op.uuid ? new UUID(op.uuid.buffer ?? op.uuid) : new UUID());
        break;
      case 'dc':
        c.drop(op.db, op.c);
        break;
      case 'dd':
        c.dropDatabase(op.db);
        break;
      case 'ci': {
        const coll = c.get(op.db, op.c) ?? c.create(op.db, op.c, {}, new UUID());
        if (!coll.index(op.spec.name)) coll.addIndex(op.spec as IndexSpec, false);
        break;
      }
      case 'di':
        c.get(op.db, op.c)?.dropIndex(op.name);
        break;
      case 'i':
      case 'u': {
        const coll = c.get(op.db, op.c) ?? c.create(op.db, op.c, {}, new UUID());
        coll.applyInsert(op.d, size);
        break;
      }
      case 'r': {
        const coll = c.get(op.db, op.c);
        const d = coll?.docs.get(keyOf(op.id));
        if (coll && d) coll.applyDelete(d);
        break;
      }
      case 'rn': {
        const coll = c.get(op.db, op.c);
        if (coll) this.moveCollection(coll, op.tdb, op.tc);
        break;
      }
    }
  }

  moveCollection(coll: Collection, tdb: string, tc: string): Collection {
    this.catalog.drop(coll.db, coll.name);
    this.catalog.drop(tdb, tc);
    const n = this.catalog.create(tdb, tc, coll.options, coll.uuid);
    for (const ix of coll.indexes) n.addIndex(ix.spec, false);
    for (const [id, d] of coll.docs) n.applyInsert(d, coll.sizes.get(id) ?? 0);
    return n;
  }

  // ---- persistence ------------------------------------------------------------------------

  /** Writes the unit's operations as one record and resolves once it is fsynced. */
  persist(unit: WriteUnit): Promise<void> {
    if (!unit.ops.length) return Promise.resolve();
    const parts: Uint8Array[] = [];
    for (const { rec, coll } of unit.ops) {
      const b = BSON.serialize(rec, serializeOptions);
      parts.push(b);
      if (coll && (rec.o === 'i' || rec.o === 'u')) coll.noteSize(keyOf(rec.d._id), b.length);
    }
    unit.ops.length = 0;
    return this.writer.append(encodeParts(parts));
  }

  /** the compaction running now, and the one requested while it runs (at most one waits) */
  private compactionRunning: Promise<void> | null = null;
  private compactionQueued: Promise<void> | null = null;
  lastCompactionMs = 0;

  /**
   * After a failed checkpoint (a damaged input, a full disk), automatic checkpoints wait this
   * long: each attempt opens a new log segment, so retrying at every flush would fill the
   * directory with them. The `compact` command still tries at once (and answers the error).
   */
  static readonly RETRY_FAILED_CHECKPOINT_MS = 60_000;
  private autoCheckpointAfter = 0;
  /** the error of the last checkpoint, if it failed */
  lastCompactionError: string | null = null;

  private maybeCompact(): void {
    if (this.compactionRunning || this.compactionQueued || this.closing) return;
    if (Date.now() < this.autoCheckpointAfter) return;
    const live = this.catalog.liveBytes;
    if (this.logBytes < Math.max(this.minCompact, this.ratio * live)) return;
    this.compact().catch(() => undefined);
  }

  /** Resolves when no compaction is running or waiting. */
  async compactionSettled(): Promise<void> {
    for (;;) {
      const p = this.compactionQueued ?? this.compactionRunning;
      if (!p) return;
      await p.catch(() => undefined);
    }
  }

  /**
   * Rewrites the log as a snapshot of the live data. Every compaction (automatic or the `compact`
   * command) goes through here, so they never overlap: a request made while one runs is served by
   * the next one, which starts after it (so everything deleted before the request is gone from
   * disk once it resolves); requests made meanwhile share that next one.
   */
  compact(): Promise<void> {
    if (this.closing) return Promise.reject(new Error('store is closing'));
    if (this.compactionQueued) return this.compactionQueued;
    if (!this.compactionRunning) return this.startCompaction();
    const queued: Promise<void> = this.compactionRunning
      .catch(() => undefined)
      .then(() => {
        this.compactionQueued = null;
        return this.startCompaction();
      });
    this.compactionQueued = queued;
    return queued;
  }

  private startCompaction(): Promise<void> {
    const running: Promise<void> = this.runCompaction()
      .then(
        () => {
          this.lastCompactionError = null;
          this.autoCheckpointAfter = 0;
        },
        (e: unknown) => {
          this.lastCompactionError = (e as Error).message;
          this.autoCheckpointAfter = Date.now() + Engine.RETRY_FAILED_CHECKPOINT_MS;
          throw e;
        },
      )
      .finally(() => {
        if (this.compactionRunning === running) this.compactionRunning = null;
        // writes that arrived during a slow compaction (a loaded machine) may already have grown
        // the new log past the threshold, and no later flush may come to notice: look again now
        this.maybeCompact();
      });
    this.compactionRunning = running;
    return running;
  }

  /**
   * Writes a checkpoint (compaction): switches the log to a new, empty segment, in one synchronous
   * step; every record queued before the switch goes to the older segments, every later one to the
   * new segment. Once the older segments are on disk, the checkpoint thread reads the previous
   * checkpoint and those segments and writes `checkpoint.<gen>.tmp` from them (compact-files.ts):
   * the state they replay to, which is the state at the switch. The file is fsynced and renamed,
   * the directory fsynced; then the older checkpoint and segments are deleted. The engine's thread
   * does none of the reading, encoding or writing: writers keep appending to the new segment and
   * never wait for a checkpoint.
   */
  private async runCompaction(): Promise<void> {
    const t0 = Date.now();
    const dir = this.opts.dir;
    const gen = this.writer.generation + 1;
    const segment = await createSegment(dir, gen);
    const sync0 = performance.now();
    const before = this.writer.rotate(segment);
    const inputs = this.writer.segmentFilesBefore(gen);
    if (this.checkpointGen >= 0) inputs.unshift(checkpointFile(dir, this.checkpointGen));
    this.maxCompactionPauseMs = Math.max(this.maxCompactionPauseMs, performance.now() - sync0);
    const tmp = checkpointTmpFile(dir, gen);
    try {
      // the checkpoint is made from the older segments: every record queued to them is on disk first
      await this.writer.waitWritten(before);
      const result = await this.checkpointThread.run({ inputs, out: tmp });
      await commitCheckpoint(dir, gen, tmp);
      this.checkpointBytes = result.bytes;
      this.checkpointGen = gen;
    } catch (e) {
      // the older checkpoint and segments stay: nothing is lost, the next start-up replays them
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
    this.writer.retireBefore(gen);
    await removeCheckpointsBefore(dir, gen);
    this.compactions++;
    this.lastCompactionMs = Date.now() - t0;
  }

  private closing = false;

  async close(): Promise<void> {
    this.closing = true;
    if (this.ttlTimer) clearInterval(this.ttlTimer);
    await this.compactionSettled();
    await this.checkpointThread.close();
    await this.writer.close();
    this.releaseLock();
  }

  // ---- catalog operations -----------------------------------------------------------------

  createCollection(db: string, name: string, options: Doc, unit: WriteUnit): Collection {
    validateNs(db, name);
    const uuid = new UUID();
    const coll = this.catalog.create(db, name, options, uuid);
    unit.push({ o: 'cc', db, c: name, opts: options, uuid });
    return coll;
  }

  ensureCollection(db: string, name: string, unit: WriteUnit): Collection {
    return this.catalog.get(db, name) ?? this.createCollection(db, name, {}, unit);
  }

  dropCollection(db: string, name: string, unit: WriteUnit): boolean {
    const had = this.catalog.drop(db, name);
    if (had) unit.push({ o: 'dc', db, c: name });
    return had;
  }

  dropDatabase(db: string, unit: WriteUnit): void {
    if (this.catalog.dbs.has(db)) {
      this.catalog.dropDatabase(db);
      unit.push({ o: 'dd', db });
    }
  }

  /** Open transactions; while there are any, collections keep replaced versions for snapshots. */
  private readonly activeTxns = new Set<Txn>();

  beginTxn(sessionKey: string, txnNumber: Long): Txn {
    const t = new Txn(sessionKey, txnNumber, this.catalog.clock.seq, (ended) => {
      this.activeTxns.delete(ended);
      if (!this.activeTxns.size) for (const c of this.catalog.collections()) c.history.clear();
    });
    this.activeTxns.add(t);
    return t;
  }

  view(db: string, name: string, unit: WriteUnit, txn?: Txn): CollectionView {
    const c = this.catalog.get(db, name);
    if (c && typeof c.options.viewOn === 'string') return new ViewView(this, db, name, unit, txn);
    return txn ? new TxnView(this, txn, db, name, unit) : new BaseView(this, db, name, unit);
  }

  // ---- TTL ----------------------------------------------------------------------------------

  /** Forgets sessions idle longer than logicalSessionTimeoutMinutes (30), like the server. */
  expireSessions(now = Date.now(), idleMs = 30 * 60_000): void {
    // abort transactions past their lifetime, which also releases the versions kept for them
    for (const t of this.txns.values()) t.expire(now);
    for (const [key, lastUse] of this.sessions) {
      if (now - lastUse.getTime() <= idleMs) continue;
      this.sessions.delete(key);
      this.retryable.delete(key);
      const t = this.txns.get(key);
      if (t) {
        t.state = t.state === 'active' ? 'aborted' : t.state;
        t.overlays.clear();
        this.txns.delete(key);
      }
    }
  }

  async expireTtl(now = Date.now()): Promise<number> {
    const unit = new WriteUnit();
    let n = 0;
    for (const coll of [...this.catalog.collections()]) {
      for (const ix of coll.indexes) {
        if (ix.spec.expireAfterSeconds === undefined || ix.fields.length !== 1) continue;
        const cutoff = now - ix.spec.expireAfterSeconds * 1000;
        const expired = new Set<string>();
        for (const e of ix.scanFrom({ value: new Date(-8.64e15), inclusive: true })) {
          const v = e.k[0];
          if (!(v instanceof Date)) break;
          if (v.getTime() > cutoff) break;
          expired.add(e.id);
        }
        for (const id of expired) {
          const d = coll.docs.get(id);
          if (!d) continue;
          coll.applyDelete(d);
          unit.push({ o: 'r', db: coll.db, c: coll.name, id: d._id });
          n++;
        }
      }
    }
    await this.persist(unit);
    return n;
  }

  // ---- transactions -------------------------------------------------------------------------

  /** Applies a transaction's changes atomically (all or nothing) and logs them as one record. */
  commit(txn: Txn): Promise<void> {
    const unit = new WriteUnit();
    // 1. conflict detection: every touched document must still be the version the txn saw
    for (const [ns, overlay] of txn.overlays) {
      const coll = this.collByNs(ns);
      for (const [id, e] of overlay) {
        const cur = coll?.docs.get(id);
        if (cur !== e.base) throw writeConflict();
      }
    }
    // 2. remove old versions, then insert new versions, undoing everything on a violation
    const removed: [Collection, Doc][] = [];
    const inserted: [Collection, Doc][] = [];
    try {
      for (const [ns, overlay] of txn.overlays) {
        const coll = this.collByNs(ns);
        if (!coll) continue;
        for (const e of overlay.values()) {
          if (e.base) {
            coll.applyDelete(e.base);
            removed.push([coll, e.base]);
          }
        }
      }
      for (const [ns, overlay] of txn.overlays) {
        const [db, ...rest] = ns.split('.');
        const coll = this.collByNs(ns) ?? this.ensureCollection(db, rest.join('.'), unit);
        for (const e of overlay.values()) {
          if (e.doc) {
            coll.checkInsert(e.doc);
            coll.applyInsert(e.doc, 0);
            inserted.push([coll, e.doc]);
            unit.push({ o: e.base ? 'u' : 'i', db: coll.db, c: coll.name, d: e.doc }, coll);
          } else if (e.base) {
            unit.push({ o: 'r', db: coll.db, c: coll.name, id: e.base._id });
          }
        }
      }
    } catch (err) {
      for (const [c, d] of inserted.reverse()) c.applyDelete(d);
      for (const [c, d] of removed.reverse()) c.applyInsert(d, 0);
      throw err;
    }
    txn.overlays.clear();
    return this.persist(unit);
  }

  collByNs(ns: string): Collection | undefined {
    const i = ns.indexOf('.');
    return this.catalog.get(ns.slice(0, i), ns.slice(i + 1));
  }
}

function writeConflict(): MongoServerError {
  return new MongoServerError(
    ErrorCodes.WriteConflict,
    'WriteConflict',
    'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.',
    {},
    ['TransientTransactionError'],
  );
}

export function validateNs(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw mongoError(ErrorCodes.InvalidNamespace, `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.startsWith('.') || name.includes('\0')) {
    throw mongoError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}

class BaseView implements CollectionView {
  constructor(
    readonly engine: Engine,
    readonly db: string,
    readonly name: string,
    private readonly unit: WriteUnit,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  base(): Collection | undefined {
    return this.engine.catalog.get(this.db, this.name);
  }

  candidates(filter: Doc | undefined, hint?: string): Iterable<Doc> {
    return this.base()?.candidates(filter, hint) ?? [];
  }

  ordered(filter: Doc | undefined, sort: [string, 1 | -1 | 'textScore'][], hint?: string): Iterable<Doc> | null {
    return this.base()?.orderedBy(filter, sort, hint) ?? null;
  }

  getById(id: unknown): Doc | undefined {
    return this.base()?.docs.get(keyOf(id));
  }

  insert(doc: Doc): void {
    const coll = this.engine.ensureCollection(this.db, this.name, this.unit);
    coll.checkInsert(doc);
    coll.applyInsert(doc, 0);
    this.unit.push({ o: 'i', db: this.db, c: this.name, d: doc }, coll);
  }

  replace(oldDoc: Doc, newDoc: Doc): void {
    const coll = this.base()!;
    coll.checkReplace(newDoc);
    coll.applyReplace(oldDoc, newDoc, 0);
    this.unit.push({ o: 'u', db: this.db, c: this.name, d: newDoc }, coll);
  }

  remove(doc: Doc): void {
    const coll = this.base();
    if (!coll) return;
    coll.applyDelete(doc);
    this.unit.push({ o: 'r', db: this.db, c: this.name, id: doc._id });
  }

  count(): number {
    return this.base()?.docs.size ?? 0;
  }
}

interface OverlayEntry {
  doc: Doc | null;
  base: Doc | undefined;
}

/** MongoDB's transactionLifetimeLimitSeconds default: older open transactions are aborted. */
export const TXN_LIFETIME_MS = 60_000;

export class Txn {
  readonly overlays = new Map<string, Map<string, OverlayEntry>>();
  private current: 'active' | 'committed' | 'aborted' = 'active';
  /** set by commitTransaction: resolves once the commit's log record is durable */
  commitDurable: Promise<void> | null = null;
  readonly startedAt = Date.now();

  get state(): 'active' | 'committed' | 'aborted' {
    return this.current;
  }

  set state(v: 'active' | 'committed' | 'aborted') {
    this.current = v;
    if (v !== 'active') this.onEnd?.(this);
  }

  /** Aborts the transaction if it outlived the lifetime limit; true if it is (now) aborted. */
  expire(now = Date.now()): boolean {
    if (this.state === 'active' && now - this.startedAt > TXN_LIFETIME_MS) {
      this.state = 'aborted';
      this.overlays.clear();
    }
    return this.state === 'aborted';
  }
  constructor(
    readonly sessionKey: string,
    readonly txnNumber: Long,
    /** commit clock value the transaction reads from */
    readonly snapshot = 0,
    private readonly onEnd?: (t: Txn) => void,
  ) {}

  overlay(ns: string): Map<string, OverlayEntry> {
    let m = this.overlays.get(ns);
    if (!m) this.overlays.set(ns, (m = new Map()));
    return m;
  }
}

class TxnView implements CollectionView {
  constructor(
    readonly engine: Engine,
    private readonly txn: Txn,
    readonly db: string,
    readonly name: string,
    private readonly unit: WriteUnit,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  base(): Collection | undefined {
    return this.engine.catalog.get(this.db, this.name);
  }

  private get ov(): Map<string, OverlayEntry> {
    return this.txn.overlay(this.ns);
  }

  /** Whether documents of the collection changed after this transaction's snapshot. */
  private changedSinceSnapshot(coll: Collection): boolean {
    if (!coll.history.size) return false;
    for (const h of coll.history.values()) if (h[h.length - 1].seq > this.txn.snapshot) return true;
    return false;
  }

  /** The version of a document the snapshot sees (the first change after it tells what it replaced). */
  private visible(coll: Collection, id: string, current: Doc | undefined): Doc | undefined {
    const h = coll.history.get(id);
    if (h) for (const v of h) if (v.seq > this.txn.snapshot) return v.before;
    return current;
  }

  /** Base documents as of the snapshot (a scan: indexes describe the current versions). */
  private snapshotDocs(coll: Collection): Doc[] {
    const out: Doc[] = [];
    for (const [id, d] of coll.docs) {
      const v = this.visible(coll, id, d);
      if (v) out.push(v);
    }
    for (const id of coll.history.keys()) {
      if (coll.docs.has(id)) continue;
      const v = this.visible(coll, id, undefined);
      if (v) out.push(v);
    }
    return out;
  }

  candidates(filter: Doc | undefined, hint?: string): Iterable<Doc> {
    const ov = this.txn.overlays.get(this.ns);
    const coll = this.base();
    const base = !coll ? [] : this.changedSinceSnapshot(coll) ? this.snapshotDocs(coll) : coll.candidates(filter, hint);
    if (!ov || !ov.size) return base;
    const out: Doc[] = [];
    for (const d of base) if (!ov.has(keyOf(d._id))) out.push(d);
    for (const e of ov.values()) if (e.doc) out.push(e.doc);
    return out;
  }

  getById(id: unknown): Doc | undefined {
    const k = keyOf(id);
    const e = this.txn.overlays.get(this.ns)?.get(k);
    if (e) return e.doc ?? undefined;
    const coll = this.base();
    return coll ? this.visible(coll, k, coll.docs.get(k)) : undefined;
  }

  private check(doc: Doc, isInsert: boolean): void {
    const coll = this.base();
    const ov = this.ov;
    const id = keyOf(doc._id);
    if (isInsert && this.getById(doc._id)) {
      // reuse the base error shape
      const probe = coll ?? this.engine.catalog.get(this.db, this.name);
      if (probe) probe.checkInsert(doc, (x) => ov.has(x) && x !== id);
      throw mongoError(
        ErrorCodes.DuplicateKey,
        `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${formatValue(doc._id)} }`,
        { keyPattern: { _id: 1 }, keyValue: { _id: doc._id } },
      );
    }
    if (!coll) return;
    coll.checkReplace(doc, (x) => ov.has(x));
    for (const ix of coll.indexes) {
      if (!ix.unique) continue;
      const keys = ix.keysFor(doc);
      if (!keys) continue;
      for (const [oid, e] of ov) {
        if (oid === id || !e.doc) continue;
        const other = ix.keysFor(e.doc);
        if (!other) continue;
        for (const k of keys) if (other.some((o) => compareValues(o, k) === 0)) throw ix.dupError(this.ns, k);
      }
    }
  }

  private touch(id: string, doc: Doc | null): void {
    const ov = this.ov;
    const e = ov.get(id);
    if (!e) {
      // a document changed after our snapshot, or written by another open transaction, is a
      // write conflict now, as on the server
      const h = this.base()?.history.get(id);
      if (h && h[h.length - 1].seq > this.txn.snapshot) throw writeConflict();
      for (const other of this.engine.txns.values()) {
        if (other !== this.txn && !other.expire() && other.state === 'active' && other.overlays.get(this.ns)?.has(id))
          throw writeConflict();
      }
    }
    if (e) e.doc = doc;
    else ov.set(id, { doc, base: this.base()?.docs.get(id) });
  }

  insert(doc: Doc): void {
    this.engine.ensureCollection(this.db, this.name, this.unit);
    this.check(doc, true);
    this.touch(keyOf(doc._id), doc);
  }

  replace(_old: Doc, newDoc: Doc): void {
    this.check(newDoc, false);
    this.touch(keyOf(newDoc._id), newDoc);
  }

  remove(doc: Doc): void {
    this.touch(keyOf(doc._id), null);
  }

  count(): number {
    const coll = this.base();
    if (coll && this.changedSinceSnapshot(coll)) return [...this.candidates(undefined)].length;
    let n = coll?.docs.size ?? 0;
    const ov = this.txn.overlays.get(this.ns);
    if (ov) {
      for (const [id, e] of ov) {
        const inBase = !!this.base()?.docs.has(id);
        if (inBase && !e.doc) n--;
        if (!inBase && e.doc) n++;
      }
    }
    return n;
  }
}

/** A read-only view: its documents are the result of its pipeline over the source collection. */
class ViewView implements CollectionView {
  constructor(
    readonly engine: Engine,
    readonly db: string,
    readonly name: string,
    private readonly unit: WriteUnit,
    private readonly txn?: Txn,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  base(): Collection | undefined {
    return this.engine.catalog.get(this.db, this.name);
  }

  candidates(): Iterable<Doc> {
    const opts = this.base()?.options ?? {};
    const source = this.engine.view(this.db, String(opts.viewOn), this.unit, this.txn);
    const pipeline = Array.isArray(opts.pipeline) ? (opts.pipeline as Doc[]) : [];
    return runPipeline([...source.candidates(undefined)], pipeline, {
      resolve: (coll: string) => [...this.engine.view(this.db, coll, this.unit, this.txn).candidates(undefined)],
    });
  }

  getById(id: unknown): Doc | undefined {
    const k = keyOf(id);
    for (const d of this.candidates()) if (keyOf(d._id) === k) return d;
    return undefined;
  }

  private readOnly(): never {
    throw mongoError(166, `Namespace ${this.ns} is a view, not a collection`);
  }

  insert(): void {
    this.readOnly();
  }

  replace(): void {
    this.readOnly();
  }

  remove(): void {
    this.readOnly();
  }

  count(): number {
    return [...this.candidates()].length;
  }
}
