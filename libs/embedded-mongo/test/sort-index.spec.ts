/**
 * A sort with a limit on an indexed field walks the index: it examines about `limit` documents,
 * not the collection, and returns what an in-memory sort returns.
 */
import { MongoClient } from 'mongodb';
import { startTarget, TestTarget, uniqueDbName, REAL_URI } from './helpers';

describe('sort with limit on an indexed field', () => {
  let target: TestTarget;
  let client: MongoClient;
  const N = 2000;
  /** k is a permutation of 0..N-1, so the expected order is known */
  const kOf = (i: number) => (i * 7919) % N;

  beforeAll(async () => {
    target = await startTarget();
    client = new MongoClient(target.uri);
    await client.connect();
  });
  afterAll(async () => {
    await client.close();
    await target.stop();
  });

  const examined = async (): Promise<number> =>
    REAL_URI ? 0 : ((await client.db('admin').command({ serverStatus: 1 })).embedded.docsExamined as number);

  const setup = async () => {
    const col = client.db(uniqueDbName('sortix')).collection<{ _id: number; k: number; g: number; u?: number }>('c');
    await col.insertMany(Array.from({ length: N }, (_, i) => ({ _id: i, k: kOf(i), g: i % 7, u: kOf(i) })));
    await col.createIndex({ k: 1 });
    return col;
  };

  it('examines only the documents it returns, in the right order, both directions and with skip', async () => {
    const col = await setup();
    const cases: [Record<string, 1 | -1>, number, number, Record<string, unknown>][] = [
      [{ k: -1 }, 0, 5, {}],
      [{ k: 1 }, 0, 5, {}],
      [{ k: 1 }, 10, 5, {}],
      [{ _id: -1 }, 0, 3, {}],
      [{ k: 1 }, 0, 4, { g: 3 }], // an unindexed filter: walk and test until 4 match
    ];
    for (const [sort, skip, limit, filter] of cases) {
      const field = Object.keys(sort)[0];
      const unindexedSort = { [field === 'k' ? 'u' : field]: sort[field] };
      const before = await examined();
      const got = await col.find(filter).sort(sort).skip(skip).limit(limit).toArray();
      const cost = (await examined()) - before;
      const expected = await col.find(filter).sort(unindexedSort).skip(skip).limit(limit).toArray();
      expect(got).toEqual(expected);
      expect(got).toHaveLength(limit);
      if (!REAL_URI) {
        const bound = Object.keys(filter).length ? (skip + limit) * 7 + 7 : skip + limit;
        expect(cost).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('falls back to sorting in memory when the index cannot give the order', async () => {
    const col = await setup();
    // mixed directions across fields, a field the index lacks, and a multikey index
    const mixed = await col.find({}).sort({ k: 1, g: -1 }).limit(3).toArray();
    expect(mixed.map((d) => d.k)).toEqual([0, 1, 2]);
    const byG = await col.find({}).sort({ g: -1, k: 1 }).limit(2).toArray();
    expect(byG.map((d) => [d.g, d.k])).toEqual([
      [
        6,
        Math.min(
          ...Array.from({ length: N }, (_, i) => i)
            .filter((i) => i % 7 === 6)
            .map(kOf),
        ),
      ],
      [6, expect.any(Number)],
    ]);
    await col.insertOne({ _id: N, k: [-5, 99999] as unknown as number, g: 0 });
    const asc = await col.find({}).sort({ k: 1 }).limit(2).toArray();
    expect(asc.map((d) => d._id)).toEqual([N, 0]); // the array sorts by its smallest element
    const desc = await col.find({}).sort({ k: -1 }).limit(1).toArray();
    expect(desc[0]._id).toBe(N); // and by its largest descending
  });
});
