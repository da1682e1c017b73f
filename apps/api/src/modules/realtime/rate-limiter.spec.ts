import { TokenBucketLimiter } from './rate-limiter';

describe('TokenBucketLimiter', () => {
  it('allows the capacity, then refuses with a retry time, then refills over the window', () => {
    let now = 0;
    const limiter = new TokenBucketLimiter(3, 3000, () => now);
    expect([limiter.take('u'), limiter.take('u'), limiter.take('u')]).toEqual([0, 0, 0]);
    expect(limiter.take('u')).toBe(1);
    expect(limiter.take('other')).toBe(0);
    now += 1000;
    expect(limiter.take('u')).toBe(0);
    expect(limiter.take('u')).toBeGreaterThan(0);
  });
});
