/** Mongoose 9 end-to-end against the engine over TCP: the path the application uses. */
import mongoose, { Schema } from 'mongoose';
import { startTarget, TestTarget, uniqueDbName, REAL_URI } from './helpers';

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
    expect(text).toMatchObject({ key: { _fts: 'text', _ftsx: 1 }, weights: { title: 1, body: 1 }, default_language: 'english', language_override: 'language', textIndexVersion: 3 });
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

    const found = await User.find({ age: { $gte: 40 } }).sort({ age: -1 }).lean();
    expect(found.map((u) => u.name)).toEqual(['Cyd', 'Ben']);

    const up = await User.updateOne({ email: 'd@example.org' }, { $set: { age: 60 }, $setOnInsert: { name: 'Dee' } }, { upsert: true });
    expect(up.upsertedCount).toBe(1);
    const dee = await User.findOne({ email: 'd@example.org' }).lean();
    expect(dee).toMatchObject({ name: 'Dee', age: 60 });

    const upd = await User.findOneAndUpdate({ email: 'a@example.org' }, { $inc: { visits: 2 }, $push: { tags: 'z' } }, { returnDocument: 'after' }).lean();
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
});
