import { RECONNECT, reconnectDelayMs, resendDelayMs, retryAfterFrom } from './backoff';

describe('reconnectDelayMs', () => {
  it('grows exponentially up to the cap, with the jitter spread over the whole range', () => {
    const top = (attempt: number) => reconnectDelayMs(attempt, () => 0.999999);
    expect([0, 1, 2, 3].map(top)).toEqual([250, 500, 1000, 1500]);
    expect(top(50)).toBe(RECONNECT.capMs);
    expect(reconnectDelayMs(50, () => 0.5)).toBe(750);
    expect(reconnectDelayMs(50, () => 0)).toBe(RECONNECT.floorMs);
  });

  it('spreads a fleet at the cap instead of aligning it', () => {
    const delays = Array.from({ length: 2000 }, () => reconnectDelayMs(20));
    const buckets = new Array(6).fill(0);
    for (const d of delays) buckets[Math.min(5, Math.floor(d / 250))] += 1;
    // every quarter second of the cap's range holds a share of the fleet, none holds most of it
    for (const b of buckets) expect(b).toBeLessThan(2000 / 2);
    expect(buckets.filter((b) => b > 100)).toHaveLength(6);
  });
});

describe('retryAfterFrom', () => {
  it("reads the server's retry-after from a shed handshake and ignores other errors", () => {
    expect(retryAfterFrom({ message: 'RATE_LIMITED', data: { code: 'RATE_LIMITED', retryAfterMs: 800 } }, () => 0)).toBe(800);
    expect(retryAfterFrom({ data: { retryAfterMs: 800 } }, () => 1)).toBe(1000);
    expect(retryAfterFrom({ message: 'AUTH.UNAUTHORIZED' })).toBeUndefined();
    expect(retryAfterFrom({ data: { retryAfterMs: 'soon' } })).toBeUndefined();
    expect(retryAfterFrom(null)).toBeUndefined();
  });
});

describe('resendDelayMs', () => {
  it("waits the server's retry-after for a busy refusal, the back-off for a timeout or a database outage", () => {
    expect(resendDelayMs('RATE_LIMITED', { retryAfterSeconds: 2 }, 0, () => 0)).toBe(2000);
    expect(resendDelayMs('RATE_LIMITED', undefined, 3, () => 0.999999)).toBe(1500);
    expect(resendDelayMs('SOCKET.TIMEOUT', undefined, 0, () => 0.5)).toBe(125);
    expect(resendDelayMs('DB.UNAVAILABLE', null, 1, () => 0.5)).toBe(250);
  });

  it('gives up on a final refusal', () => {
    for (const code of ['CASE.NOT_FOUND', 'AUTH.FORBIDDEN', 'VALIDATION.FAILED']) expect(resendDelayMs(code, undefined, 0)).toBeUndefined();
  });
});
