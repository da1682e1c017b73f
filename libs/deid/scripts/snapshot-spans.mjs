#!/usr/bin/env node
// Output-identity guard for speed work: runs the BUILT detector (libs/deid/dist) over every corpus
// in test/fixtures and training/, plus crafted and random adversarial strings, and records every
// span (start, end, type, suggestion) of the full detector and of the rule pass alone.
//
//   npx tsc -b libs/deid/tsconfig.build.json
//   node libs/deid/scripts/snapshot-spans.mjs --write /tmp/deid-spans.json   # before a change
//   node libs/deid/scripts/snapshot-spans.mjs --check /tmp/deid-spans.json   # after: exit 1 on any difference
//
// The snapshot is not committed: it changes whenever the weights or the rules change on purpose.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const { detectPhi } = require(path.join(root, 'dist/index.js'));
const { Detector } = require(path.join(root, 'dist/detect.js'));
const rulesOnly = new Detector();

const args = process.argv.slice(2);
const mode = args[0];
const file = args[1] ?? '/tmp/deid-spans.json';
if (mode !== '--write' && mode !== '--check') {
  process.stderr.write('usage: snapshot-spans.mjs --write|--check [file]\n');
  process.exit(2);
}

/** @type {Array<[string, string]>} */
const docs = [];
const jsonl = [
  'test/fixtures/physionet/physionet-dev.jsonl',
  'test/fixtures/dev.jsonl',
  'test/fixtures/dev-lowercase.jsonl',
  'test/fixtures/dev-unseen-names.jsonl',
  'test/fixtures/synthetic-b.jsonl',
  'training/synthetic-icu.jsonl',
];
for (const f of jsonl) {
  const lines = readFileSync(path.join(root, f), 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    const o = JSON.parse(line);
    docs.push([`${f}#${o.id}`, o.text]);
  }
}
for (const f of ['test/fixtures/clean-discussion.txt', 'test/fixtures/clinical-vocabulary.txt'])
  docs.push([f, readFileSync(path.join(root, f), 'utf8')]);

// crafted shapes (the adversarial spec's units) at a size that also exercises long runs
const { units, tails } = JSON.parse(readFileSync(path.join(root, 'test/fixtures/crafted-units.json'), 'utf8'));
units.forEach((u, k) => {
  for (const n of [37, 300, 4000]) {
    const t = tails[(k + n) % tails.length];
    docs.push([`crafted ${JSON.stringify(u)}+${JSON.stringify(t)} ${n}`, u.repeat(Math.ceil(n / u.length)).slice(0, n) + t]);
  }
});
// seeded random strings over the characters and words the patterns look at
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pieces = [
  ' ',
  ' ',
  ' ',
  '\n',
  'a',
  'A',
  'x',
  'B',
  '1',
  '9',
  '0',
  '.',
  '-',
  '/',
  '@',
  ':',
  '(',
  ')',
  ',',
  "'",
  '#',
  '+',
  'S',
  't',
  'e',
  ' at ',
  ' dot ',
  ' on ',
  ' born ',
  ' years ',
  ' old ',
  ' Mr ',
  ' St ',
  ' MRN ',
  ' phone ',
  ' com ',
  ' Jan ',
  ' 90 ',
  ' Street ',
  ' son ',
  ' Maria ',
  ' Okafor ',
  ' Dayton ',
  ' Hospital ',
  ' County ',
  ' yo ',
  ' F ',
  ' ext ',
  ' Box ',
  ' RR ',
];
for (let d = 0; d < 400; d++) {
  let s = '';
  const n = 20 + Math.floor(rnd() * 600);
  while (s.length < n) s += pieces[Math.floor(rnd() * pieces.length)];
  docs.push([`random ${d}`, s]);
}

const show = (spans) => spans.map((s) => `${s.start}-${s.end}:${s.type}:${s.suggestion ?? ''}`).join(' ');
const t0 = Date.now();
/** @type {Record<string, string>} */
const out = {};
const all = createHash('sha256');
for (const [id, text] of docs) {
  const line = show(detectPhi(text)) + ' || ' + show(rulesOnly.detectRules(text));
  out[id] = line;
  all.update(id + '\n' + line + '\n');
}
const digest = all.digest('hex');
const secs = ((Date.now() - t0) / 1000).toFixed(1);

if (mode === '--write') {
  writeFileSync(file, JSON.stringify({ digest, docs: out }));
  console.log(`wrote ${file}: ${docs.length} documents, digest ${digest.slice(0, 16)} (${secs} s)`);
} else {
  const want = JSON.parse(readFileSync(file, 'utf8'));
  let diffs = 0;
  for (const [id, line] of Object.entries(out)) {
    if (want.docs[id] === line) continue;
    diffs++;
    if (diffs <= 10) console.log(`DIFF ${id}\n  was ${want.docs[id]}\n  now ${line}`);
  }
  for (const id of Object.keys(want.docs)) if (!(id in out)) diffs++;
  console.log(
    `${docs.length} documents, ${diffs} differences, digest ${digest.slice(0, 16)} (snapshot ${want.digest.slice(0, 16)}) (${secs} s)`,
  );
  process.exit(diffs ? 1 : 0);
}
