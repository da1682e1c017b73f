#!/usr/bin/env node
// A/B of two builds of the detector on the real ICU notes, in one process, per note, alternating
// which build goes first, timed on CPU time (user + system) so other processes on a loaded machine
// count less than in wall time. Each note is scanned once per build after 100 warm-up notes.
//   node libs/deid/bench/ab-notes.mjs libs/deid/dist <another dist dir>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const dirs = process.argv.slice(2).map((d) => path.resolve(d));
if (dirs.length !== 2) {
  process.stderr.write('usage: ab-notes.mjs <dist A> <dist B>\n');
  process.exit(2);
}
const notes = readFileSync(path.join(here, '../test/fixtures/physionet/physionet-dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l).text);
const detectors = dirs.map((d) => new (require(path.join(d, 'detect.js')).Detector)());
for (const n of notes.slice(0, 100)) for (const d of detectors) d.detect(n);
const cpu = (f) => {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};
const times = detectors.map(() => []);
notes.slice(100).forEach((n, k) => {
  for (const j of k % 2 ? [1, 0] : [0, 1]) times[j].push(cpu(() => detectors[j].detect(n)));
});
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const sum = (a) => a.reduce((x, y) => x + y, 0);
console.log(
  `A/B on ${notes.length - 100} real notes, CPU time, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
dirs.forEach((d, j) => console.log(`  ${d}: median ${median(times[j]).toFixed(3)} ms, total ${sum(times[j]).toFixed(0)} ms`));
console.log(`  A / B: median ${(median(times[0]) / median(times[1])).toFixed(2)}x, total ${(sum(times[0]) / sum(times[1])).toFixed(2)}x`);
