/**
 * Regression guard on every corpus we have, with the same any-overlap metric as
 * ../shared/deid/score.mjs. Thresholds sit just under the figures reached when they were set
 * (libs/deid/README.md lists the figures and the commands); recall by type is printed.
 *
 * - physionet: the real ICU nursing dev notes (GPL test fixture, see fixtures/physionet/LICENSE.md).
 *   The model was trained on them, so this is a training score; the honest estimate is the
 *   cross-validation by patient printed by scripts/train-model.mjs --cv (README).
 * - dev: the 60 synthetic dev cases (also in training).
 * - synthetic-b: a second synthetic corpus written for this project with other names and formats,
 *   never used for training (fixtures/make-synthetic-b.cjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPhi } from '../src';
import type { PhiSpan } from '../src';

// regression guard, just under the figures when set (physionet is a training score: see README for CV by patient)
// training score (the model is trained on these notes): the retrain of 2026-12-03 trades fit to them
// for unseen patients (CV recall 0.873 -> 0.876, precision 0.600 -> 0.620), so recall here went
// 0.966 -> 0.956 while precision rose 0.738 -> 0.748; the CV in the README is the privacy measure.
const RECALL_REAL = 0.95;
// care-unit vocabulary and the digits-plus-word phone veto: 0.755 -> 0.760
const PRECISION_REAL = 0.75;
const RECALL_B = 0.98;
const PRECISION_B = 0.98;

interface Doc {
  id: string;
  text: string;
  spans: Array<{ start: number; end: number; type: string }>;
}
const load = (...p: string[]): Doc[] =>
  readFileSync(join(__dirname, 'fixtures', ...p), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Doc);

function evaluate(docs: Doc[]) {
  const ov = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
  let gold = 0,
    hit = 0,
    pred = 0,
    predHit = 0,
    cleanDocs = 0,
    cleanFlagged = 0,
    words = 0,
    cleanFlags = 0;
  const byType = new Map<string, { n: number; hit: number }>();
  for (const d of docs) {
    const P: PhiSpan[] = detectPhi(d.text);
    for (const g of d.spans) {
      gold++;
      const t = byType.get(g.type) ?? { n: 0, hit: 0 };
      t.n++;
      if (P.some((p) => ov(g, p))) {
        hit++;
        t.hit++;
      }
      byType.set(g.type, t);
    }
    for (const p of P) {
      pred++;
      if (d.spans.some((g) => ov(g, p))) predHit++;
    }
    if (!d.spans.length) {
      cleanDocs++;
      if (P.length) cleanFlagged++;
      cleanFlags += P.length;
      words += (d.text.match(/\S+/g) ?? []).length;
    }
  }
  const types = [...byType]
    .sort((a, b) => b[1].n - a[1].n)
    .map(([t, v]) => `${t} ${v.hit}/${v.n} (${(v.hit / v.n).toFixed(3)})`)
    .join(', ');
  return {
    recall: hit / gold,
    precision: pred ? predHit / pred : 0,
    gold,
    pred,
    cleanDocs,
    cleanFlagged,
    flagsPer1000Words: words ? (1000 * cleanFlags) / words : 0,
    types,
  };
}

const report = (name: string, m: ReturnType<typeof evaluate>): void => {
  console.log(
    `${name}: span recall ${m.recall.toFixed(3)}, precision ${m.precision.toFixed(3)} (${m.gold} gold, ${m.pred} predicted); clean notes flagged ${m.cleanFlagged}/${m.cleanDocs}, ${m.flagsPer1000Words.toFixed(1)} flags per 1,000 words of clean notes\n  recall by type: ${m.types}`,
  );
};

describe('real ICU nursing notes (PhysioNet deid dev half, GPL fixture)', () => {
  const docs = load('physionet', 'physionet-dev.jsonl');
  const m = evaluate(docs);
  report('physionet-dev', m);
  test('the whole fixture is there', () => {
    expect(docs.length).toBe(1450);
    expect(m.gold).toBe(970);
  });
  test('span recall', () => expect(m.recall).toBeGreaterThanOrEqual(RECALL_REAL));
  test('precision', () => expect(m.precision).toBeGreaterThanOrEqual(PRECISION_REAL));
});

describe('synthetic dev corpus', () => {
  const m = evaluate(load('dev.jsonl'));
  report('dev', m);
  test('span recall', () => expect(m.recall).toBeGreaterThanOrEqual(0.99));
  test('precision', () => expect(m.precision).toBeGreaterThanOrEqual(0.95));
});

describe('second synthetic corpus (other names and formats, never trained on)', () => {
  const m = evaluate(load('synthetic-b.jsonl'));
  report('synthetic-b', m);
  test('span recall', () => expect(m.recall).toBeGreaterThanOrEqual(RECALL_B));
  test('precision', () => expect(m.precision).toBeGreaterThanOrEqual(PRECISION_B));
});
