import { TickBatcher } from './tick-batcher';

describe('TickBatcher', () => {
  it('answers every load of one tick with one fetch of the distinct keys', async () => {
    const calls: string[][] = [];
    const b = new TickBatcher<string, number>((keys) => {
      calls.push(keys);
      return Promise.resolve(new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.length])));
    });
    const got = await Promise.all([b.load('a'), b.load('bb'), b.load('a'), b.load('none')]);
    expect(got).toEqual([1, 2, 1, undefined]);
    expect(calls).toEqual([['a', 'bb', 'none']]);
    // a later tick is a new read: nothing is kept between batches
    expect(await b.load('a')).toBe(1);
    expect(calls).toEqual([['a', 'bb', 'none'], ['a']]);
  });

  it('rejects every waiter of a failed batch, and the next batch reads again', async () => {
    let fail = true;
    const b = new TickBatcher<string, string>((keys) =>
      fail ? Promise.reject(new Error('down')) : Promise.resolve(new Map(keys.map((k) => [k, k]))),
    );
    const results = await Promise.allSettled([b.load('x'), b.load('y')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await b.load('x')).toBe('x');
  });

  it('splits a large tick into batches of at most maxBatch keys', async () => {
    const sizes: number[] = [];
    const b = new TickBatcher<number, number>((keys) => {
      sizes.push(keys.length);
      return Promise.resolve(new Map(keys.map((k) => [k, k * 2])));
    }, 3);
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((k) => b.load(k)))).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(sizes).toEqual([3, 3, 1]);
  });
});
