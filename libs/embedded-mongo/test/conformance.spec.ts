/**
 * Conformance suite: the official driver (and mongoose) against the engine over TCP, checking
 * MongoDB's documented behaviour. With MONGODB_URI set it runs against that server instead,
 * so every expectation here can be checked against a real MongoDB.
 */
import * as net from 'net';
import {
  Binary,
  BSON,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  MongoServerError,
  ObjectId,
  Db,
  Timestamp,
} from 'mongodb';
import { startTarget, TestTarget, uniqueDbName, REAL_URI } from './helpers';

type Doc = Record<string, any>;

const engineOnly = REAL_URI ? it.skip : it;

describe('conformance (driver over TCP)', () => {
  let target: TestTarget;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    target = await startTarget({ ttlIntervalMs: 200 });
    client = new MongoClient(target.uri);
    await client.connect();
    db = client.db(uniqueDbName('conf'));
  });

  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await target.stop();
  });

  const coll = (name: string) => db.collection<any>(name);

  describe('handshake and admin commands', () => {
    it('answers hello as a writable one-node replica set primary', async () => {
      const h = await db.admin().command({ hello: 1 });
      expect(h.ok).toBe(1);
      expect(h.isWritablePrimary).toBe(true);
      expect(h.maxWireVersion).toBeGreaterThanOrEqual(21);
      expect(h.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
      expect(typeof h.setName).toBe('string');
      expect(h.hosts.length).toBe(1);
      expect(h.maxBsonObjectSize).toBe(16 * 1024 * 1024);
      expect(h.maxMessageSizeBytes).toBeGreaterThan(16 * 1024 * 1024);
      expect(h.connectionId).toBeDefined();
    });

    it('ping, buildInfo, serverStatus, listDatabases', async () => {
      expect((await db.admin().ping()).ok).toBe(1);
      const b = await db.admin().buildInfo();
      expect(b.versionArray[0]).toBeGreaterThanOrEqual(7);
      const s = await db.admin().serverStatus();
      expect(s.ok).toBe(1);
      expect(typeof s.uptime).toBe('number');
      await coll('ld').insertOne({ a: 1 });
      const l = await db.admin().listDatabases();
      expect(l.databases.map((d) => d.name)).toContain(db.databaseName);
    });

    it('answers an unknown command with CommandNotFound (59)', async () => {
      await expect(db.command({ noSuchCommandHere: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
      expect((await db.admin().ping()).ok).toBe(1);
    });
  });

  describe('wire protocol robustness', () => {
    function rawExchange(bytes: Buffer, waitMs = 300): Promise<{ closed: boolean; data: Buffer }> {
      const url = new URL(target.uri);
      return new Promise((resolve) => {
        const sock = net.connect(Number(url.port), url.hostname);
        const chunks: Buffer[] = [];
        let closed = false;
        sock.on('data', (d) => chunks.push(d));
        sock.on('close', () => {
          closed = true;
        });
        sock.on('error', () => undefined);
        sock.on('connect', () => sock.write(bytes));
        setTimeout(() => {
          resolve({ closed, data: Buffer.concat(chunks) });
          sock.destroy();
        }, waitMs);
      });
    }

    function opMsg(doc: Doc, flags = 0, checksum?: number): Buffer {
      const body = BSON.serialize(doc);
      const len = 16 + 4 + 1 + body.length + (checksum !== undefined ? 4 : 0);
      const b = Buffer.alloc(len);
      b.writeInt32LE(len, 0);
      b.writeInt32LE(7, 4);
      b.writeInt32LE(0, 8);
      b.writeInt32LE(2013, 12);
      b.writeUInt32LE(flags, 16);
      b.writeUInt8(0, 20);
      Buffer.from(body).copy(b, 21);
      if (checksum !== undefined) b.writeUInt32LE(checksum, len - 4);
      return b;
    }

    it('replies to a raw OP_MSG ping', async () => {
      const r = await rawExchange(opMsg({ ping: 1, $db: 'admin' }));
      expect(r.data.readInt32LE(12)).toBe(2013);
      const reply = BSON.deserialize(r.data.subarray(21));
      expect(reply.ok).toBe(1);
    });

    it('answers the legacy OP_QUERY handshake with OP_REPLY', async () => {
      const body = Buffer.from(BSON.serialize({ isMaster: 1, client: { driver: { name: 'raw', version: '0' } } }));
      const ns = Buffer.from('admin.$cmd\0');
      const len = 16 + 4 + ns.length + 8 + body.length;
      const b = Buffer.alloc(len);
      b.writeInt32LE(len, 0);
      b.writeInt32LE(42, 4);
      b.writeInt32LE(0, 8);
      b.writeInt32LE(2004, 12);
      b.writeInt32LE(0, 16);
      ns.copy(b, 20);
      b.writeInt32LE(0, 20 + ns.length);
      b.writeInt32LE(-1, 24 + ns.length);
      body.copy(b, 28 + ns.length);
      const r = await rawExchange(b);
      expect(r.data.readInt32LE(12)).toBe(1); // OP_REPLY
      expect(r.data.readInt32LE(8)).toBe(42); // responseTo
      expect(r.data.readInt32LE(32)).toBe(1); // numberReturned
      const reply = BSON.deserialize(r.data.subarray(36));
      expect(reply.ok).toBe(1);
      expect(reply.ismaster).toBe(true);
      expect(reply.maxWireVersion).toBeGreaterThanOrEqual(21);
    });

    it('sends no reply when moreToCome is set, but executes the command', async () => {
      const r = await rawExchange(opMsg({ insert: 'mtc', documents: [{ _id: 1 }], writeConcern: { w: 0 }, $db: db.databaseName }, 2));
      expect(r.data.length).toBe(0);
      expect(r.closed).toBe(false);
      expect(await coll('mtc').countDocuments()).toBe(1);
    });

    it('closes only the offending connection on garbage, truncated or oversized messages', async () => {
      const garbage = Buffer.alloc(64, 0xff);
      garbage.writeInt32LE(64, 0);
      expect((await rawExchange(garbage)).closed).toBe(true);
      const bad = opMsg({ ping: 1, $db: 'admin' });
      bad.writeInt32LE(bad.length - 5, 0); // length cuts the document short
      expect((await rawExchange(bad)).closed).toBe(true);
      const huge = Buffer.alloc(16);
      huge.writeInt32LE(200 * 1024 * 1024, 0);
      huge.writeInt32LE(2013, 12);
      expect((await rawExchange(huge)).closed).toBe(true);
      // the server and other connections are unaffected
      expect((await db.admin().ping()).ok).toBe(1);
    });

    it('rejects an OP_MSG whose checksum is wrong', async () => {
      const r = await rawExchange(opMsg({ ping: 1, $db: 'admin' }, 1, 0xdeadbeef));
      expect(r.closed).toBe(true);
    });
  });

  describe('BSON types', () => {
    it('round-trips every common type exactly, keeping null distinct from missing', async () => {
      const doc = {
        _id: 1,
        i32: new Int32(7),
        i64: Long.fromString('9007199254740993'),
        dbl: new Double(1.0),
        frac: 2.5,
        dec: Decimal128.fromString('1234.5678901234567890'),
        date: new Date('2024-02-29T12:34:56.789Z'),
        oid: new ObjectId('65a1b2c3d4e5f60718293a4b'),
        bin: new Binary(Buffer.from([0, 1, 2, 250]), 0),
        uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
        nul: null,
        nested: { arr: [new Int32(1), new Double(2), Long.fromNumber(3)], s: 'é✓' },
        ts: new Timestamp({ t: 1700000000, i: 3 }),
        re: /ab+c/i,
        min: new MinKey(),
        max: new MaxKey(),
      };
      await coll('types').insertOne(doc);
      const raw = await coll('types').findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false, promoteBuffers: false });
      expect(raw).not.toBeNull();
      const r = raw as Doc;
      expect(r.i32._bsontype).toBe('Int32');
      expect(r.i32.value).toBe(7);
      expect(r.i64._bsontype).toBe('Long');
      expect(r.i64.toString()).toBe('9007199254740993');
      expect(r.dbl._bsontype).toBe('Double');
      expect(r.dbl.value).toBe(1);
      expect(r.frac._bsontype).toBe('Double');
      expect(r.dec.toString()).toBe('1234.5678901234567890');
      expect((r.date as Date).toISOString()).toBe('2024-02-29T12:34:56.789Z');
      expect(r.oid.toHexString()).toBe('65a1b2c3d4e5f60718293a4b');
      expect(Buffer.from(r.bin.buffer).toString('hex')).toBe('000102fa');
      expect(r.uuid.sub_type).toBe(4);
      expect(r.nul).toBeNull();
      expect('missing' in r).toBe(false);
      expect(r.nested.arr.map((x: Doc) => x._bsontype)).toEqual(['Int32', 'Double', 'Long']);
      expect(r.nested.s).toBe('é✓');
      expect(r.ts.toString()).toBe(new Timestamp({ t: 1700000000, i: 3 }).toString());
      expect(r.min._bsontype).toBe('MinKey');
      // null matches null and missing; $exists tells them apart
      await coll('types').insertOne({ _id: 2 });
      expect(await coll('types').countDocuments({ nul: null })).toBe(2);
      expect(await coll('types').countDocuments({ nul: { $exists: true } })).toBe(1);
      expect(await coll('types').countDocuments({ nul: { $type: 'null' } })).toBe(1);
      // numeric types compare by value
      expect(await coll('types').countDocuments({ dbl: 1 })).toBe(1);
      expect(await coll('types').countDocuments({ i64: { $gt: 9007199254740992 } })).toBe(1);
    });

    it('sorts and compares across types in BSON order', async () => {
      const c = coll('order');
      await c.insertMany([
        { _id: 1, v: 'a string' },
        { _id: 2, v: 10 },
        { _id: 3, v: null },
        { _id: 4, v: { x: 1 } },
        { _id: 5, v: [0] },
        { _id: 6, v: new ObjectId('000000000000000000000001') },
        { _id: 7, v: true },
        { _id: 8, v: new Date(0) },
        { _id: 9 },
        { _id: 10, v: new MinKey() },
        { _id: 11, v: new MaxKey() },
        { _id: 12, v: Long.fromNumber(5) },
        { _id: 13, v: 7.5 },
        { _id: 14, v: new Binary(Buffer.from([1])) },
      ]);
      const asc = (await c.find({}, { sort: { v: 1, _id: 1 } }).toArray()).map((d) => d._id);
      // MinKey, null/missing, numbers, (array min 0 sorts with numbers), string, object, binData, ObjectId, bool, date, MaxKey
      expect(asc).toEqual([10, 3, 9, 5, 12, 13, 2, 1, 4, 14, 6, 7, 8, 11]);
      // range queries stay within the type bracket
      expect((await c.find({ v: { $gt: 6 } }, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([2, 13]);
      expect((await c.find({ v: { $lt: 'b' } }).toArray()).map((d) => d._id)).toEqual([1]);
      expect((await c.find({ v: { $gte: new Date(0) } }).toArray()).map((d) => d._id)).toEqual([8]);
    });
  });

  describe('unique indexes', () => {
    it('enforces single, compound, sparse and partial unique indexes with the E11000 error shape', async () => {
      const c = coll('uniq');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.createIndex({ a: 1, b: 1 }, { unique: true, name: 'a_b' });
      await c.insertOne({ _id: 1, email: 'x@y', a: 1, b: 1 });
      const err = await c.insertOne({ _id: 2, email: 'x@y', a: 1, b: 2 }).catch((e) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect(err.code).toBe(11000);
      expect(err.keyPattern).toEqual({ email: 1 });
      expect(err.keyValue).toEqual({ email: 'x@y' });
      expect(err.errmsg).toMatch(
        new RegExp(`^E11000 duplicate key error collection: ${db.databaseName}\\.uniq index: email_1 dup key: \\{ email: "x@y" \\}`),
      );
      const e2 = await c.insertOne({ _id: 3, email: 'z@y', a: 1, b: 1 }).catch((e) => e);
      expect(e2.code).toBe(11000);
      expect(e2.keyPattern).toEqual({ a: 1, b: 1 });
      expect(e2.keyValue).toEqual({ a: 1, b: 1 });
      await c.insertOne({ _id: 4, email: 'w@y', a: 1, b: 2 });
      // a second document missing a non-sparse unique field collides on null
      await c.insertOne({ _id: 5, a: 5 });
      await expect(c.insertOne({ _id: 6, a: 6 })).rejects.toMatchObject({ code: 11000, keyValue: { email: null } });
      await expect(c.insertOne({ _id: 1, email: 'zz' })).rejects.toMatchObject({
        code: 11000,
        keyPattern: { _id: 1 },
        keyValue: { _id: 1 },
      });

      const sp = coll('uniq_sparse');
      await sp.createIndex({ nick: 1 }, { unique: true, sparse: true });
      await sp.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3, nick: 'n' }]);
      await expect(sp.insertOne({ _id: 4, nick: 'n' })).rejects.toMatchObject({ code: 11000, keyValue: { nick: 'n' } });

      const pa = coll('uniq_partial');
      await pa.createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
      await pa.insertMany([
        { _id: 1, code: 'c' },
        { _id: 2, code: 'c' },
        { _id: 3, code: 'c', active: true },
      ]);
      await expect(pa.insertOne({ _id: 4, code: 'c', active: true })).rejects.toMatchObject({ code: 11000 });
      await pa.insertOne({ _id: 5, code: 'c', active: false });
    });

    it('reports duplicates from upserts and updateMany, and unordered inserts in writeErrors', async () => {
      const c = coll('uniq2');
      await c.createIndex({ k: 1 }, { unique: true });
      await c.insertMany([
        { _id: 1, k: 1 },
        { _id: 2, k: 2 },
        { _id: 3, k: 3 },
      ]);
      await expect(c.updateOne({ _id: 9 }, { $set: { k: 1 } }, { upsert: true })).rejects.toMatchObject({
        code: 11000,
        keyValue: { k: 1 },
      });
      await expect(c.updateMany({ _id: { $gte: 2 } }, { $set: { k: 5 } })).rejects.toMatchObject({ code: 11000, keyValue: { k: 5 } });
      const err = await c
        .insertMany(
          [
            { _id: 4, k: 1 },
            { _id: 5, k: 50 },
            { _id: 6, k: 3 },
          ],
          { ordered: false },
        )
        .catch((e) => e);
      expect(err.code).toBe(11000);
      expect(err.writeErrors.map((w: Doc) => w.index)).toEqual([0, 2]);
      expect(err.result.insertedCount).toBe(1);
      const raw = await db.command({ insert: 'uniq2', documents: [{ _id: 7, k: 50 }], ordered: true });
      expect(raw.n).toBe(0);
      expect(raw.writeErrors[0]).toMatchObject({ index: 0, code: 11000, keyPattern: { k: 1 }, keyValue: { k: 50 } });
      expect(raw.writeErrors[0].errmsg).toContain('E11000 duplicate key error');
      await c.insertOne({ _id: 20, k: 20, x: 1 });
      await c.insertOne({ _id: 21, k: 21, x: 1 });
      await expect(c.createIndex({ x: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    });
  });

  describe('indexes', () => {
    it('creates, lists (server format) and drops indexes; createIndexes is idempotent', async () => {
      const c = coll('idx');
      await c.createIndex({ a: 1 });
      await c.createIndex({ a: 1 });
      await c.createIndex({ title: 'text', body: 'text' }, { weights: { title: 5 } });
      await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
      const list = await c.listIndexes().toArray();
      expect(list.map((i) => i.name)).toEqual(['_id_', 'a_1', 'title_text_body_text', 'at_1']);
      const t = list[2];
      expect(t.key).toEqual({ _fts: 'text', _ftsx: 1 });
      expect(t.weights).toEqual({ title: 5, body: 1 });
      expect(t.default_language).toBe('english');
      expect(t.language_override).toBe('language');
      expect(t.textIndexVersion).toBe(3);
      expect(list[3].expireAfterSeconds).toBe(3600);
      await expect(c.createIndex({ b: 1 }, { name: 'a_1' })).rejects.toMatchObject({ code: 86 });
      await c.dropIndex('a_1');
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'title_text_body_text', 'at_1']);
      await expect(c.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
      await c.dropIndexes();
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
      await expect(db.collection('nonexistent_coll').listIndexes().toArray()).rejects.toMatchObject({ code: 26 });
    });

    engineOnly('answers equality and range queries from an index without scanning the collection', async () => {
      const c = coll('idxuse');
      const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: i, n: i, tag: `t${i % 100}`, u: i }));
      await c.insertMany(docs);
      await c.createIndex({ n: 1 });
      await c.createIndex({ tag: 1 });
      const examined = async () => (await db.admin().serverStatus()).embedded.docsExamined as number;
      let before = await examined();
      expect((await c.find({ n: 1234 }).toArray()).map((d) => d._id)).toEqual([1234]);
      expect((await examined()) - before).toBe(1);
      before = await examined();
      expect(await c.countDocuments({ n: { $gte: 100, $lt: 110 } })).toBe(10);
      expect((await examined()) - before).toBe(10);
      before = await examined();
      expect(await c.countDocuments({ tag: 't7' })).toBe(20);
      expect((await examined()) - before).toBe(20);
      before = await examined();
      expect(await c.countDocuments({ tag: { $in: ['t1', 't2'] }, n: { $lt: 1000 } })).toBe(20);
      expect((await examined()) - before).toBeLessThanOrEqual(40);
      // compound index: equality on the first field, range on the second
      await c.createIndex({ tag: 1, n: -1 });
      before = await examined();
      expect(await c.countDocuments({ tag: 't7', n: { $gte: 500 } })).toBe(15);
      expect((await examined()) - before).toBe(15);
      // $or: the union of index lookups
      before = await examined();
      expect(await c.countDocuments({ $or: [{ n: 3 }, { tag: 't9', n: { $lt: 300 } }] })).toBe(4);
      expect((await examined()) - before).toBe(4);
      before = await examined();
      expect(await c.countDocuments({ _id: { $in: [5, 6, 7] } })).toBe(3);
      expect((await examined()) - before).toBe(3);
      before = await examined();
      expect(await c.countDocuments({ _id: { $gte: 100, $lt: 110 } })).toBe(10);
      expect((await examined()) - before).toBe(10);
      // an unindexed field needs a scan
      before = await examined();
      expect(await c.countDocuments({ u: 5 })).toBe(1);
      expect((await examined()) - before).toBe(2000);
    });

    it('keeps index answers identical to a collection scan under random inserts, updates and deletes', async () => {
      const c = coll('idxrand');
      const plain = coll('idxrand_plain');
      await c.createIndex({ v: 1 });
      await c.createIndex({ g: 1, v: -1 });
      let seed = 42;
      const rnd = (n: number) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const val = () => [rnd(500), `s${rnd(50)}`, null, [rnd(500), rnd(500)], rnd(500) + 0.5][rnd(5)];
      const docs = Array.from({ length: 3000 }, (_, i) => ({ _id: i, v: val(), g: rnd(10) }));
      await c.insertMany(docs);
      await plain.insertMany(docs);
      for (let i = 0; i < 300; i++) {
        const id = rnd(3000);
        if (i % 3 === 0) {
          await c.deleteOne({ _id: id });
          await plain.deleteOne({ _id: id });
        } else {
          const v = val();
          await c.updateOne({ _id: id }, { $set: { v } });
          await plain.updateOne({ _id: id }, { $set: { v } });
        }
      }
      const queries: Doc[] = [
        { v: 7 },
        { v: { $gte: 100, $lt: 200 } },
        { v: { $gt: 450 } },
        { v: { $lt: 's3' } },
        { v: null },
        { v: { $in: [1, 2, 's1', null] } },
        { g: 3, v: { $gt: 250 } },
        { g: 4, v: { $gte: 100, $lte: 300 } },
        { g: 5, v: 's7' },
        { g: 6, v: null },
        { g: { $in: [1, 2] } },
        { $or: [{ v: 7 }, { g: 2, v: { $lt: 50 } }] },
        { $or: [{ v: { $gt: 490 } }, { unindexed: 1 }] },
      ];
      for (const q of queries) {
        const a = (await c.find(q, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray()).map((d) => d._id);
        const b = (await plain.find(q, { projection: { _id: 1 }, sort: { _id: 1 } }).toArray()).map((d) => d._id);
        expect({ q, ids: a }).toEqual({ q, ids: b });
      }
    });

    it('expires documents through TTL indexes', async () => {
      const c = coll('ttl');
      await c.createIndex({ at: 1 }, { expireAfterSeconds: 0 });
      await c.insertMany([
        { _id: 1, at: new Date(Date.now() - 60_000) },
        { _id: 2, at: new Date(Date.now() + 3_600_000) },
        { _id: 3, at: 'not a date' },
      ]);
      const deadline = Date.now() + (REAL_URI ? 90_000 : 5_000);
      while (Date.now() < deadline && (await c.countDocuments({ _id: 1 }))) await new Promise((r) => setTimeout(r, 100));
      expect((await c.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([2, 3]);
    }, 120_000);
  });

  describe('text search', () => {
    beforeAll(async () => {
      const c = coll('text');
      await c.createIndex({ title: 'text', body: 'text' }, { weights: { title: 10 } });
      await c.insertMany([
        { _id: 1, title: 'Running shoes', body: 'Shoes for runners who run daily' },
        { _id: 2, title: 'Café culture', body: 'Coffee and the art of sitting' },
        { _id: 3, title: 'Pain management', body: 'Managing pain in palliative care patients' },
        { _id: 4, title: 'Care plans', body: 'The running of a care team' },
        { _id: 5, title: 'Other', body: 'nothing relevant' },
      ]);
    });
    const ids = async (search: string) =>
      (
        await coll('text')
          .find({ $text: { $search: search } }, { sort: { _id: 1 } })
          .toArray()
      ).map((d) => d._id);

    it('tokenises, folds case and diacritics, stems and ignores stop words', async () => {
      expect(await ids('RUN')).toEqual([1, 4]);
      expect(await ids('runs')).toEqual([1, 4]);
      expect(await ids('cafe')).toEqual([2]);
      expect(await ids('managed')).toEqual([3]);
      expect(await ids('the')).toEqual([]);
      expect(await ids('coffee pain')).toEqual([2, 3]);
    });

    it('supports phrases and negation', async () => {
      expect(await ids('"care team"')).toEqual([4]);
      expect(await ids('care -team')).toEqual([3]);
      expect(await ids('care -"care team"')).toEqual([3]);
    });

    it('exposes the score with $meta and sorts by it', async () => {
      const docs = await coll('text')
        .find(
          { $text: { $search: 'running care' } },
          { projection: { score: { $meta: 'textScore' }, title: 1 }, sort: { score: { $meta: 'textScore' } } },
        )
        .toArray();
      expect(docs.map((d) => d._id)).toEqual([4, 1, 3]);
      expect(docs[0].score).toBeGreaterThan(docs[1].score);
      expect(docs[1].score).toBeGreaterThan(docs[2].score);
      const agg = await coll('text')
        .aggregate([{ $match: { $text: { $search: 'pain' } } }, { $project: { s: { $meta: 'textScore' } } }])
        .toArray();
      expect(agg).toHaveLength(1);
      expect(agg[0].s).toBeGreaterThan(0);
      await expect(
        coll('ld')
          .find({ $text: { $search: 'x' } })
          .toArray(),
      ).rejects.toMatchObject({ code: 27 });
    });
  });

  describe('update operators', () => {
    const c = () => coll('upd') as any;
    beforeEach(async () => {
      await c().deleteMany({});
    });

    it('$set $unset $inc $mul $min $max $rename $currentDate $setOnInsert', async () => {
      await c().insertOne({ _id: 1, a: 1, b: 2, c: 10, d: 5, e: 5, old: 'x', nested: { k: 1 } });
      await c().updateOne(
        { _id: 1 },
        {
          $set: { 'nested.j': 2, f: 'new' },
          $unset: { b: '' },
          $inc: { a: 2 },
          $mul: { c: 1.5 },
          $min: { d: 3 },
          $max: { e: 9 },
          $rename: { old: 'renamed' },
          $currentDate: { when: true },
          $setOnInsert: { never: 1 },
        },
      );
      const d = (await c().findOne({ _id: 1 }))!;
      expect(d).toMatchObject({ a: 3, c: 15, d: 3, e: 9, renamed: 'x', f: 'new', nested: { k: 1, j: 2 } });
      expect(d.b).toBeUndefined();
      expect(d.old).toBeUndefined();
      expect(d.never).toBeUndefined();
      expect(d.when).toBeInstanceOf(Date);
      await c().updateOne({ _id: 2, kind: 'u' }, { $set: { x: 1 }, $setOnInsert: { created: true } }, { upsert: true });
      expect(await c().findOne({ _id: 2 })).toEqual({ _id: 2, kind: 'u', x: 1, created: true });
      const r = await c().updateOne({ _id: 1 }, { $set: { a: 3 } });
      expect(r.matchedCount).toBe(1);
      expect(r.modifiedCount).toBe(0);
      // int overflow promotes to long, int + double gives double
      await c().updateOne({ _id: 1 }, { $set: { big: 2147483647 } });
      await c().updateOne({ _id: 1 }, { $inc: { big: 1, a: 0.5 } });
      const raw = (await c().findOne({ _id: 1 }, { promoteValues: false }))!;
      expect(raw.big._bsontype).toBe('Long');
      expect(raw.big.toNumber()).toBe(2147483648);
      expect(raw.a._bsontype).toBe('Double');
      await expect(c().updateOne({ _id: 1 }, { $inc: { f: 1 } })).rejects.toMatchObject({ code: 14 });
      await expect(c().updateOne({ _id: 1 }, { $set: { _id: 5 } })).rejects.toMatchObject({ code: 66 });
      await expect(c().updateOne({ _id: 1 }, { $set: { a: 1 }, $inc: { a: 1 } })).rejects.toMatchObject({ code: 40 });
    });

    it('array operators: $push modifiers, $addToSet, $pull, $pullAll, $pop', async () => {
      await c().insertOne({ _id: 1, a: [3, 1], s: [1, 2], p: [1, 2, 3, 2, 4], q: [1, 2, 3], docs: [{ n: 1 }, { n: 5 }] });
      await c().updateOne({ _id: 1 }, { $push: { a: { $each: [5, 0, 4], $sort: -1, $slice: 3 } } });
      await c().updateOne({ _id: 1 }, { $push: { a: { $each: [9], $position: 0 } } });
      await c().updateOne({ _id: 1 }, { $addToSet: { s: { $each: [2, 3, 3] } } });
      await c().updateOne({ _id: 1 }, { $pull: { p: { $gte: 3 }, docs: { n: { $gt: 2 } } } });
      await c().updateOne({ _id: 1 }, { $pullAll: { q: [1, 3] } });
      await c().updateOne({ _id: 1 }, { $pop: { s: -1 } });
      await c().updateOne({ _id: 1 }, { $push: { fresh: 'x' } });
      expect(await c().findOne({ _id: 1 })).toEqual({
        _id: 1,
        a: [9, 5, 4, 3],
        s: [2, 3],
        p: [1, 2, 2],
        q: [2],
        docs: [{ n: 1 }],
        fresh: ['x'],
      });
      await expect(c().updateOne({ _id: 1 }, { $push: { fresh: 'y', 'fresh.0': 'z' } })).rejects.toMatchObject({ code: 40 });
    });

    it('positional $, $[] and $[<id>] with arrayFilters', async () => {
      await c().insertOne({
        _id: 1,
        grades: [80, 95, 100],
        items: [
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
          { k: 'c', v: 3 },
        ],
      });
      await c().updateOne({ _id: 1, grades: 95 }, { $set: { 'grades.$': 96 } });
      await c().updateOne({ _id: 1, 'items.k': 'b' }, { $inc: { 'items.$.v': 10 } });
      await c().updateOne({ _id: 1 }, { $inc: { 'grades.$[]': 1 } });
      await c().updateOne({ _id: 1 }, { $set: { 'items.$[it].big': true } }, { arrayFilters: [{ 'it.v': { $gte: 3 } }] });
      expect(await c().findOne({ _id: 1 })).toEqual({
        _id: 1,
        grades: [81, 97, 101],
        items: [
          { k: 'a', v: 1 },
          { k: 'b', v: 12, big: true },
          { k: 'c', v: 3, big: true },
        ],
      });
      await expect(c().updateOne({ _id: 1 }, { $set: { 'grades.$': 1 } })).rejects.toMatchObject({ code: 2 });
    });

    it('updateMany, replaceOne, upsert with query fields, findOneAndUpdate/Replace/Delete', async () => {
      await c().insertMany([
        { _id: 1, g: 'a', n: 1 },
        { _id: 2, g: 'a', n: 2 },
        { _id: 3, g: 'b', n: 3 },
      ]);
      const um = await c().updateMany({ g: 'a' }, { $inc: { n: 10 } });
      expect(um).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
      const rep = await c().replaceOne({ _id: 3 }, { g: 'c' });
      expect(rep.modifiedCount).toBe(1);
      expect(await c().findOne({ _id: 3 })).toEqual({ _id: 3, g: 'c' });
      const ups = await c().updateOne({ g: 'z', 'sub.k': 1 }, { $set: { n: 0 } }, { upsert: true });
      expect(ups.upsertedCount).toBe(1);
      expect(await c().findOne({ _id: ups.upsertedId! }, { projection: { _id: 0 } })).toEqual({ g: 'z', sub: { k: 1 }, n: 0 });
      const before = await c().findOneAndUpdate({ _id: 1 }, { $set: { n: 100 } });
      expect(before?.n).toBe(11);
      const after = await c().findOneAndUpdate({ _id: 1 }, { $inc: { n: 1 } }, { returnDocument: 'after', projection: { n: 1, _id: 0 } });
      expect(after).toEqual({ n: 101 });
      const r2 = await c().findOneAndReplace({ _id: 2 }, { g: 'r' }, { returnDocument: 'after' });
      expect(r2).toEqual({ _id: 2, g: 'r' });
      const del = await c().findOneAndDelete({ g: 'r' });
      expect(del?._id).toBe(2);
      const meta = await c().findOneAndUpdate(
        { _id: 77 },
        { $set: { n: 1 } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true },
      );
      expect(meta.value).toEqual({ _id: 77, n: 1 });
      expect(meta.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 77 });
    });

    it('pipeline-style updates', async () => {
      await c().insertOne({ _id: 1, a: 2, b: 3 });
      await c().updateOne({ _id: 1 }, [{ $set: { sum: { $add: ['$a', '$b'] } } }, { $unset: 'b' }]);
      expect(await c().findOne({ _id: 1 })).toEqual({ _id: 1, a: 2, sum: 5 });
    });
  });

  describe('queries', () => {
    beforeAll(async () => {
      await coll('q').insertMany([
        {
          _id: 1,
          name: 'ann',
          age: 30,
          tags: ['a', 'b'],
          addr: { city: 'Oslo' },
          items: [
            { p: 5, q: 1 },
            { p: 10, q: 0 },
          ],
        },
        { _id: 2, name: 'bob', age: 25, tags: ['b'], addr: { city: 'Bergen' }, items: [{ p: 5, q: 0 }] },
        { _id: 3, name: 'cyd', age: 35, tags: [], addr: null, items: [] },
        { _id: 4, name: 'Dee', tags: ['c'], items: [{ p: 1, q: 1 }] },
      ]);
    });
    const ids = async (f: Doc, o: Doc = {}) =>
      (
        await coll('q')
          .find(f, { sort: { _id: 1 }, ...o })
          .toArray()
      ).map((d) => d._id);

    it('supports comparison, logical, element, array and evaluation operators', async () => {
      expect(await ids({ age: { $gte: 30 } })).toEqual([1, 3]);
      expect(await ids({ age: { $ne: 30 } })).toEqual([2, 3, 4]);
      expect(await ids({ age: { $in: [25, 35] } })).toEqual([2, 3]);
      expect(await ids({ age: { $nin: [25, 35] } })).toEqual([1, 4]);
      expect(await ids({ $or: [{ age: 25 }, { name: 'Dee' }] })).toEqual([2, 4]);
      expect(await ids({ $nor: [{ age: 25 }, { age: 30 }] })).toEqual([3, 4]);
      expect(await ids({ age: { $not: { $gt: 26 } } })).toEqual([2, 4]);
      expect(await ids({ age: { $exists: false } })).toEqual([4]);
      expect(await ids({ age: { $type: 'int' } })).toEqual([1, 2, 3]);
      expect(await ids({ tags: 'b' })).toEqual([1, 2]);
      expect(await ids({ tags: { $all: ['a', 'b'] } })).toEqual([1]);
      expect(await ids({ tags: { $size: 0 } })).toEqual([3]);
      expect(await ids({ items: { $elemMatch: { p: 5, q: 0 } } })).toEqual([2]);
      expect(await ids({ 'items.p': 5, 'items.q': 0 })).toEqual([1, 2]);
      expect(await ids({ 'addr.city': 'Oslo' })).toEqual([1]);
      expect(await ids({ 'addr.city': null })).toEqual([3, 4]);
      expect(await ids({ name: /^[a-c]/ })).toEqual([1, 2, 3]);
      expect(await ids({ name: { $regex: '^d', $options: 'i' } })).toEqual([4]);
      expect(await ids({ age: { $mod: [10, 5] } })).toEqual([2, 3]);
      expect(await ids({ $expr: { $gt: ['$age', 29] } })).toEqual([1, 3]);
      expect(await ids({ 'items.0.p': 5 })).toEqual([1, 2]);
      await expect(
        coll('q')
          .find({ age: { $bogus: 1 } })
          .toArray(),
      ).rejects.toMatchObject({ code: 2 });
    });

    it('projects, sorts, skips, limits and batches', async () => {
      const docs = await coll('q')
        .find({}, { projection: { name: 1, 'addr.city': 1, _id: 0 }, sort: { age: -1 }, skip: 1, limit: 2 })
        .toArray();
      expect(docs).toEqual([
        { name: 'ann', addr: { city: 'Oslo' } },
        { name: 'bob', addr: { city: 'Bergen' } },
      ]);
      const ex = await coll('q').findOne({ _id: 1 }, { projection: { items: 0, tags: 0, addr: 0 } });
      expect(ex).toEqual({ _id: 1, name: 'ann', age: 30 });
      const sl = await coll('q').findOne({ _id: 1 }, { projection: { tags: { $slice: 1 }, name: 1 } });
      expect(sl).toEqual({ _id: 1, name: 'ann', tags: ['a'] });
      const em = await coll('q').findOne({ _id: 1 }, { projection: { items: { $elemMatch: { p: 10 } } } });
      expect(em).toEqual({ _id: 1, items: [{ p: 10, q: 0 }] });
      const pos = await coll('q').findOne({ 'items.p': 10 }, { projection: { 'items.$': 1 } });
      expect(pos).toEqual({ _id: 1, items: [{ p: 10, q: 0 }] });
      // multi-batch cursor: getMore and killCursors
      await coll('many').insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i })));
      const cur = coll('many').find({}, { batchSize: 7, sort: { _id: 1 } });
      const all = await cur.toArray();
      expect(all.map((d) => d._id)).toEqual(Array.from({ length: 250 }, (_, i) => i));
      const partial = coll('many').find({}, { batchSize: 5 });
      await partial.next();
      await partial.close();
      const res = await db.command({ find: 'many', batchSize: 2 });
      const id = res.cursor.id;
      expect(res.cursor.firstBatch).toHaveLength(2);
      const more = await db.command({ getMore: id, collection: 'many', batchSize: 3 });
      expect(more.cursor.nextBatch).toHaveLength(3);
      const killed = await db.command({ killCursors: 'many', cursors: [id] });
      expect(killed.cursorsKilled).toHaveLength(1);
      await expect(db.command({ getMore: id, collection: 'many' })).rejects.toMatchObject({ code: 43 });
      expect(await coll('many').find({}).sort({ _id: -1 }).limit(3).toArray()).toEqual([{ _id: 249 }, { _id: 248 }, { _id: 247 }]);
    });

    it('count, distinct, countDocuments, estimatedDocumentCount', async () => {
      expect(await coll('q').estimatedDocumentCount()).toBe(4);
      expect(await coll('q').countDocuments({ age: { $gt: 26 } })).toBe(2);
      expect((await db.command({ count: 'q', query: { tags: 'b' } })).n).toBe(2);
      expect((await coll('q').distinct('tags')).sort()).toEqual(['a', 'b', 'c']);
      expect((await coll('q').distinct('addr.city', { age: { $lt: 31 } })).sort()).toEqual(['Bergen', 'Oslo']);
    });
  });

  describe('aggregation', () => {
    beforeAll(async () => {
      await coll('orders').insertMany([
        { _id: 1, cust: 'a', amount: 10, items: ['x', 'y'], status: 'open' },
        { _id: 2, cust: 'b', amount: 20, items: ['x'], status: 'done' },
        { _id: 3, cust: 'a', amount: 5, items: [], status: 'done' },
        { _id: 4, cust: 'c', amount: 7, items: ['z'], status: 'open' },
      ]);
      await coll('customers').insertMany([
        { _id: 'a', name: 'Ann' },
        { _id: 'b', name: 'Bob' },
      ]);
    });
    const agg = (p: Doc[]) => coll('orders').aggregate(p).toArray();

    it('$match $group $sort $project $addFields $set $unset $skip $limit $count', async () => {
      expect(
        await agg([
          { $match: { status: 'done' } },
          { $group: { _id: '$cust', total: { $sum: '$amount' }, n: { $sum: 1 } } },
          { $sort: { _id: 1 } },
        ]),
      ).toEqual([
        { _id: 'a', total: 5, n: 1 },
        { _id: 'b', total: 20, n: 1 },
      ]);
      expect(await agg([{ $sort: { amount: -1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { amount: 1, _id: 0 } }])).toEqual([
        { amount: 10 },
        { amount: 7 },
      ]);
      expect(
        await agg([
          { $match: { _id: 1 } },
          { $addFields: { double: { $multiply: ['$amount', 2] } } },
          { $set: { s: 'x' } },
          { $unset: ['items', 'status'] },
        ]),
      ).toEqual([{ _id: 1, cust: 'a', amount: 10, double: 20, s: 'x' }]);
      expect(await agg([{ $match: { amount: { $gt: 6 } } }, { $count: 'n' }])).toEqual([{ n: 3 }]);
      expect(await agg([{ $match: { amount: { $gt: 600 } } }, { $count: 'n' }])).toEqual([]);
    });

    it('$group keeps MongoDB numeric result types and accumulator semantics', async () => {
      const c = coll('grp');
      await c.insertMany([
        { _id: 1, k: 'a', i: 2147483647, l: Long.fromNumber(5), d: 1.5, s: 'x', t: ['p'] },
        { _id: 2, k: 'a', i: 1, l: Long.fromNumber(6), d: 2, s: 'y', t: ['q'] },
        { _id: 3, k: 'b', i: 3, s: 'x', sub: { z: 1 } },
      ]);
      const out = await c
        .aggregate(
          [
            {
              $group: {
                _id: { k: '$k' },
                si: { $sum: '$i' },
                sl: { $sum: '$l' },
                sd: { $sum: '$d' },
                avg: { $avg: '$i' },
                mn: { $min: '$d' },
                mx: { $max: '$s' },
                first: { $first: '$sub' },
                push: { $push: '$s' },
                set: { $addToSet: '$s' },
                n: { $sum: 1 },
              },
            },
            { $sort: { '_id.k': 1 } },
          ],
          { promoteLongs: false, promoteValues: false },
        )
        .toArray();
      expect(out).toHaveLength(2);
      const [a, b] = out as Doc[];
      expect(a._id).toEqual({ k: 'a' });
      expect(a.si._bsontype).toBe('Long');
      expect(a.si.toNumber()).toBe(2147483648);
      expect(a.sl._bsontype).toBe('Long');
      expect(a.sl.toNumber()).toBe(11);
      expect(a.sd.valueOf()).toBe(3.5);
      expect(a.avg.valueOf()).toBe(1073741824);
      expect(a.mn.valueOf()).toBe(1.5);
      expect(a.mx).toBe('y');
      expect(a.first).toBeNull();
      expect(a.push).toEqual(['x', 'y']);
      expect([...a.set].sort()).toEqual(['x', 'y']);
      expect(a.n.valueOf()).toBe(2);
      expect(b.si.valueOf()).toBe(3);
      expect(b.mn).toBeNull();
      expect(b.first).toEqual({ z: new Int32(1) });
      const paths = await coll('orders')
        .aggregate([{ $match: { _id: 1 } }, { $group: { _id: null, items: { $first: '$items' } } }])
        .toArray();
      expect(paths).toEqual([{ _id: null, items: ['x', 'y'] }]);
    });

    it('$unwind $lookup $facet $sortByCount $replaceRoot', async () => {
      expect(await agg([{ $unwind: '$items' }, { $project: { items: 1 } }])).toEqual([
        { _id: 1, items: 'x' },
        { _id: 1, items: 'y' },
        { _id: 2, items: 'x' },
        { _id: 4, items: 'z' },
      ]);
      expect((await agg([{ $unwind: { path: '$items', preserveNullAndEmptyArrays: true, includeArrayIndex: 'i' } }])).length).toBe(5);
      expect(
        await agg([
          { $match: { _id: { $lte: 2 } } },
          { $lookup: { from: 'customers', localField: 'cust', foreignField: '_id', as: 'c' } },
          { $project: { 'c.name': 1 } },
        ]),
      ).toEqual([
        { _id: 1, c: [{ name: 'Ann' }] },
        { _id: 2, c: [{ name: 'Bob' }] },
      ]);
      expect(
        await agg([
          { $match: { _id: 4 } },
          { $lookup: { from: 'customers', let: { c: '$cust' }, pipeline: [{ $match: { $expr: { $eq: ['$_id', '$$c'] } } }], as: 'c' } },
          { $project: { c: 1 } },
        ]),
      ).toEqual([{ _id: 4, c: [] }]);
      expect(
        await agg([
          {
            $facet: { open: [{ $match: { status: 'open' } }, { $count: 'n' }], total: [{ $group: { _id: null, s: { $sum: '$amount' } } }] },
          },
        ]),
      ).toEqual([{ open: [{ n: 2 }], total: [{ _id: null, s: 42 }] }]);
      expect(await agg([{ $unwind: '$items' }, { $sortByCount: '$items' }])).toEqual([
        { _id: 'x', count: 2 },
        expect.objectContaining({ count: 1 }),
        expect.objectContaining({ count: 1 }),
      ]);
      expect(await agg([{ $match: { _id: 2 } }, { $replaceRoot: { newRoot: { c: '$cust', a: '$amount' } } }])).toEqual([{ c: 'b', a: 20 }]);
    });

    it('aggregate with $merge merges, replaces, runs pipelines and discards', async () => {
      const t = coll('merge_target');
      await t.insertMany([
        { _id: 'a', total: 1, keep: true },
        { _id: 'z', total: 9 },
      ]);
      await coll('orders')
        .aggregate([{ $group: { _id: '$cust', total: { $sum: '$amount' } } }, { $merge: { into: 'merge_target' } }])
        .toArray();
      expect(await t.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'a', total: 15, keep: true },
        { _id: 'b', total: 20 },
        { _id: 'c', total: 7 },
        { _id: 'z', total: 9 },
      ]);
      await coll('orders')
        .aggregate([
          { $group: { _id: '$cust', n: { $sum: 1 } } },
          { $merge: { into: 'merge_target', whenMatched: 'replace', whenNotMatched: 'discard' } },
        ])
        .toArray();
      expect(await t.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 2 });
      await coll('orders')
        .aggregate([
          { $group: { _id: '$cust', n: { $sum: 1 } } },
          { $merge: { into: 'merge_target', whenMatched: [{ $set: { n: { $add: ['$n', '$$new.n'] } } }] } },
        ])
        .toArray();
      expect(await t.findOne({ _id: 'a' })).toEqual({ _id: 'a', n: 4 });
      await expect(
        coll('orders')
          .aggregate([{ $group: { _id: '$cust' } }, { $merge: { into: 'merge_target', whenMatched: 'fail' } }])
          .toArray(),
      ).rejects.toMatchObject({ code: 11000 });
    });

    it('aggregate with $out writes a collection', async () => {
      await coll('orders')
        .aggregate([{ $match: { status: 'open' } }, { $out: 'open_orders' }])
        .toArray();
      expect(await coll('open_orders').countDocuments()).toBe(2);
    });
  });

  describe('collections and databases', () => {
    it('create, listCollections, drop, dropDatabase', async () => {
      const other = client.db(uniqueDbName('ddl'));
      await other.createCollection('c1');
      await expect(other.createCollection('c1', { capped: true, size: 4096 })).rejects.toMatchObject({ code: 48 });
      await other.collection('c2').insertOne({ a: 1 });
      const names = (await other.listCollections().toArray()).map((c) => c.name).sort();
      expect(names).toEqual(['c1', 'c2']);
      const info = (await other.listCollections({ name: 'c1' }).toArray())[0] as Doc;
      expect(info.type).toBe('collection');
      expect(info.info.uuid).toBeDefined();
      expect(await other.collection('c1').drop()).toBe(true);
      expect((await other.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)).toEqual(['c2']);
      await other.dropDatabase();
      expect((await db.admin().listDatabases()).databases.map((d) => d.name)).not.toContain(other.databaseName);
    });
  });

  describe('views and retryable writes', () => {
    it('reads through a view and refuses writes to it', async () => {
      await coll('vsrc').insertMany([
        { _id: 1, a: 1, secret: 'x' },
        { _id: 2, a: 2, secret: 'y' },
        { _id: 3, a: 3 },
      ]);
      await db.createCollection('vview', { viewOn: 'vsrc', pipeline: [{ $match: { a: { $gte: 2 } } }, { $project: { secret: 0 } }] });
      expect(
        await coll('vview')
          .find({}, { sort: { _id: 1 } })
          .toArray(),
      ).toEqual([
        { _id: 2, a: 2 },
        { _id: 3, a: 3 },
      ]);
      expect(await coll('vview').countDocuments({ a: 3 })).toBe(1);
      expect(await coll('vview').estimatedDocumentCount()).toBe(2);
      const info = (await db.listCollections({ name: 'vview' }).toArray())[0] as Doc;
      expect(info.type).toBe('view');
      await expect(coll('vview').insertOne({ a: 9 })).rejects.toMatchObject({ code: 166 });
    });

    it('applies a retried write (same session and txnNumber) only once', async () => {
      const s = client.startSession();
      const lsid = s.id;
      const cmd = {
        update: 'retry',
        updates: [{ q: { _id: 1 }, u: { $inc: { n: 1 } }, upsert: true }],
        lsid,
        txnNumber: Long.fromNumber(7),
      };
      const first = await db.command(cmd);
      const again = await db.command(cmd);
      expect(again.n).toBe(first.n);
      expect((await coll('retry').findOne({ _id: 1 }))?.n).toBe(1);
      await db.command({ ...cmd, txnNumber: Long.fromNumber(8) });
      expect((await coll('retry').findOne({ _id: 1 }))?.n).toBe(2);
      await s.endSession();
    });
  });

  describe('transactions', () => {
    it('hides uncommitted writes, commits atomically and discards on abort', async () => {
      const c = coll('txn');
      await c.insertMany([
        { _id: 1, bal: 100 },
        { _id: 2, bal: 0 },
      ]);
      const s = client.startSession();
      s.startTransaction();
      await c.updateOne({ _id: 1 }, { $inc: { bal: -30 } }, { session: s });
      await c.updateOne({ _id: 2 }, { $inc: { bal: 30 } }, { session: s });
      await c.insertOne({ _id: 3, bal: 1 }, { session: s });
      expect((await c.findOne({ _id: 1 }, { session: s }))?.bal).toBe(70);
      expect((await c.findOne({ _id: 1 }))?.bal).toBe(100);
      expect(await c.countDocuments({})).toBe(2);
      await s.commitTransaction();
      expect((await c.find({}, { sort: { _id: 1 } }).toArray()).map((d) => d.bal)).toEqual([70, 30, 1]);
      s.startTransaction();
      await c.deleteMany({}, { session: s });
      expect(await c.countDocuments({}, { session: s })).toBe(0);
      await s.abortTransaction();
      expect(await c.countDocuments({})).toBe(3);
      await s.endSession();
    });

    it('reads from the snapshot the transaction started with', async () => {
      const c = coll('txnsnap');
      await c.insertMany([
        { _id: 1, v: 1 },
        { _id: 2, v: 1 },
        { _id: 3, v: 1 },
      ]);
      const s = client.startSession();
      s.startTransaction();
      expect((await c.findOne({ _id: 1 }, { session: s }))?.v).toBe(1);
      // changes committed by others after the snapshot are not visible inside the transaction
      await c.updateOne({ _id: 1 }, { $set: { v: 2 } });
      await c.deleteOne({ _id: 2 });
      await c.insertOne({ _id: 4, v: 1 });
      expect((await c.findOne({ _id: 1 }, { session: s }))?.v).toBe(1);
      expect((await c.find({ v: 1 }, { session: s, sort: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual([1, 2, 3]);
      expect(await c.countDocuments({}, { session: s })).toBe(3);
      // writing a document changed after the snapshot is a write conflict
      await expect(c.updateOne({ _id: 1 }, { $set: { v: 3 } }, { session: s })).rejects.toMatchObject({ code: 112 });
      await s.abortTransaction().catch(() => undefined);
      expect((await c.find({}, { sort: { _id: 1 } }).toArray()).map((d) => [d._id, d.v])).toEqual([
        [1, 2],
        [3, 1],
        [4, 1],
      ]);
      await s.endSession();
    });

    it('withTransaction retries and unique violations inside a transaction fail it', async () => {
      const c = coll('txn2');
      await c.createIndex({ k: 1 }, { unique: true });
      await c.insertOne({ _id: 1, k: 1 });
      const s = client.startSession();
      await expect(
        s.withTransaction(async () => {
          await c.insertOne({ _id: 2, k: 2 }, { session: s });
          await c.insertOne({ _id: 3, k: 1 }, { session: s });
        }),
      ).rejects.toMatchObject({ code: 11000 });
      expect(await c.countDocuments({})).toBe(1);
      await s.withTransaction(async () => {
        await c.insertOne({ _id: 4, k: 4 }, { session: s });
      });
      expect(await c.countDocuments({})).toBe(2);
      await s.endSession();
    });

    it('detects write conflicts between concurrent transactions', async () => {
      const c = coll('txn3');
      await c.insertOne({ _id: 1, v: 0 });
      const s1 = client.startSession();
      const s2 = client.startSession();
      s1.startTransaction();
      s2.startTransaction();
      await c.updateOne({ _id: 1 }, { $inc: { v: 1 } }, { session: s1 });
      let conflict: unknown = null;
      try {
        // the second writer of a document another open transaction wrote fails at once
        await c.updateOne({ _id: 1 }, { $inc: { v: 10 } }, { session: s2 });
        await s1.commitTransaction();
        await s2.commitTransaction();
      } catch (e) {
        conflict = e;
      }
      expect(conflict).toBeInstanceOf(MongoServerError);
      expect((conflict as MongoServerError).code).toBe(112);
      expect((conflict as MongoServerError).hasErrorLabel('TransientTransactionError')).toBe(true);
      if (s1.inTransaction()) await s1.commitTransaction();
      if (s2.inTransaction()) await s2.abortTransaction().catch(() => undefined);
      expect((await c.findOne({ _id: 1 }))?.v).toBe(1);
      await s1.endSession();
      await s2.endSession();
    });
  });
});
