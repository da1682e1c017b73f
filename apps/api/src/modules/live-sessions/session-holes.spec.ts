import { MAX_HOLES_PER_READ, staleHoles } from './session-holes';

const at = (msAgo: number, now: number) => new Date(now - msAgo);

describe('staleHoles', () => {
  const now = 1_000_000;
  const cutoff = now - 3000;

  it('finds nothing in a contiguous log', () => {
    expect(
      staleHoles(
        0,
        [1, 2, 3].map((seq) => ({ seq, at: at(10_000, now) })),
        cutoff,
      ),
    ).toEqual([]);
    expect(staleHoles(5, [], cutoff)).toEqual([]);
  });

  it('fills a hole once the event after it is older than the grace period', () => {
    const events = [
      { seq: 1, at: at(9000, now) },
      { seq: 4, at: at(5000, now) },
      { seq: 5, at: at(4000, now) },
    ];
    expect(staleHoles(0, events, cutoff)).toEqual([2, 3]);
  });

  it('leaves a young hole alone (its writer may still be inserting) and stops there', () => {
    const events = [
      { seq: 1, at: at(9000, now) },
      { seq: 3, at: at(100, now) },
      { seq: 6, at: at(50, now) },
    ];
    expect(staleHoles(0, events, cutoff)).toEqual([]);
  });

  it('fills older holes before a young one, in order, whatever the input order', () => {
    const events = [
      { seq: 9, at: at(10, now).toISOString() },
      { seq: 4, at: at(8000, now).toISOString() },
      { seq: 7, at: at(7000, now).toISOString() },
    ];
    expect(staleHoles(2, events, cutoff)).toEqual([3, 5, 6]);
  });

  it('ignores events at or below afterSeq and is bounded per read', () => {
    expect(
      staleHoles(
        10,
        [
          { seq: 3, at: at(9000, now) },
          { seq: 12, at: at(9000, now) },
        ],
        cutoff,
      ),
    ).toEqual([11]);
    expect(staleHoles(0, [{ seq: 5000, at: at(9000, now) }], cutoff)).toHaveLength(MAX_HOLES_PER_READ);
  });
});
