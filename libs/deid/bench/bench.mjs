#!/usr/bin/env node
// npm run bench:deid — median/p99 time to scan a 2,000-character post, throughput on a generated
// corpus, real ICU notes, crafted 6k/60k inputs (linearity), and the detector's memory (heap delta
// after loading the dictionaries). `-- --against <dist dir>` also measures another build (e.g. a copy of
// main's libs/deid/dist) in the same process and prints this/baseline ratios.
// Run with --expose-gc for a steadier heap figure (the npm script does).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const gc = globalThis.gc ?? (() => {});

// ---- generated corpus: clinical sentences with and without PHI, from seeded pseudo-random parts
let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = (a) => a[Math.floor(rnd() * a.length)];
const first = ['Maria', 'James', 'Keisha', 'Dmitri', 'Hope', 'Will', 'Aaliyah', 'Tomasz', 'Grace', 'Oluwaseun', 'Linh', 'Carlos'];
const last = ['Okafor', 'Delgado', 'Whitfield', 'Nguyen', 'Kowalski', 'Brandt', 'Haddad', 'Lindqvist', 'Pruitt', 'Yamamoto'];
const templates = [
  () =>
    `Mr. ${pick(last)} is a ${60 + Math.floor(rnd() * 45)}-year-old man with metastatic cancer admitted on ${1 + Math.floor(rnd() * 12)}/${1 + Math.floor(rnd() * 28)}/2024.`,
  () => `His daughter, ${pick(first)} ${pick(last)}, can be reached at 614-555-0${100 + Math.floor(rnd() * 899)}.`,
  () =>
    `Pain is ${Math.floor(rnd() * 10)}/10 on morphine ${Math.floor(rnd() * 10) + 1} mg PO q4h PRN; PPS ${10 * Math.floor(rnd() * 10)}%.`,
  () => 'The family asked about hospice; we discussed goals of care and code status using the Serious Illness Conversation Guide.',
  () =>
    `ESAS: pain ${Math.floor(rnd() * 10)}, tiredness ${Math.floor(rnd() * 10)}, nausea ${Math.floor(rnd() * 10)}, dyspnea ${Math.floor(rnd() * 10)}, anxiety ${Math.floor(rnd() * 10)}.`,
  () => `MRN ${Math.floor(rnd() * 1e8)}; seen at Valley Regional Medical Center in Dayton, OH 454${Math.floor(rnd() * 90) + 10}.`,
  () => 'There is no evidence of Parkinson disease; the Glasgow Coma Scale was 14 and Cheyne-Stokes breathing was noted on day 3.',
  () => `${pick(first)} asked whether stopping dialysis would feel like giving up. Email ${pick(first).toLowerCase()}@example.org.`,
  () => 'Haloperidol 0.5 mg SC q6h PRN was started for nausea; dexamethasone 4 mg daily continues. ICD-10 C25.9, Z51.5.',
];
const post = (len) => {
  let s = '';
  while (s.length < len) s += pick(templates)() + ' ';
  return s.slice(0, len);
};

const args = process.argv.slice(2);
const against = args.includes('--against') ? path.resolve(args[args.indexOf('--against') + 1]) : null;
const here = path.dirname(fileURLToPath(import.meta.url));

