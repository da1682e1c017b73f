#!/usr/bin/env node
// Trains the deid sequence model (greedy averaged perceptron over token features, see
// src/model/features.ts) and writes src/model/weights.ts. Deterministic (seeded shuffles).
//
//   npx tsc -b libs/deid/tsconfig.build.json && node libs/deid/scripts/train-model.mjs [--cv] [--no-write]
//
// Training data: the synthetic dev corpus and its variants (test/fixtures), the project's own
// synthetic cases (test/fixtures/synthetic-*.jsonl), and the real PhysioNet dev notes
// (test/fixtures/physionet, GPL: used for training and evaluation only). Word identity features
// are restricted to permissive vocabularies minus every word that occurs inside a gold identifier
// of any training corpus, so the weights contain no identifier and no note text.
// --cv: 5-fold cross-validation BY PATIENT on the real notes (the synthetic data is always in
// the training folds), printing span recall/precision per fold and overall for several O biases.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.join(here, '..');
const { Detector } = require(path.join(root, 'dist', 'detect.js'));
const { LABELS, labelOfType, featureKey } = require(path.join(root, 'dist', 'model', 'features.js'));
const pairsToIds = (f) => {
  const out = new Int32Array(f.length / 2);
  for (let q = 0; q < f.length; q += 2) out[q / 2] = intern(featureKey(f[q], f[q + 1]));
  return out;
};
const { Tagger, prevFeatures } = require(path.join(root, 'dist', 'model', 'tagger.js'));
const { isClinical } = require(path.join(root, 'dist', 'clinical.js'));

const args = process.argv.slice(2);
const EPOCHS = 6;
const K = LABELS.length;
const SCALE = 100;
const MISS_WEIGHT = 2; // a missed identifier costs twice a false alarm (recall first)

const fx = path.join(root, 'test', 'fixtures');
const load = (f) =>
  fs
    .readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
const synthetic = [
  'dev.jsonl',
  'dev-unseen-names.jsonl',
  'dev-lowercase.jsonl',
  ...fs.readdirSync(fx).filter((f) => /^synthetic-train.*\.jsonl$/.test(f)),
].flatMap((f) => load(path.join(fx, f)).map((d) => ({ ...d, src: f })));
const real = load(path.join(fx, 'physionet', 'physionet-dev.jsonl')).map((d) => ({ ...d, src: 'physionet', patient: d.id.split('-')[1] }));

