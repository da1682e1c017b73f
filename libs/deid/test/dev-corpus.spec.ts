import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectPhi } from '../src';
import { score } from './helpers';

// A copy of ../shared/deid/dev.jsonl so the test runs on a clone without ../shared.
const corpus = readFileSync(join(__dirname, 'fixtures', 'dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { id: string; text: string; spans: Array<{ start: number; end: number; type: string }> });

describe('dev corpus (same any-overlap metric as score.mjs)', () => {
  const m = score(corpus, detectPhi);
  test('corpus loaded', () => {
    expect(corpus.length).toBe(60);
    expect(m.gold).toBeGreaterThan(300);
  });
  test('span recall >= 0.99', () => expect(m.recall).toBeGreaterThanOrEqual(0.99));
  test('token recall >= 0.98', () => expect(m.tokenRecall).toBeGreaterThanOrEqual(0.98));
  test('precision >= 0.90', () => expect(m.precision).toBeGreaterThanOrEqual(0.9));
});

// Robustness variants of the same corpus (built by fixtures/make-variants.cjs and a lowercasing pass):
// every gold name replaced by invented non-dictionary words, and the whole text lowercased.
describe('dev corpus variants', () => {
  const load = (f: string) =>
    readFileSync(join(__dirname, 'fixtures', f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { text: string; spans: Array<{ start: number; end: number }> });
  test('invented names the dictionaries have never seen: recall >= 0.99', () => {
    const m = score(load('dev-unseen-names.jsonl'), detectPhi);
    expect(m.recall).toBeGreaterThanOrEqual(0.99);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
  });
  test('all-lowercase text: recall >= 0.97', () => {
    const m = score(load('dev-lowercase.jsonl'), detectPhi);
    expect(m.recall).toBeGreaterThanOrEqual(0.97);
    expect(m.precision).toBeGreaterThanOrEqual(0.9);
  });
});