// real ICU nursing notes (the PhysioNet fixture; the generated posts above are repetitive templates)
const notes = readFileSync(path.join(here, '../test/fixtures/physionet/physionet-dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l).text);
const noteChars = notes.reduce((a, t) => a + t.length, 0);
const posts = Array.from({ length: 200 }, () => post(2000));
const SHAPES = ['A ', 'St. ', ' ', 'a.', '1-', 'a1', 'Aa ', 'MRN '];
const crafted = (u, n) => u.repeat(Math.ceil(n / u.length)).slice(0, n - 1) + '@';
const corpus = [];
let bytes = 0;
while (bytes < 5e6) {
  const p = post(200 + Math.floor(rnd() * 3800));
  corpus.push(p);
  bytes += Buffer.byteLength(p);
}

function timeAll(f, inputs, rounds) {
  const t = [];
  for (let r = 0; r < rounds; r++)
    for (const p of inputs) {
      const a = performance.now();
      f(p);
      t.push(performance.now() - a);
    }
  return t.sort((a, b) => a - b);
}
const at = (t, f) => t[Math.min(t.length - 1, Math.floor(f * t.length))];

/** Every figure for one build of the detector (dist directory). */
function measure(dist) {
  gc();
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const { detectPhi, warmUp } = require(path.join(dist, 'index.js'));
  warmUp();
  const loadMs = performance.now() - t0;
  gc();
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  for (const p of posts.slice(0, 20)) detectPhi(p); // JIT warm-up
  const times = timeAll(detectPhi, posts, 5);
  // baseline in the same run: the rule pass alone (what shipped before the sequence model)
  const { Detector } = require(path.join(dist, 'detect.js'));
  const rulesOnly = new Detector();
  for (const p of posts.slice(0, 20)) rulesOnly.detectRules(p);
  const rtimes = timeAll((p) => rulesOnly.detectRules(p), posts, 5);
  // real notes: warm up on the first 100, then each other note once, full and rules alternating
  // (a cache cannot replay a note it has seen)
  for (const p of notes.slice(0, 100)) {
    detectPhi(p);
    rulesOnly.detectRules(p);
  }
  const ntimes = [],
    rntimes = [];
  for (const p of notes.slice(100)) {
    rntimes.push(timeAll((x) => rulesOnly.detectRules(x), [p], 1)[0]);
    ntimes.push(timeAll(detectPhi, [p], 1)[0]);
  }
  ntimes.sort((a, b) => a - b);
  rntimes.sort((a, b) => a - b);
  // crafted shapes at 6,000 and 60,000 characters (test/adversarial.spec.ts has the full set)
  const shapes = SHAPES.map((u) => {
    detectPhi(crafted(u, 2000));
    const best = (n) => Math.min(...timeAll(detectPhi, [crafted(u, n)], 2));
    return { u, small: best(6000), big: best(60000) };
  });
  const b0 = performance.now();
  let spans = 0;
  for (const p of corpus) spans += detectPhi(p).length;
  const secs = (performance.now() - b0) / 1000;
  return { loadMs, heap: heap1 - heap0, times, rtimes, ntimes, rntimes, shapes, secs, spans };
}

const cur = measure(path.join(here, '../dist'));
const base = against ? measure(against) : null;
const mb = (x) => (x / 1048576).toFixed(1);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
console.log(
  `deid bench (node ${process.version}, ${os.cpus().length} cpus, load average ${load()}: timings on a busy machine are inflated)`,
);
function report(name, r) {
  const med = at(r.times, 0.5),
    rmed = at(r.rtimes, 0.5);
  const worst = r.shapes.reduce((a, s) => (s.big > a.big ? s : a));
  console.log(`${name}:`);
  console.log(`  dictionaries: loaded in ${r.loadMs.toFixed(0)} ms, heap +${mb(r.heap)} MB`);
  console.log(`  2,000-char post: median ${med.toFixed(3)} ms, p99 ${at(r.times, 0.99).toFixed(3)} ms (${r.times.length} scans)`);
  console.log(
    `  same posts, rule pass alone (baseline, same run): median ${rmed.toFixed(3)} ms; model + rules / rules = ${(med / rmed).toFixed(2)}x`,
  );
  console.log(
    `  real ICU notes (${notes.length - 100} after 100 for warm-up, mean ${(noteChars / notes.length).toFixed(0)} chars, each scanned once): median ${at(r.ntimes, 0.5).toFixed(3)} ms, p99 ${at(r.ntimes, 0.99).toFixed(3)} ms; rule pass alone median ${at(r.rntimes, 0.5).toFixed(3)} ms (${(at(r.ntimes, 0.5) / at(r.rntimes, 0.5)).toFixed(2)}x)`,
  );
  console.log(
    `  crafted inputs, 60,000 chars (x = time / time at 6,000 chars; linear is ~10): ${r.shapes.map((s) => `${JSON.stringify(s.u)} ${s.big.toFixed(0)} ms (${(s.big / s.small).toFixed(1)}x)`).join(', ')}`,
  );
  console.log(`  worst crafted 60,000-char input: ${worst.big.toFixed(1)} ms (${JSON.stringify(worst.u)})`);
  console.log(
    `  throughput: ${(bytes / 1e6 / r.secs).toFixed(2)} MB/s over ${corpus.length} posts (${(bytes / 1e6).toFixed(1)} MB, ${r.spans} spans)`,
  );
}
report('this build (libs/deid/dist)', cur);
if (base) {
  report(`baseline build (${against})`, base);
  const ratio = (f) => (f(cur) / f(base)).toFixed(2);
  console.log(`this / baseline, same run (load average now ${load()}):`);
  console.log(
    `  2,000-char median ${ratio((r) => at(r.times, 0.5))}x, real-note median ${ratio((r) => at(r.ntimes, 0.5))}x, worst crafted 60k ${ratio((r) => Math.max(...r.shapes.map((s) => s.big)))}x, throughput time ${ratio((r) => r.secs)}x`,
  );
}
