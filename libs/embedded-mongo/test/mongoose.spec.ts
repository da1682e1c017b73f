/** Mongoose 9 end-to-end against the engine over TCP: the path the application uses. */
import mongoose, { Schema } from 'mongoose';
import * as fs from 'fs';
import { startTarget, TestTarget, uniqueDbName, REAL_URI, tmpDir } from './helpers';
import { startEmbeddedMongo } from '../src';

describe('mongoose against the embedded engine', () => {
  let target: TestTarget;
  let conn: mongoose.Connection;

  beforeAll(async () => {
    target = await startTarget();
    conn = await mongoose.createConnection(target.uri, { dbName: uniqueDbName('mongoose') }).asPromise();
  });

  afterAll(async () => {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await target.stop();
  });

  const schema = new Schema({
    email: { type: String, required: true, unique: true },
    name: String,
    age: Number,
    title: String,
    body: String,
    tags: [String],
    visits: { type: Number, default: 0 },
  });
  schema.index({ title: 'text', body: 'text' });
  schema.index({ age: 1, name: -1 });

  it('syncs indexes (second sync is a no-op) and reports them in server format', async () => {
    const User = conn.model('User', schema);
    await User.syncIndexes();
    const dropped = await User.syncIndexes();
    expect(dropped).toEqual([]);
    const diff = await User.diffIndexes();
    expect(diff.toDrop).toEqual([]);
    expect(diff.toCreate).toEqual([]);
    const idx = await User.listIndexes();
    const text = idx.find((i) => i.name === 'title_text_body_text');
    expect(text).toMatchObject({
      key: { _fts: 'text', _ftsx: 1 },
      weights: { title: 1, body: 1 },
      default_language: 'english',
      language_override: 'language',
      textIndexVersion: 3,
    });
    expect(idx.find((i) => i.name === 'email_1')).toMatchObject({ unique: true, key: { email: 1 } });
  });

  it('creates, finds, updates, upserts, counts, aggregates and deletes', async () => {
    const User = conn.model('User', schema);
    await User.create([
      { email: 'a@example.org', name: 'Ann', age: 30, title: 'Running late', body: 'The dogs were running in the park', tags: ['x'] },
      { email: 'b@example.org', name: 'Ben', age: 40, title: 'Cats', body: 'A cat sat on the mat', tags: ['y'] },
      { email: 'c@example.org', name: 'Cyd', age: 50, title: 'Birds', body: 'Birds sing', tags: ['x', 'y'] },
    ]);
    await expect(User.create({ email: 'a@example.org' })).rejects.toMatchObject({ code: 11000, keyValue: { email: 'a@example.org' } });

    const found = await User.find({ age: { $gte: 40 } })
      .sort({ age: -1 })
      .lean();
    expect(found.map((u) => u.name)).toEqual(['Cyd', 'Ben']);

    const up = await User.updateOne({ email: 'd@example.org' }, { $set: { age: 60 }, $setOnInsert: { name: 'Dee' } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    const dee = await User.findOne({ email: 'd@example.org' }).lean();
    expect(dee).toMatchObject({ name: 'Dee', age: 60 });

    const upd = await User.findOneAndUpdate(
      { email: 'a@example.org' },
      { $inc: { visits: 2 }, $push: { tags: 'z' } },
      { returnDocument: 'after' },
    ).lean();
    expect(upd).toMatchObject({ visits: 2, tags: ['x', 'z'] });

    expect(await User.countDocuments({ tags: 'x' })).toBe(2);
    expect(await User.estimatedDocumentCount()).toBe(4);

    const agg = await User.aggregate([{ $match: { age: { $gte: 30 } } }, { $group: { _id: null, total: { $sum: '$age' } } }]);
    expect(agg).toEqual([{ _id: null, total: 180 }]);

    const hits = await User.find({ $text: { $search: 'run' } }, { score: { $meta: 'textScore' } }).lean();
    expect(hits.map((h) => h.email)).toEqual(['a@example.org']);
    expect((hits[0] as unknown as { score: number }).score).toBeGreaterThan(0);

    const del = await User.deleteMany({ age: { $lt: 45 } });
    expect(del.deletedCount).toBe(2);
    expect(await User.countDocuments()).toBe(2);
  });

  it('commits and aborts transactions', async () => {
    const Acc = conn.model('Acc', new Schema({ owner: String, balance: Number }));
    await Acc.createCollection();
    await Acc.create({ owner: 'x', balance: 10 });
    const session = await conn.startSession();
    await session.withTransaction(async () => {
      await Acc.updateOne({ owner: 'x' }, { $inc: { balance: -5 } }, { session });
      await Acc.create([{ owner: 'y', balance: 5 }], { session });
      // not visible outside the transaction before commit
      if (!REAL_URI) expect(await Acc.countDocuments({ owner: 'y' })).toBe(0);
      expect(await Acc.countDocuments({ owner: 'y' }).session(session)).toBe(1);
    });
    expect((await Acc.findOne({ owner: 'x' }).lean())?.balance).toBe(5);
    expect(await Acc.countDocuments({ owner: 'y' })).toBe(1);

    session.startTransaction();
    await Acc.create([{ owner: 'z', balance: 1 }], { session });
    await session.abortTransaction();
    expect(await Acc.countDocuments({ owner: 'z' })).toBe(0);
    await session.endSession();
  });

  it('streams cursors, populates, bulk-writes and reports insertMany duplicates', async () => {
    const Author = conn.model('Author', new Schema({ name: String }));
    const Book = conn.model(
      'Book',
      new Schema({ title: { type: String, unique: true }, author: { type: Schema.Types.ObjectId, ref: 'Author' }, n: Number }),
    );
    await Book.init();
    const a = await Author.create({ name: 'Ada' });
    await Book.insertMany(Array.from({ length: 250 }, (_, i) => ({ title: `b${i}`, author: a._id, n: i })));
    let seen = 0;
    for await (const b of Book.find().sort({ n: 1 }).cursor({ batchSize: 20 })) {
      expect(b.n).toBe(seen);
      seen++;
    }
    expect(seen).toBe(250);
    const pop = await Book.findOne({ title: 'b7' }).populate<{ author: { name: string } }>('author').lean();
    expect(pop?.author.name).toBe('Ada');
    const bw = await Book.bulkWrite([
      { insertOne: { document: { title: 'new', n: 1000 } } },
      { updateMany: { filter: { n: { $lt: 10 } }, update: { $inc: { n: 10000 } } } },
      { deleteOne: { filter: { title: 'b200' } } },
      { updateOne: { filter: { title: 'zzz' }, update: { $set: { n: -1 } }, upsert: true } },
    ]);
    expect(bw).toMatchObject({ insertedCount: 1, modifiedCount: 10, deletedCount: 1, upsertedCount: 1 });
    const err = await Book.insertMany([{ title: 'x1' }, { title: 'b1' }, { title: 'x2' }], { ordered: false }).catch((e) => e);
    expect(err.code).toBe(11000);
    expect(await Book.countDocuments({ title: { $in: ['x1', 'x2'] } })).toBe(2);
    expect(await Book.exists({ title: 'b3' })).toBeTruthy();
    expect((await Book.distinct('author')).map(String)).toEqual([String(a._id)]);
  });
});

(REAL_URI ? describe.skip : describe)('mongoose across an engine restart', () => {
  it('leaves indexes alone on the second start (syncIndexes is a no-op)', async () => {
    const dir = tmpDir('em-mongoose-');
    const schema = new Schema({ email: { type: String, unique: true }, title: String, body: String, at: Date });
    schema.index({ title: 'text', body: 'text' }, { weights: { title: 3 } });
    schema.index({ at: 1 }, { expireAfterSeconds: 3600 });
    schema.index({ email: 1, at: -1 }, { partialFilterExpression: { at: { $exists: true } } });
    const run = async () => {
      const db = await startEmbeddedMongo({ dir });
      const c = await mongoose.createConnection(db.uri, { dbName: 'restart' }).asPromise();
      const M = c.model('M', schema);
      const diff = await M.diffIndexes();
      const dropped = await M.syncIndexes();
      const names = (await M.listIndexes()).map((i) => i.name);
      await c.close();
      await db.stop();
      return { diff, dropped, names };
    };
    const first = await run();
    expect(first.diff.toCreate.length).toBe(4);
    const second = await run();
    expect(second.diff).toEqual({ toDrop: [], toCreate: [] });
    expect(second.dropped).toEqual([]);
    expect(second.names).toEqual(first.names);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
