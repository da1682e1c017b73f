import { groupSummaries, hoursBetween, percentile, summarize } from './percentiles';

describe('percentile (type 7, linear interpolation)', () => {
  it('matches known values', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(xs, 0.5)).toBeCloseTo(5.5);
    expect(percentile(xs, 0.9)).toBeCloseTo(9.1);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 1)).toBe(10);
  });
  it('handles one and no samples', () => {
    expect(percentile([4], 0.9)).toBe(4);
    expect(percentile([], 0.5)).toBeNull();
  });
  it('rejects p outside [0,1]', () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('sorts, drops non-finite values and rounds to 2 decimals', () => {
    expect(summarize([3, 1, 2, Number.NaN])).toEqual({ count: 3, p50: 2, p90: 2.8 });
    expect(summarize([])).toEqual({ count: 0, p50: null, p90: null });
    expect(summarize([1 / 3])).toEqual({ count: 1, p50: 0.33, p90: 0.33 });
  });
});

describe('groupSummaries', () => {
  it('counts a sample in every group it belongs to, once per group', () => {
    const samples = [
      { domains: [2, 3], h: 1 },
      { domains: [2, 2], h: 3 },
      { domains: [10], h: 5 },
    ];
    const g = groupSummaries(
      samples,
      (s) => s.domains,
      (s) => s.h,
    );
    expect(Object.keys(g)).toEqual(['2', '3', '10']);
    expect(g['2']).toEqual({ count: 2, p50: 2, p90: 2.8 });
    expect(g['3']).toEqual({ count: 1, p50: 1, p90: 1 });
  });
});

describe('hoursBetween', () => {
  it('returns fractional hours', () => {
    expect(hoursBetween(new Date(0), new Date(90 * 60_000))).toBe(1.5);
  });
});
