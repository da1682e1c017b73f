/**
 * Decimal128 is exact (comparison, hashing, $inc), $addToSet compares numbers by value, and a
 * text index in a language the engine cannot stem is refused at creation.
 */
import { Decimal128, Double, Long, MongoClient } from 'mongodb';
import { startTarget, TestTarget, uniqueDbName } from './helpers';

const D = (s: string) => Decimal128.fromString(s);

describe('numeric semantics', () => {
  let target: TestTarget;
  let client: MongoClient;
  const coll = (name: string) => client.db(uniqueDbName('num')).collection<any>(name);

  beforeAll(async () => {
    target = await startTarget();
    client = new MongoClient(target.uri);
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await target.stop();
  });

  it('adds Decimal128 values exactly with $inc', async () => {
    const c = coll('inc');
    await c.insertOne({ _id: 1, d: D('0.2'), big: D('12345678901234567890.1') });
    await c.updateOne({ _id: 1 }, { $inc: { d: D('0.1'), big: D('0.01') } });
    const doc = await c.findOne({ _id: 1 });
    expect(doc.d.toString()).toBe('0.3');
    expect(doc.big.toString()).toBe('12345678901234567890.11');
    await c.updateOne({ _id: 1 }, { $inc: { d: Long.fromNumber(2) } });
    expect((await c.findOne({ _id: 1 })).d.toString()).toBe('2.3');
  });

  it('compares and hashes Decimal128 exactly: no collision with a nearby int, equality with an equal one', async () => {
    const c = coll('ids');
    await c.insertOne({ _id: 1 });
    // differs from 1 in the 25th digit: a distinct _id
    await c.insertOne({ _id: D('1.000000000000000000000001') });
    // equal in value to the int 1: a duplicate, as on the server
    await expect(c.insertOne({ _id: D('1.0') })).rejects.toMatchObject({ code: 11000 });
    expect(await c.countDocuments()).toBe(2);
    expect(await c.countDocuments({ _id: { $gt: 1 } })).toBe(1);
    expect(await c.countDocuments({ _id: D('1') })).toBe(1);

    const v = coll('cmp');
    await v.insertMany([
      { _id: 'a', x: D('0.10000000000000000001') },
      { _id: 'b', x: D('0.1') },
      { _id: 'c', x: 0.1 }, // the double nearest 0.1 is 0.1000000000000000055511151231257827...
    ]);
    expect(
      (
        await v
          .find({ x: { $gt: D('0.1') } })
          .sort({ _id: 1 })
          .toArray()
      ).map((d) => d._id),
    ).toEqual(['a', 'c']);
    expect((await v.find({}).sort({ x: 1, _id: 1 }).toArray()).map((d) => d._id)).toEqual(['b', 'a', 'c']);
  });

  it('$addToSet treats 1, 1.0 and NumberLong(1) as the same element', async () => {
    const c = coll('set');
    await c.insertOne({ _id: 1, s: [1] });
    await c.updateOne({ _id: 1 }, { $addToSet: { s: new Double(1) } });
    await c.updateOne({ _id: 1 }, { $addToSet: { s: { $each: [Long.fromNumber(1), D('1.00'), 2] } } });
    expect((await c.findOne({ _id: 1 })).s).toEqual([1, 2]);
  });

  it('refuses a text index whose default_language it cannot stem, at creation', async () => {
    const c = coll('text');
    await expect(c.createIndex({ body: 'text' }, { default_language: 'french' })).rejects.toMatchObject({ code: 67 });
    expect(
      (
        await c
          .listIndexes()
          .toArray()
          .catch(() => [])
      ).map((i) => i.name),
    ).not.toContain('body_text');
    await c.createIndex({ body: 'text' }, { default_language: 'none' });
    await c.insertOne({ body: 'the running dogs' });
    expect(await c.countDocuments({ $text: { $search: 'running' } })).toBe(1);
  });
});
