/**
 * A checkpoint is written from the files (the previous checkpoint and the log after it) by the
 * checkpoint thread, not from the engine's memory. These tests check that it replays to exactly
 * the state the engine held: every kind of log operation, ids that are equal by value, renames,
 * drops and recreations, transactions; and that a damaged input fails the checkpoint, keeping the
 * old files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EJSON } from 'bson';
import { Decimal128, Double, Long, MongoClient, ObjectId } from 'mongodb';
import type { RunningServer } from '../src/server';
import { tmpDir, withServer as withServerOn } from './helpers';

type Server = RunningServer;

/** Everything the catalog holds, in its order (collections, indexes, documents in natural order). */
function dump(s: Server): unknown[] {
  const out: unknown[] = [];
  for (const coll of s.engine.catalog.collections()) {
    out.push({
      ns: coll.ns,
      options: EJSON.stringify(coll.options, { relaxed: false }),
      uuid: coll.uuid.toHexString(),
      indexes: coll.specs.map((spec) => EJSON.stringify(spec, { relaxed: false })),
      docs: [...coll.docs.entries()].map(([k, d]) => [k, EJSON.stringify(d, { relaxed: false })]),
      liveBytes: coll.liveBytes > 0,
    });
  }
  return out;
}

/** The same, documents sorted by key (for states whose natural order may differ). */
function sorted(d: unknown[]): unknown[] {
  return d.map((c) => {
    const coll = c as { docs: [string, string][] };
    return { ...coll, docs: [...coll.docs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
  });
}

/** No automatic checkpoint: each test decides when one runs. */
const NO_AUTO_CHECKPOINT = { compactMinBytes: 1 << 30, compactRatio: 2 };
const withServer = <T>(dir: string, fn: (c: MongoClient, s: Server) => Promise<T>): Promise<T> => withServerOn(dir, fn, NO_AUTO_CHECKPOINT);

const storeFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => /^(store|checkpoint)/.test(f))
    .sort();

/** A history with every kind of log operation. */
async function history(c: MongoClient): Promise<void> {
  const db = c.db('t');
  await db.createCollection('withOptions', { validator: { n: { $type: 'number' } } });
  await db.createCollection('byView', { viewOn: 'withOptions', pipeline: [{ $match: { n: { $gt: 1 } } }] });
  const w = db.collection<any>('withOptions');
  await w.insertMany(Array.from({ length: 50 }, (_, i) => ({ n: i, s: `é ${i}` })));
  await w.createIndex({ n: 1 }, { unique: true });
  await w.createIndex({ s: 'text' });
  await w.dropIndex('s_text');
  const ids = db.collection<any>('ids');
  // ids equal by value are one document: 1, 1.0 and Long 1; a Decimal128 id; compound ids
  await ids.insertOne({ _id: 1, v: 'int' });
  await ids.replaceOne({ _id: new Double(1) }, { v: 'double' });
  await ids.updateOne({ _id: Long.fromNumber(1) }, { $set: { l: true } });
  await ids.insertOne({ _id: Decimal128.fromString('2.50'), v: 'dec' });
  await ids.updateOne({ _id: 2.5 }, { $set: { hit: true } });
  await ids.insertOne({ _id: { a: 1, b: [1, 2] }, v: 'object' });
  await ids.insertOne({ _id: new Date(5), v: 'date' });
  await ids.insertOne({ _id: 'str', v: 'string' });
  const oid = new ObjectId();
  await ids.insertOne({ _id: oid, v: 'oid' });
  await ids.deleteOne({ _id: 'str' });
  await ids.insertOne({ _id: 'str', v: 'again' });
  await ids.insertOne({ _id: Long.fromString('9007199254740993'), v: 'big long' });
  // churn, deletes
  const churn = db.collection<any>('churn');
  await churn.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: i, v: 0, pad: 'x'.repeat(i % 50) })));
  for (let r = 1; r <= 3; r++) await churn.updateMany({ _id: { $lt: 200 } }, { $set: { v: r } });
  await churn.deleteMany({ _id: { $gte: 250 } });
  // renames (one replacing a target), drop and recreate, a dropped database
  await db.collection<any>('moved').insertMany([{ _id: 'm1' }, { _id: 'm2' }]);
  await db.collection<any>('moved').createIndex({ q: 1 });
  await db.collection<any>('target').insertOne({ _id: 'old target' });
  await c.db('admin').command({ renameCollection: 't.moved', to: 't.target', dropTarget: true });
  await c.db('admin').command({ renameCollection: 't.churn', to: 'u.churn2' });
  await db.collection<any>('recreated').insertOne({ _id: 'first life' });
  await db.collection<any>('recreated').drop();
  await db.collection<any>('recreated').insertOne({ _id: 'second life' });
  await c.db('gone').collection<any>('x').insertOne({ _id: 1 });
  await c.db('gone').dropDatabase();
  // a transaction: one record with several operations
  const session = c.startSession();
  try {
    await session.withTransaction(async () => {
      await ids.insertOne({ _id: 'txn', v: 1 }, { session });
      await ids.updateOne({ _id: oid }, { $set: { inTxn: true } }, { session });
      await c.db('u').collection<any>('churn2').deleteOne({ _id: 3 }, { session });
    });
  } finally {
    await session.endSession();
  }
}

