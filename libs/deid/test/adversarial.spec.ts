/**
 * Linear time on any input: crafted inputs that make backtracking regexes
 * explode (long whitespace runs around optional groups, `a.a.a.…`, long words before `@`,
 * repeated capitalised initials, digit/punctuation chains) and random strings over the characters
 * the patterns care about. A super-linear pattern takes seconds on these; the bound is generous
 * for a shared, loaded CI machine, and the ratio check catches quadratic growth directly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { detectPhi, warmUp } from '../src';

/** Shared with scripts/snapshot-spans.mjs: each unit repeated to a length, then a tail. */
const { units: UNITS, tails: TAILS } = JSON.parse(readFileSync(path.join(__dirname, 'fixtures/crafted-units.json'), 'utf8')) as {
  units: string[];
  tails: string[];
};
const PREFIXED_RUNS = ['90', 'born', 'on', 'MRN', 'Jan', 'aged', 'Mr.', '12/', 'phone'];

function fill(unit: string, tail: string, n: number): string {
  return unit.repeat(Math.ceil((n - tail.length) / unit.length)).slice(0, n - tail.length) + tail;
}

function crafted(n: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  UNITS.forEach((u, k) => {
    // every unit with a rotating tail, so each shape meets a trigger at the end
    const t = TAILS[k % TAILS.length];
    out.push([`${JSON.stringify(u)} + ${JSON.stringify(t)}`, fill(u, t, n)]);
  });
  for (const p of PREFIXED_RUNS)
    for (const t of ['x', '1', ' years old', '@a.com']) out.push([`${p} <spaces> ${t}`, p + ' '.repeat(n - p.length - t.length) + t]);
  return out;
}

/**
 * Best of k runs, in milliseconds of this process's CPU time (user + system): on a shared, loaded
 * machine wall time also counts the time other processes held the cores, CPU time does not.
 */
function bestOf(k: number, f: () => void): number {
  let best = Infinity;
  for (let i = 0; i < k; i++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return best;
}

// The target is 50 ms; it is NOT met: bench:deid prints the worst 60,000-character crafted
// input at ~0.3 s on a quiet 2-core machine (`A A A …`: mostly the rule pass; the model reuses
// cached token scores on repetitive input). What this spec guards is linearity: before the
// backtracking fix the quadratic shapes took 0.2-1.4 s at 6,000 characters, i.e. minutes at 60,000,
// so a bound of several times the measured worst (in CPU time, see bestOf) plus the ratio check
// below still separate linear from super-linear by two orders of magnitude.
const BOUND_MS = 1750;

beforeAll(() => warmUp());

describe('every crafted shape up to 60,000 characters scans in bounded, linear time', () => {
  const shapes = crafted(60000);
  test.each(shapes.map(([name, text]) => [name, text]))('%s', (_name, text) => {
    expect(text.length).toBe(60000);
    detectPhi(text.slice(0, 2000)); // JIT warm-up on the same shape
    const ms = bestOf(3, () => detectPhi(text));
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

// Linearity, measured directly: 10x the input must cost about 10x the time. A quadratic pattern
// costs 100x; 40x leaves room for noise and for the small input's fixed costs while still failing
// anything super-linear. (bench:deid prints the same ratio for its crafted shapes.)
test('scan time grows linearly: 10x the input costs well under 100x the time (< 40x)', () => {
  const ratios: Array<{ shape: string; ratio: number }> = [];
  for (const u of ['A ', 'St. ', ' ', 'a.', '1-', 'a1', '90 ', 'MRN ', 'Aa, ']) {
    const small = fill(u, '@', 6000);
    const big = fill(u, '@', 60000);
    detectPhi(small);
    const ts = Math.max(
      bestOf(3, () => detectPhi(small)),
      2,
    );
    const tb = bestOf(2, () => detectPhi(big));
    ratios.push({ shape: u, ratio: tb / ts });
  }
  // every shape was measured, and none grew super-linearly (the failure lists the offenders)
  expect(ratios).toHaveLength(9);
  expect(ratios.filter((r) => !(r.ratio < 40))).toEqual([]);
});

test('random strings over the characters the patterns look at scan in bounded time', () => {
  const chars = [' ', ' ', '\n', 'a', 'A', 'x', '1', '9', '0', '.', '-', '/', '@', ':', '(', ')', ',', "'", '#', '+', 'S', 't', 'e'];
  const words = ['at', 'dot', 'on', 'born', 'years', 'old', 'Mr', 'St', 'MRN', 'phone', 'com', 'Jan', '90', 'Street', 'son'];
  const unit = fc.oneof(fc.constantFrom(...chars), fc.constantFrom(...words.map((w) => ` ${w} `)));
  fc.assert(
    fc.property(fc.array(unit, { minLength: 1000, maxLength: 12000 }), (parts) => {
      const text = parts.join('').slice(0, 60000);
      const ms = bestOf(1, () => detectPhi(text));
      return ms < BOUND_MS;
    }),
    { numRuns: 25, seed: 12 },
  );
});
