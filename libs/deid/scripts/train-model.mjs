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
const EPOCHS = Number((args.find((a) => a.startsWith('--epochs=')) ?? '--epochs=6').slice(9));
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
// generated ICU-shorthand notes (scripts/make-icu-notes.mjs), weighted once; --no-icu leaves them out
const icuFile = path.join(root, 'training', 'synthetic-icu.jsonl');
const icu = !args.includes('--no-icu') && fs.existsSync(icuFile) ? load(icuFile).map((d) => ({ ...d, src: 'icu' })) : [];
const real = load(path.join(fx, 'physionet', 'physionet-dev.jsonl')).map((d) => ({ ...d, src: 'physionet', patient: d.id.split('-')[1] }));

// words inside any gold identifier never become identity features
const goldWords = new Set();
for (const d of [...synthetic, ...icu, ...real])
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
const icuP = icu.map(prepare);
console.error(
  `features: ${fid.size} distinct, ${synthP.length + icuP.length + realP.length} documents, ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);

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
const serialize = (lines, oBias, ruleBias = RULE_BIAS, lb = SHIP.lb) =>
  `v1 ${K} ${SCALE} ${oBias} ${ruleBias}${lb.some((x) => x) ? ' ' + lb.join(',') : ''}\n` + lines.join('\n');

const RULE_BIAS = Number((args.find((a) => a.startsWith('--rule-bias=')) ?? '--rule-bias=0').slice(12));
const GOLD_TYPES = ['NAME', 'LOCATION', 'DATE', 'AGE', 'PHONE', 'OTHER_ID'];
const goldType = (t) => (t === 'FAX' ? 'PHONE' : GOLD_TYPES.includes(t) ? t : 'OTHER_ID');
// the shipped operating point: O bias and per-label biases (O, NAME, LOCATION, DATE, AGE, PHONE, ID)
// O -45 with NAME -20, LOCATION -10 and DATE +15: chosen on the CV curve (2026-12-03) as the point
// that keeps recall at or above the global -40 point while cutting name and place false alarms;
// DATE +15 buys back the recall the cuts lose. These are the shipped weights' settings.
// With the extra generated notes (training/README.md) the CV favours O -40 [-15,-10,15] or
// [-10,-5,10] (libs/deid/README.md), but those weights regress hand-written cases, so they are not shipped.
const SHIP = { o: -45, lb: [0, -20, -10, 15, 0, 0, 0] };
// operating points evaluated on every fold (the trade-off curve); the first is the shipped one
const lbOf = (name, loc, date, id) => [0, name, loc, date, 0, id, id];
const POINTS = [
  { o: SHIP.o, lb: SHIP.lb },
  ...[-20, -25, -30, -35, -40, -45, -50, -55, -65].map((o) => ({ o, lb: [0, 0, 0, 0, 0, 0, 0] })),
  ...[-15, 15].flatMap((d) => [lbOf(d, 0, 0, 0), lbOf(0, d, 0, 0), lbOf(0, 0, d, 0), lbOf(0, 0, 0, d)].map((lb) => ({ o: SHIP.o, lb }))),
  // combined per-type points around the NAME cut (name false alarms dominate)
  ...[
    [-40, lbOf(-10, 0, 0, 0)],
    [-40, lbOf(-20, 0, 0, 0)],
    [-40, lbOf(-25, 0, 0, 0)],
    [-40, lbOf(-15, -10, 0, 0)],
    [-40, lbOf(-15, 0, 15, 0)],
    [-40, lbOf(-15, -10, 15, 0)],
    [-40, lbOf(-10, 0, 15, 0)],
    [-40, lbOf(-20, 0, 15, 0)],
    [-40, lbOf(-15, -5, 15, 0)],
    [-40, lbOf(-15, 0, 10, 0)],
    [-40, lbOf(-20, 0, 20, 0)],
    [-40, lbOf(-10, -5, 10, 0)],
    [-45, lbOf(-20, -10, 0, 0)],
    [-45, lbOf(-20, -10, 15, 0)],
    [-50, lbOf(-25, -15, 0, -5)],
  ].map(([o, lb]) => ({ o, lb })),
];
const pointName = (p) => `O ${p.o}` + (p.lb.some((x) => x) ? ` [${p.lb.slice(1).join(',')}]` : '');

/** A coarse shape class of a span's text, for grouping errors by category (never printed with the text). */
function shapeClass(s) {
  return s
    .replace(/\p{Lu}+/gu, 'X')
    .replace(/\p{Ll}+/gu, 'x')
    .replace(/\d+/g, 'd')
    .replace(/\s+/g, '_')
    .slice(0, 12);
}

/** Span scores with per-type recall and false positives grouped by predicted type and shape. */
function spanScoreDetail(docs, detect, errors) {
  const ov = (a, b) => a.start < b.end && b.start < a.end;
  const r = { gold: 0, goldHit: 0, pred: 0, predHit: 0, byType: {}, fpByType: {} };
  for (const d of docs) {
    const P = detect(d.text);
    for (const g of d.spans) {
      const t = goldType(g.type);
      const bt = (r.byType[t] ??= { gold: 0, hit: 0 });
      r.gold++;
      bt.gold++;
      if (P.some((p) => ov(g, p))) {
        r.goldHit++;
        bt.hit++;
      } else if (errors) {
        const k = `MISS ${t} ${shapeClass(d.text.slice(g.start, g.end))}`;
        errors.set(k, (errors.get(k) ?? 0) + 1);
      }
    }
    for (const p of P) {
      r.pred++;
      if (d.spans.some((g) => ov(g, p))) r.predHit++;
      else {
        const t = goldType(p.type);
        r.fpByType[t] = (r.fpByType[t] ?? 0) + 1;
        if (errors) {
          const k = `FP   ${t} ${shapeClass(d.text.slice(p.start, p.end))}`;
          errors.set(k, (errors.get(k) ?? 0) + 1);
        }
      }
    }
  }
  return r;
}
const addInto = (a, m) => {
  a.gold += m.gold;
  a.goldHit += m.goldHit;
  a.pred += m.pred;
  a.predHit += m.predHit;
  for (const [t, v] of Object.entries(m.byType)) {
    const x = (a.byType[t] ??= { gold: 0, hit: 0 });
    x.gold += v.gold;
    x.hit += v.hit;
  }
  for (const [t, v] of Object.entries(m.fpByType)) a.fpByType[t] = (a.fpByType[t] ?? 0) + v;
};
const fmt = (a) => `R ${(a.goldHit / a.gold).toFixed(3)} P ${(a.predHit / Math.max(1, a.pred)).toFixed(3)}`;

if (args.includes('--cv')) {
  const patients = [...new Set(real.map((d) => d.patient))].sort((a, b) => Number(a) - Number(b));
  const foldOf = new Map(patients.map((p, i) => [p, i % 5]));
  const agg = POINTS.map(() => ({ gold: 0, goldHit: 0, pred: 0, predHit: 0, byType: {}, fpByType: {} }));
  const errors = new Map();
  for (let f = 0; f < (args.includes('--one') ? 1 : 5); f++) {
    const trainDocs = [...synthP, ...synthP, ...synthP, ...icuP, ...realP.filter((x) => foldOf.get(x.d.patient) !== f)];
    const test = real.filter((d) => foldOf.get(d.patient) === f);
    const lines = train(trainDocs);
    const row = [];
    POINTS.forEach((pt, q) => {
      const tagger = new Tagger(serialize(lines, pt.o, RULE_BIAS, pt.lb));
      const m = spanScoreDetail(test, (t) => det.detectWith(t, tagger), q === 0 ? errors : undefined);
      addInto(agg[q], m);
      if (q < 1) row.push(`${pointName(pt)}: ${fmt(m)}`);
      if (q === 0 && args.includes('--show'))
        for (const d of test) {
          const P = det.detectWith(d.text, tagger);
          const ov = (a, c) => a.start < c.end && c.start < a.end;
          for (const g of d.spans)
            if (!P.some((p) => ov(g, p)))
              console.error(`MISS ${d.id} ${g.type} ${JSON.stringify(d.text.slice(Math.max(0, g.start - 40), g.end + 30))}`);
          for (const p of P)
            if (!d.spans.some((g) => ov(g, p)))
              console.error(`FP ${d.id} ${p.type} ${JSON.stringify(d.text.slice(Math.max(0, p.start - 40), p.end + 30))}`);
        }
    });
    console.log(`fold ${f} (${test.length} notes, ${patients.filter((p) => foldOf.get(p) === f).length} patients): ${row.join(' | ')}`);
  }
  console.log('\nCV by patient (5 folds), operating points (O bias [NAME,LOC,DATE,AGE,PHONE,ID] biases):');
  POINTS.forEach((pt, q) => {
    const a = agg[q];
    const types = GOLD_TYPES.filter((t) => a.byType[t])
      .map((t) => `${t} ${(a.byType[t].hit / a.byType[t].gold).toFixed(3)}`)
      .join(' ');
    const fps = GOLD_TYPES.filter((t) => a.fpByType[t])
      .map((t) => `${t} ${a.fpByType[t]}`)
      .join(' ');
    console.log(
      `${q === 0 ? '*' : ' '} ${pointName(pt).padEnd(28)} ${fmt(a)} (${a.gold} gold, ${a.pred} predicted) | recall ${types} | FP ${fps}`,
    );
  });
  console.log('\nerrors at the shipped point, by type and shape (top 40):');
  for (const [k, c] of [...errors].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${String(c).padStart(4)} ${k}`);
}

if (!args.includes('--no-write')) {
  const bias = Number((args.find((a) => a.startsWith('--bias=')) ?? `--bias=${SHIP.o}`).slice(7));
  const lines = train([...synthP, ...synthP, ...synthP, ...icuP, ...realP]);
  const body = serialize(lines, bias, RULE_BIAS, SHIP.lb);
  const out = path.join(root, 'src', 'model', 'weights.ts');
  fs.writeFileSync(
    out,
    `// Generated by libs/deid/scripts/train-model.mjs (do not edit). ${lines.length} features, ${LABELS.length} labels.\n// No note text and no identifier: identity features only for permissive-vocabulary words absent from every gold span.\nexport const MODEL = ${JSON.stringify(body)};\n`,
  );
  console.error(`wrote ${out}: ${lines.length} features, ${(body.length / 1024).toFixed(0)} KB`);
}
