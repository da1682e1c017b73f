/**
 * A 2,000-character post scans in a few milliseconds. Timed on CPU time (user + system of this
 * process), so that other processes on a shared, loaded CI machine do not count, and against a
 * baseline from the same run: the rule pass alone on the same text. `npm run bench:deid` reports
 * the real figures (median, p99, real notes, crafted inputs, ratio to a baseline build).
 */
import { Detector } from '../src/detect';
import { detectPhi } from '../src';

const cpuMs = (f: () => void): number => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

test('a 2,000-character post scans in a few milliseconds, within a small multiple of the rule pass', () => {
  const base =
    'Mr. Delgado, 94, was admitted to Valley Regional Medical Center on 06/10/2023 with pain 8/10 on morphine 5 mg q4h. His daughter Carla (614-555-0199) asked about hospice. PPS 40%, ESAS pain 7/10. ';
  let text = '';
  while (text.length < 2000) text += base;
  text = text.slice(0, 2000);
  const rulesOnly = new Detector();
  detectPhi(text); // warm up (loads dictionaries)
  rulesOnly.detectRules(text);
  const full: number[] = [],
    rules: number[] = [];
  for (let i = 0; i < 30; i++) {
    rules.push(cpuMs(() => rulesOnly.detectRules(text)));
    full.push(cpuMs(() => detectPhi(text)));
  }
  // the spans are real (not an empty fast path)
  expect(detectPhi(text).length).toBeGreaterThan(10);
  // generous bounds for shared CI machines and jest's slower globals: bench:deid measured ~2-4 ms
  // for rules + model and ~1-2x the rule pass on such posts (see libs/deid/README.md, Measured)
  expect(median(full)).toBeLessThan(30);
  expect(median(full) / Math.max(median(rules), 0.5)).toBeLessThan(8);
});
