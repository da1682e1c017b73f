/**
 * Percentile math for the quality-improvement figures, as pure functions (no Nest), unit-tested.
 *
 * Method: linear interpolation between closest ranks (Hyndman & Fan type 7, the default of R,
 * NumPy and Excel PERCENTILE.INC): rank h = (n − 1)·p, value = x⌊h⌋ + (h − ⌊h⌋)(x⌈h⌉ − x⌊h⌋).
 * With one sample every percentile is that sample; with none there is no percentile (null).
 */
import type { PercentileSummaryDto } from '@casebridge/contracts';

export type PercentileSummary = PercentileSummaryDto;

export function percentile(sortedAscending: number[], p: number): number | null {
  if (p < 0 || p > 1 || Number.isNaN(p)) throw new RangeError(`percentile p must be within [0, 1] (got ${p})`);
  const n = sortedAscending.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sortedAscending[lo] + (h - lo) * (sortedAscending[hi] - sortedAscending[lo]);
}

const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

export function summarize(values: number[]): PercentileSummary {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return { count: sorted.length, p50: round2(percentile(sorted, 0.5)), p90: round2(percentile(sorted, 0.9)) };
}

/**
 * Groups samples by one or more keys each (an escalation tagged with domains 2 and 3 counts in
 * both groups) and summarizes each group. Keys come back sorted for stable output.
 */
export function groupSummaries<T>(
  samples: T[],
  keysOf: (s: T) => (string | number)[],
  valueOf: (s: T) => number,
): Record<string, PercentileSummary> {
  const groups = new Map<string, number[]>();
  for (const s of samples) {
    for (const k of new Set(keysOf(s).map(String))) {
      let g = groups.get(k);
      if (!g) groups.set(k, (g = []));
      g.push(valueOf(s));
    }
  }
  const out: Record<string, PercentileSummary> = {};
  for (const k of [...groups.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) out[k] = summarize(groups.get(k)!);
  return out;
}

/** Hours between two instants (the response time of an escalation: created → answered). */
export function hoursBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / 3_600_000;
}