describe('checkpoints written from the files by the checkpoint thread', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const newDir = () => {
    const d = tmpDir('em-ckpt-');
    dirs.push(d);
    return d;
  };

  /**
   * The state a plain replay of the log gives (a copy of the directory, opened without writing a
   * checkpoint): the checkpoint must replay to exactly that, natural order included. The engine's
   * memory holds the same documents (a transaction's update moves a document to the end of the
   * natural order in memory, while a replay keeps it in place, with or without a checkpoint).
   */
  const replayedWithoutCheckpoint = async (dir: string) => {
    const copy = newDir();
    fs.cpSync(dir, copy, { recursive: true });
    return withServer(copy, async (_c, s) => {
      expect(s.engine.compactions).toBe(0);
      return dump(s);
    });
  };

  it('replays to exactly the state the log replays to, after one checkpoint and after a second on top of it', async () => {
    const dir = newDir();
    let inMemory: unknown[] = [];
    await withServer(dir, async (c, s) => {
      await history(c);
      inMemory = sorted(dump(s));
    });
    let replayed = await replayedWithoutCheckpoint(dir);
    expect(sorted(replayed)).toEqual(inMemory);
    await withServer(dir, async (c, s) => {
      await c.db('t').command({ compact: 'ids' });
      expect(s.engine.compactions).toBe(1);
    });
    expect(storeFiles(dir)).toEqual(['checkpoint.1', 'store.1.log']);
    await withServer(dir, async (c, s) => {
      expect(s.engine.recovery.checkpointBytes).toBeGreaterThan(0);
      expect(dump(s)).toEqual(replayed);
      // more history after the checkpoint, then a checkpoint made of checkpoint.1 + store.1.log
      await c
        .db('t')
        .collection<any>('ids')
        .updateOne({ _id: 1 }, { $set: { after: 1 } });
      await c.db('t').collection<any>('target').deleteOne({ _id: 'm1' });
      await c.db('admin').command({ renameCollection: 't.withOptions', to: 't.renamed' });
      inMemory = sorted(dump(s));
    });
    replayed = await replayedWithoutCheckpoint(dir);
    expect(sorted(replayed)).toEqual(inMemory);
    await withServer(dir, (c) => c.db('t').command({ compact: 'ids' }));
    expect(storeFiles(dir)).toEqual(['checkpoint.2', 'store.2.log']);
    await withServer(dir, async (c, s) => {
      expect(dump(s)).toEqual(replayed);
      expect(await c.db('t').collection('byView').countDocuments()).toBe(0); // its source was renamed
      expect(
        await c
          .db('t')
          .collection('renamed')
          .countDocuments({ n: { $gt: 1 } }),
      ).toBe(48);
    });
  });

  it('a damaged input fails the checkpoint and keeps the older files; writes go on, and automatic checkpoints wait before retrying', async () => {
    const dir = newDir();
    await withServer(dir, async (c) => {
      await c
        .db('t')
        .collection<any>('c')
        .insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, pad: 'p'.repeat(200) })));
    });
    // damage a record in the middle of store.log (start-up is not run again before the checkpoint)
    await withServer(dir, async (c, s) => {
      const file = path.join(dir, 'store.log');
      const data = fs.readFileSync(file);
      data[200] ^= 0xff;
      fs.writeFileSync(file, data);
      await expect(c.db('t').command({ compact: 'c' })).rejects.toThrow(/store\.log is corrupt at byte offset 0\b/);
      expect(s.engine.compactions).toBe(0);
      expect(s.engine.lastCompactionError).toMatch(/store\.log is corrupt/);
      // from now on every flush is over the automatic threshold (set after the failure, so no
      // automatic checkpoint could run before the damage)
      Object.assign(s.engine, { minCompact: 1, ratio: 0 });
      const col = c.db('t').collection<any>('c');
      for (let i = 0; i < 30; i++) await col.insertOne({ _id: `after ${i}` });
      await s.engine.compactionSettled();
      expect(await col.countDocuments()).toBe(130);
      expect(s.engine.compactions).toBe(0);
      expect(fs.readdirSync(dir).filter((f) => f.startsWith('checkpoint'))).toEqual([]);
    });
    // the failed attempt opened one segment; no automatic retry opened more
    expect(storeFiles(dir)).toEqual(['store.1.log', 'store.log']);
  });
});
