#!/usr/bin/env node
// npm run bench:deid — median/p99 time to scan a 2,000-character post, throughput on a generated
// corpus, and the detector's memory (heap delta after loading the dictionaries).
// Run with --expose-gc for a steadier heap figure (the npm script does).
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

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

gc();
gc();
const heap0 = process.memoryUsage().heapUsed;
const t0 = performance.now();
const { detectPhi, warmUp } = require('../dist/index.js');
warmUp();
const loadMs = performance.now() - t0;
gc();
gc();
const heap1 = process.memoryUsage().heapUsed;

// ---- 2,000-character posts
const posts = Array.from({ length: 200 }, () => post(2000));
for (const p of posts.slice(0, 20)) detectPhi(p); // JIT warm-up
const times = [];
for (let r = 0; r < 5; r++)
  for (const p of posts) {
    const a = performance.now();
    detectPhi(p);
    times.push(performance.now() - a);
  }
times.sort((a, b) => a - b);
const q = (f) => times[Math.min(times.length - 1, Math.floor(f * times.length))];
// baseline in the same run: the rule pass alone (what shipped before the sequence model)
const { Detector } = require('../dist/detect.js');
const rulesOnly = new Detector();
for (const p of posts.slice(0, 20)) rulesOnly.detectRules(p);
const rtimes = [];
for (let r = 0; r < 5; r++)
  for (const p of posts) {
    const a = performance.now();
    rulesOnly.detectRules(p);
    rtimes.push(performance.now() - a);
  }
rtimes.sort((a, b) => a - b);
const rmed = rtimes[Math.floor(rtimes.length / 2)];
// worst crafted shape of 60,000 characters (test/adversarial.spec.ts has the full set)
const shapes = ['A ', 'St. ', ' ', 'a.', '1-', 'Aa ', 'MRN '].map((u) => u.repeat(Math.ceil(60000 / u.length)).slice(0, 59999) + '@');
let worst = 0;
for (const s of shapes) {
  detectPhi(s.slice(0, 2000));
  const a = performance.now();
  detectPhi(s);
  worst = Math.max(worst, performance.now() - a);
}

// ---- throughput on a ~5 MB generated corpus of mixed-length posts
const corpus = [];
let bytes = 0;
while (bytes < 5e6) {
  const p = post(200 + Math.floor(rnd() * 3800));
  corpus.push(p);
  bytes += Buffer.byteLength(p);
}
const b0 = performance.now();
let spans = 0;
for (const p of corpus) spans += detectPhi(p).length;
const secs = (performance.now() - b0) / 1000;

const mb = (x) => (x / 1048576).toFixed(1);
console.log(
  `deid bench (node ${process.version}, ${os.cpus().length} cpus, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}: timings on a busy machine are inflated)`,
);
console.log(`  dictionaries: loaded in ${loadMs.toFixed(0)} ms, heap +${mb(heap1 - heap0)} MB`);
console.log(`  2,000-char post: median ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(3)} ms (${times.length} scans)`);
console.log(
  `  same posts, rule pass alone (baseline, same run): median ${rmed.toFixed(3)} ms; model + rules / rules = ${(q(0.5) / rmed).toFixed(2)}x`,
);
console.log(`  worst of ${shapes.length} crafted 60,000-char inputs: ${worst.toFixed(1)} ms`);
console.log(
  `  throughput: ${(bytes / 1e6 / secs).toFixed(2)} MB/s over ${corpus.length} posts (${(bytes / 1e6).toFixed(1)} MB, ${spans} spans)`,
);
