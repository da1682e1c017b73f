/**
 * Conformance for behaviours that mongoose's own test suite found wrong: each case is
 * MongoDB's documented behaviour, checked through the official driver. With MONGODB_URI set it
 * runs against that server instead.
 */
import { Binary, BSON, DBRef, Db, MongoClient, MongoServerError, ObjectId } from 'mongodb';
import { startTarget, TestTarget, uniqueDbName } from './helpers';

describe('conformance: cases from mongoose suite', () => {
  let target: TestTarget;
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    target = await startTarget();
    client = new MongoClient(target.uri);
    await client.connect();
    db = client.db(uniqueDbName('msuite'));
  });

  afterAll(async () => {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
    await target.stop();
  });

  it('stores __proto__ and constructor paths as field names and never touches prototypes', async () => {
    const c = db.collection<any>('proto');
    await c.insertMany([
      { _id: 1, hello: 'world' },
      { _id: 2, hello: 'world' },
    ]);
    await c.updateOne({ _id: 1 }, { $rename: { hello: '__proto__.polluted' } });
    await c.updateOne({ _id: 2 }, { $rename: { hello: 'constructor.polluted' } });
    await c.updateOne({ _id: 2 }, { $set: { 'constructor.other': 1 } });
    // the engine runs in this process in npm test: a polluted prototype would show here
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
    const raw = await c.find({}, { raw: true }).sort({ _id: 1 }).toArray();
    const decoded = raw.map((b) => BSON.deserialize(b as unknown as Uint8Array));
    expect(Object.prototype.hasOwnProperty.call(decoded[0], '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(decoded[0], '__proto__')?.value).toEqual({ polluted: 'world' });
    expect(decoded[1].constructor).toEqual({ polluted: 'world', other: 1 });
    expect(await c.countDocuments({ 'constructor.polluted': 'world' })).toBe(1);
    // a later projection still works (a polluted Object.prototype broke every $project)
    const projected = await c.aggregate([{ $project: { _id: 1 } }, { $sort: { _id: 1 } }]).toArray();
    expect(projected).toEqual([{ _id: 1 }, { _id: 2 }]);
  });

  it('keeps a __proto__ field inside a $set value', async () => {
    const c = db.collection<any>('proto2');
    await c.insertOne({ _id: 1, path1: {} });
    const value: Record<string, unknown> = {};
    Object.defineProperty(value, '__proto__', { value: 'abcd', enumerable: true, configurable: true, writable: true });
    await c.updateOne({ _id: 1 }, { $set: { path1: value } });
    const [raw] = await c.find({ _id: 1 }, { raw: true }).toArray();
    const doc = BSON.deserialize(raw as unknown as Uint8Array);
    expect(Object.getOwnPropertyDescriptor(doc.path1, '__proto__')?.value).toBe('abcd');
  });

  it('$pull with an $or condition on array subdocuments', async () => {
    const c = db.collection<any>('pullor');
    await c.insertOne({ _id: 1, items: [{ a: 1 }, { a: 2, b: 1 }, { a: 3 }, { b: 2 }] });
    await c.updateOne({ _id: 1 }, { $pull: { items: { $or: [{ a: 1 }, { b: 2 }] } } } as any);
    expect((await c.findOne({ _id: 1 }))?.items).toEqual([{ a: 2, b: 1 }, { a: 3 }]);
  });

  it('$elemMatch on the $id of DBRefs', async () => {
    const c = db.collection<any>('dbrefs');
    const a = new ObjectId();
    const b = new ObjectId();
    await c.insertMany([
      { _id: 1, refs: [new DBRef('people', a)] },
      { _id: 2, refs: [new DBRef('people', b)] },
    ]);
    const found = await c.find({ refs: { $elemMatch: { $id: a } } }).toArray();
    expect(found.map((d) => d._id)).toEqual([1]);
    expect(await c.countDocuments({ 'refs.$id': b })).toBe(1);
  });

  it('$-prefixed field names in $set (MongoDB 5+)', async () => {
    const c = db.collection<any>('dollar');
    await c.updateOne({ _id: 1 }, { $set: { $myKey: 'x' } }, { upsert: true });
    await c.insertOne({ _id: 2, preferences: { $each: 1 } });
    await c.updateOne({ _id: 2 }, { $set: { 'preferences.$each': 42 } });
    const docs = await c.find().sort({ _id: 1 }).toArray();
    expect(docs).toEqual([
      { _id: 1, $myKey: 'x' },
      { _id: 2, preferences: { $each: 42 } },
    ]);
  });

  it('every positional $ path of one update names the element the query matched', async () => {
    const c = db.collection<any>('positional');
    await c.insertOne({ _id: 1, children: [{ name: 'foo' }, { name: 'baz' }] });
    const at = new Date('2024-01-01T00:00:00Z');
    await c.updateOne({ 'children.name': 'baz' }, { $set: { 'children.$.name': 'bar', 'children.$.updatedAt': at } });
    expect((await c.findOne({ _id: 1 }))?.children).toEqual([{ name: 'foo' }, { name: 'bar', updatedAt: at }]);
  });

  it('$sort by {$meta: "textScore"} in an aggregation', async () => {
    const c = db.collection<any>('textsort');
    await c.createIndex({ test: 'text' });
    await c.insertMany([{ test: 'a test' }, { test: 'test test' }]);
    const out = await c
      .aggregate([
        { $match: { $text: { $search: 'test' } } },
        { $sort: { score: { $meta: 'textScore' } } },
        { $project: { _id: 0, test: 1 } },
      ])
      .toArray();
    expect(out).toEqual([{ test: 'test test' }, { test: 'a test' }]);
  });

  it('nested projection syntax is the dotted one', async () => {
    const c = db.collection<any>('nestedproj');
    await c.insertOne({ _id: 1, name: 'n', account: { amount: 25, owner: 'o', taxIds: [42] } });
    const doc = await c.findOne({ _id: 1 }, { projection: { name: 1, account: { amount: 1 } } });
    expect(doc).toEqual({ _id: 1, name: 'n', account: { amount: 25 } });
  });

  it('refuses a document over 16 MiB', async () => {
    const c = db.collection<any>('big');
    const err = await c.insertOne({ data: 'x'.repeat(16 * 1024 * 1024) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect(String((err as Error).message)).toMatch(/too large/);
    expect(await c.countDocuments()).toBe(0);
  });

  it('$bits* operators on BinData (byte 0 low bit first)', async () => {
    const c = db.collection<any>('bits');
    const bytes = Buffer.alloc(16);
    bytes[0] = 0xff;
    await c.insertOne({ _id: 1, uuid: new Binary(bytes, 4) });
    const n = (f: object) => c.countDocuments({ uuid: f });
    expect(await n({ $bitsAllSet: [0, 4] })).toBe(1);
    expect(await n({ $bitsAllSet: 2 ** 15 })).toBe(0);
    expect(await n({ $bitsAnySet: 3 })).toBe(1);
    expect(await n({ $bitsAnySet: [8] })).toBe(0);
    expect(await n({ $bitsAnyClear: [0, 32] })).toBe(1);
    expect(await n({ $bitsAnyClear: 7 })).toBe(0);
    expect(await n({ $bitsAllClear: [16, 17, 18] })).toBe(1);
    expect(await n({ $bitsAllClear: 3 })).toBe(0);
  });

  describe('explain', () => {
    beforeAll(async () => {
      const c = db.collection<any>('explained');
      await c.createIndex({ n: 1 });
      await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ n: i, s: `s${i}` })));
    });

    const stages = (plan: any): any[] => (plan ? [plan, ...stages(plan.inputStage), ...(plan.inputStages ?? []).flatMap(stages)] : []);

    it('an indexed equality shows an index scan naming the index, with the documents examined', async () => {
      const e = await db.collection<any>('explained').find({ n: 7 }).explain('executionStats');
      const ixscan = stages(e.queryPlanner.winningPlan).find((s) => s.stage === 'IXSCAN');
      expect(ixscan?.indexName).toBe('n_1');
      expect(ixscan?.keyPattern).toEqual({ n: 1 });
      expect(e.executionStats.nReturned).toBe(1);
      expect(e.executionStats.totalDocsExamined).toBe(1);
      expect(e.executionStats.totalKeysExamined).toBeGreaterThanOrEqual(1);
    });

    it('an unindexed filter shows a collection scan of every document', async () => {
      const e = await db.collection<any>('explained').find({ s: 's7' }).explain('executionStats');
      expect(stages(e.queryPlanner.winningPlan).map((s) => s.stage)).toContain('COLLSCAN');
      expect(e.executionStats.totalDocsExamined).toBe(50);
      expect(e.executionStats.totalKeysExamined).toBe(0);
    });

    it('explains an aggregation with a leading $match', async () => {
      const e = await db
        .collection('explained')
        .aggregate([{ $match: { n: { $gte: 40 } } }, { $group: { _id: null, c: { $sum: 1 } } }])
        .explain('queryPlanner');
      const planner = e.queryPlanner ?? e.stages?.[0]?.$cursor?.queryPlanner;
      expect(stages(planner.winningPlan).find((s) => s.stage === 'IXSCAN')?.indexName).toBe('n_1');
    });
  });

  describe('geospatial', () => {
    beforeAll(async () => {
      const flat = db.collection<any>('geo2d');
      await flat.createIndex({ loc: '2d' });
      await flat.insertMany([
        { _id: 1, loc: [0, 0] },
        { _id: 2, loc: [3, 4] },
        { _id: 3, loc: [10, 10] },
        { _id: 4, loc: [1, 1] },
      ]);
      const sphere = db.collection<any>('geosphere');
      await sphere.createIndex({ loc: '2dsphere' });
      await sphere.insertMany([
        { _id: 'paris', loc: { type: 'Point', coordinates: [2.3522, 48.8566] } },
        { _id: 'london', loc: { type: 'Point', coordinates: [-0.1276, 51.5072] } },
        { _id: 'berlin', loc: { type: 'Point', coordinates: [13.405, 52.52] } },
        { _id: 'madrid', loc: { type: 'Point', coordinates: [-3.7038, 40.4168] } },
      ]);
    });
    const ids = (docs: any[]) => docs.map((d) => d._id);

    it('lists 2d and 2dsphere indexes', async () => {
      const keys = (await db.collection('geo2d').listIndexes().toArray()).map((i) => i.key);
      expect(keys).toContainEqual({ loc: '2d' });
    });

    it('$near on legacy pairs returns the nearest first, within $maxDistance', async () => {
      const c = db.collection<any>('geo2d');
      expect(ids(await c.find({ loc: { $near: [0, 0], $maxDistance: 5 } }).toArray())).toEqual([1, 4, 2]);
      expect(
        ids(
          await c
            .find({ loc: { $near: [10, 9] } })
            .limit(2)
            .toArray(),
        ),
      ).toEqual([3, 2]);
    });

    it('$geoWithin $box, $center and $polygon on legacy pairs', async () => {
      const c = db.collection<any>('geo2d');
      const q = async (f: object) =>
        ids(
          await c
            .find({ loc: { $geoWithin: f } })
            .sort({ _id: 1 })
            .toArray(),
        );
      expect(
        await q({
          $box: [
            [-1, -1],
            [2, 2],
          ],
        }),
      ).toEqual([1, 4]);
      expect(await q({ $center: [[3, 3], 1.5] })).toEqual([2]);
      expect(
        await q({
          $polygon: [
            [-1, -1],
            [5, -1],
            [5, 5],
            [-1, 3],
          ],
        }),
      ).toEqual([1, 2, 4]);
    });

    it('$near with $geometry is in meters and nearest first', async () => {
      const c = db.collection<any>('geosphere');
      const near = (max: number) =>
        c.find({ loc: { $near: { $geometry: { type: 'Point', coordinates: [2.35, 48.85] }, $maxDistance: max } } }).toArray();
      // Paris-London is about 344 km, Paris-Berlin about 878 km, Paris-Madrid about 1,053 km
      expect(ids(await near(400_000))).toEqual(['paris', 'london']);
      expect(ids(await near(1_000_000))).toEqual(['paris', 'london', 'berlin']);
    });

    it('$nearSphere and $centerSphere take radians on legacy pairs', async () => {
      const c = db.collection<any>('geo2d');
      expect(ids(await c.find({ loc: { $nearSphere: [0, 0], $maxDistance: 0.03 } }).toArray())).toEqual([1, 4]);
      const within = await c
        .find({ loc: { $geoWithin: { $centerSphere: [[0, 0], 0.03] } } })
        .sort({ _id: 1 })
        .toArray();
      expect(ids(within)).toEqual([1, 4]);
    });

    it('$geoWithin a GeoJSON polygon and $geoIntersects a line', async () => {
      const c = db.collection<any>('geosphere');
      const westEurope = {
        type: 'Polygon',
        coordinates: [
          [
            [-5, 45],
            [5, 45],
            [5, 55],
            [-5, 55],
            [-5, 45],
          ],
        ],
      };
      const within = await c
        .find({ loc: { $geoWithin: { $geometry: westEurope } } })
        .sort({ _id: 1 })
        .toArray();
      expect(ids(within)).toEqual(['london', 'paris']);
      const area = db.collection<any>('areas');
      await area.insertMany([
        {
          _id: 'square',
          shape: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
        {
          _id: 'far',
          shape: {
            type: 'Polygon',
            coordinates: [
              [
                [10, 10],
                [11, 10],
                [11, 11],
                [10, 11],
                [10, 10],
              ],
            ],
          },
        },
      ]);
      const line = {
        type: 'LineString',
        coordinates: [
          [-1, 0.5],
          [2, 0.5],
        ],
      };
      expect(ids(await area.find({ shape: { $geoIntersects: { $geometry: line } } }).toArray())).toEqual(['square']);
    });
  });

  describe('smaller gaps', () => {
    it('accepts a hashed index and answers equality queries on its field', async () => {
      const c = db.collection<any>('hashed');
      await c.createIndex({ t: 'hashed' });
      await c.insertMany([{ t: 'a' }, { t: 'b' }]);
      expect((await c.listIndexes().toArray()).map((i) => i.key)).toContainEqual({ t: 'hashed' });
      expect(await c.countDocuments({ t: 'a' })).toBe(1);
    });

    it('an aggregation hinted to an index reads in that index order', async () => {
      const c = db.collection<any>('hinted');
      await c.createIndex({ qty: -1, name: -1 });
      await c.insertMany([
        { name: 'Andrew', qty: 4 },
        { name: 'Betty', qty: 5 },
        { name: 'Charlie', qty: 4 },
      ]);
      const out = await c.aggregate([{ $match: {} }], { hint: { qty: -1, name: -1 } }).toArray();
      expect(out.map((d) => d.name)).toEqual(['Betty', 'Charlie', 'Andrew']);
    });

    it('refuses a capped collection without a size', async () => {
      const err = await db.createCollection('cappednosize', { capped: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect((err as MongoServerError).code).toBe(72);
    });

    it('creates a time-series collection, lists it as one, and stores and finds its documents', async () => {
      await db.createCollection('metrics', { timeseries: { timeField: 'at', metaField: 'meta', granularity: 'hours' } });
      const [info] = await db.listCollections({ name: 'metrics' }).toArray();
      expect(info.type).toBe('timeseries');
      const c = db.collection<any>('metrics');
      await c.insertOne({ at: new Date('2024-01-01T00:00:00Z'), meta: { s: 1 }, v: 3 });
      expect(await c.countDocuments({ v: 3 })).toBe(1);
    });

    it('setParameter accepts ttlMonitorSleepSecs', async () => {
      const r = await client.db('admin').command({ setParameter: 1, ttlMonitorSleepSecs: 1 });
      expect(r.ok).toBe(1);
    });
  });

  describe('collation', () => {
    beforeAll(async () => {
      await db.collection<any>('collated').insertMany([
        { _id: 1, name: 'a' },
        { _id: 2, name: 'A' },
        { _id: 3, name: 'Zeta' },
        { _id: 4, name: 'alpha' },
        { _id: 5, name: 'á' },
      ]);
    });
    const ids = (docs: any[]) => docs.map((d) => d._id);

    it('strength 1 ignores case and accents, strength 2 only case, 3 neither', async () => {
      const c = db.collection<any>('collated');
      const find = (strength: number) =>
        c
          .find({ name: 'a' }, { collation: { locale: 'en_US', strength } })
          .sort({ _id: 1 })
          .toArray();
      expect(ids(await find(1))).toEqual([1, 2, 5]);
      expect(ids(await find(2))).toEqual([1, 2]);
      expect(ids(await find(3))).toEqual([1]);
      expect(ids(await c.find({ name: 'a' }).toArray())).toEqual([1]);
    });

    it('caseLevel with strength 1 tells case apart but not accents', async () => {
      const c = db.collection<any>('collated');
      const docs = await c
        .find({ name: 'a' }, { collation: { locale: 'en', strength: 1, caseLevel: true } })
        .sort({ _id: 1 })
        .toArray();
      expect(ids(docs)).toEqual([1, 5]);
    });

    it('sorts by the locale, in find and in aggregation', async () => {
      const c = db.collection<any>('collated');
      const filter = { _id: { $in: [3, 4] } };
      expect(ids(await c.find(filter).sort({ name: 1 }).toArray())).toEqual([3, 4]);
      expect(
        ids(
          await c
            .find(filter, { collation: { locale: 'en' } })
            .sort({ name: 1 })
            .toArray(),
        ),
      ).toEqual([4, 3]);
      const agg = await c.aggregate([{ $match: filter }, { $sort: { name: 1 } }], { collation: { locale: 'en', strength: 1 } }).toArray();
      expect(ids(agg)).toEqual([4, 3]);
    });

    it("a collection's default collation applies to its queries", async () => {
      await db.createCollection('collatedDefault', { collation: { locale: 'en', strength: 2 } });
      const c = db.collection<any>('collatedDefault');
      await c.insertMany([{ name: 'x' }, { name: 'X' }]);
      expect(await c.countDocuments({ name: 'x' })).toBe(2);
    });

    it('updates and deletes honour the collation', async () => {
      const c = db.collection<any>('collatedWrites');
      await c.insertMany([
        { _id: 1, name: 'Bob' },
        { _id: 2, name: 'bob' },
        { _id: 3, name: 'alice' },
      ]);
      const u = await c.updateMany({ name: 'BOB' }, { $set: { seen: true } }, { collation: { locale: 'en', strength: 2 } });
      expect(u.modifiedCount).toBe(2);
      const d = await c.deleteMany({ name: 'ALICE' }, { collation: { locale: 'en', strength: 1 } });
      expect(d.deletedCount).toBe(1);
    });
  });
});