// words inside any gold identifier never become identity features
const goldWords = new Set();
for (const d of [...synthetic, ...real])
  for (const s of d.spans)
    for (const w of d.text
      .slice(s.start, s.end)
      .toLowerCase()
      .match(/[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu) ?? [])
      goldWords.add(w);

const det = new Detector();
const lx = det.lx;
const vocab = (lo) => (lx.english.has(lo) || isClinical(lo)) && !goldWords.has(lo);

// ---- feature extraction, interned
const fid = new Map();
const intern = (f) => {
  let i = fid.get(f);
  if (i === undefined) {
    i = fid.size;
    fid.set(f, i);
  }
  return i;
};
function prepare(d) {
  const v = det.modelView(d.text, vocab);
  const gold = new Uint8Array(v.toks.length);
  let k = 0;
  const spans = [...d.spans].sort((a, b) => a.start - b.start);
  for (let i = 0; i < v.toks.length; i++) {
    const t = v.toks[i];
    while (k < spans.length && spans[k].end <= t.start) k++;
    if (k < spans.length && spans[k].start < t.end) gold[i] = labelOfType(spans[k].type);
  }
  return { d, feats: v.feats.map(pairsToIds), dc: v.feats.map((f) => f[7]), gold };
}
const t0 = Date.now();
const synthP = synthetic.map(prepare);
const realP = real.map(prepare);
console.error(`features: ${fid.size} distinct, ${synthP.length + realP.length} documents, ${((Date.now() - t0) / 1000).toFixed(1)} s`);

let seed = 12;
const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function train(docs) {
  seed = 12;
  const W = new Map(); // feature id -> Float64Array(K) weights
  const U = new Map(); // accumulated step * update (for averaging)
  let c = 1;
  const upd = (f, k, delta) => {
    let w = W.get(f);
    if (!w) {
      w = new Float64Array(K);
      W.set(f, w);
      U.set(f, new Float64Array(K));
    }
    w[k] += delta;
    U.get(f)[k] += c * delta;
  };
  const score = new Float64Array(K);
  for (let e = 0; e < EPOCHS; e++) {
    for (const doc of shuffle([...docs])) {
      let p1 = 0,
        p2 = 0;
      for (let i = 0; i < doc.feats.length; i++) {
        const dyn = pairsToIds(prevFeatures(p1, p2, doc.dc[i]));
        score.fill(0);
        for (const f of doc.feats[i]) {
          const w = W.get(f);
          if (w) for (let k = 0; k < K; k++) score[k] += w[k];
        }
        for (const f of dyn) {
          const w = W.get(f);
          if (w) for (let k = 0; k < K; k++) score[k] += w[k];
        }
        let best = 0;
        for (let k = 1; k < K; k++) if (score[k] > score[best]) best = k;
        const g = doc.gold[i];
        if (best !== g) {
          const step = g !== 0 && best === 0 ? MISS_WEIGHT : 1;
          for (const f of doc.feats[i]) {
            upd(f, g, step);
            upd(f, best, -step);
          }
          for (const f of dyn) {
            upd(f, g, step);
            upd(f, best, -step);
          }
        }
        p2 = p1;
        p1 = best; // greedy: condition on what the tagger itself predicted
        c++;
      }
    }
  }
  const names = [...fid.keys()];
  const lines = [];
  for (const [f, w] of W) {
    const u = U.get(f);
    const avg = Array.from(w, (x, k) => Math.round((x - u[k] / c) * SCALE));
    if (avg.some((x) => x !== 0)) lines.push(names[f] + '\t' + avg.join(' '));
  }
  lines.sort();
  return lines;
}
const serialize = (lines, oBias, ruleBias = RULE_BIAS) => `v1 ${K} ${SCALE} ${oBias} ${ruleBias}\n` + lines.join('\n');

function spanScore(docs, detect) {
  let gold = 0,
    goldHit = 0,
    pred = 0,
    predHit = 0;
  const ov = (a, b) => a.start < b.end && b.start < a.end;
  for (const d of docs) {
    const P = detect(d.text);
    for (const g of d.spans) {
      gold++;
      if (P.some((p) => ov(g, p))) goldHit++;
    }
    for (const p of P) {
      pred++;
      if (d.spans.some((g) => ov(g, p))) predHit++;
    }
  }
  return { recall: goldHit / gold, precision: pred ? predHit / pred : 0, gold, pred };
}

const RULE_BIAS = Number((args.find((a) => a.startsWith('--rule-bias=')) ?? '--rule-bias=0').slice(12));
const BIASES = [-25, -40, -55];
if (args.includes('--cv')) {
  const patients = [...new Set(real.map((d) => d.patient))].sort((a, b) => Number(a) - Number(b));
  const foldOf = new Map(patients.map((p, i) => [p, i % 5]));
  const agg = new Map(BIASES.map((b) => [b, { gold: 0, goldHit: 0, pred: 0, predHit: 0 }]));
  for (let f = 0; f < (args.includes('--one') ? 1 : 5); f++) {
    const trainDocs = [...synthP, ...synthP, ...synthP, ...realP.filter((x) => foldOf.get(x.d.patient) !== f)];
    const test = real.filter((d) => foldOf.get(d.patient) === f);
    const lines = train(trainDocs);
    const row = [];
    for (const b of BIASES) {
      const tagger = new Tagger(serialize(lines, b));
      if (args.includes('--rule-sweep'))
        for (const rb of [0, -20, -40, -70]) {
          const m2 = spanScore(test, (t) => det.detectWith(t, new Tagger(serialize(lines, b, rb))));
          console.log(`  fold ${f} bias ${b} rule bias ${rb}: R ${m2.recall.toFixed(3)} P ${m2.precision.toFixed(3)}`);
        }
      const m = spanScore(test, (t) => det.detectWith(t, tagger));
      const a = agg.get(b);
      a.gold += m.gold;
      a.goldHit += Math.round(m.recall * m.gold);
      a.pred += m.pred;
      a.predHit += Math.round(m.precision * m.pred);
      if (
        args.some((a) => a.startsWith('--show')) &&
        b === BIASES[Number((args.find((a) => a.startsWith('--show=')) ?? '--show=1').slice(7))]
      )
        for (const d of test) {
          const P = det.detectWith(d.text, tagger);
          const ov = (a, c) => a.start < c.end && c.start < a.end;
          for (const g of d.spans)
            if (!P.some((p) => ov(g, p)))
              console.error(
                `MISS ${d.id} ${g.type} ${JSON.stringify(d.text.slice(g.start, g.end))} …${JSON.stringify(d.text.slice(Math.max(0, g.start - 40), g.end + 30))}`,
              );
          for (const p of P)
            if (!d.spans.some((g) => ov(g, p)))
              console.error(
                `FP ${d.id} ${p.type} ${JSON.stringify(d.text.slice(p.start, p.end))} …${JSON.stringify(d.text.slice(Math.max(0, p.start - 40), p.end + 30))}`,
              );
        }
      row.push(`bias ${b}: R ${m.recall.toFixed(3)} P ${m.precision.toFixed(3)}`);
    }
    console.log(`fold ${f} (${test.length} notes, ${patients.filter((p) => foldOf.get(p) === f).length} patients): ${row.join(' | ')}`);
  }
  for (const [b, a] of agg)
    console.log(
      `CV by patient, bias ${b}: span recall ${(a.goldHit / a.gold).toFixed(3)} precision ${(a.predHit / a.pred).toFixed(3)} (${a.gold} gold, ${a.pred} predicted)`,
    );
}

if (!args.includes('--no-write')) {
  const bias = Number((args.find((a) => a.startsWith('--bias=')) ?? '--bias=-40').slice(7));
  const lines = train([...synthP, ...synthP, ...synthP, ...realP]);
  const body = serialize(lines, bias);
  const out = path.join(root, 'src', 'model', 'weights.ts');
  fs.writeFileSync(
    out,
    `// Generated by libs/deid/scripts/train-model.mjs (do not edit). ${lines.length} features, ${LABELS.length} labels.\n// No note text and no identifier: identity features only for permissive-vocabulary words absent from every gold span.\nexport const MODEL = ${JSON.stringify(body)};\n`,
  );
  console.error(`wrote ${out}: ${lines.length} features, ${(body.length / 1024).toFixed(0)} KB`);
}
