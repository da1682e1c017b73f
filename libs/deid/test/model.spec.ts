/**
 * The sequence model's two decoding paths agree: the runtime path (Tagger.tagAtoms, hashed
 * features, no strings) and the training script's path (Tagger.tag over feature strings) give the
 * same labels on fixture notes, with and without per-label biases in the weights header.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Detector } from '../src/detect';
import { LABELS } from '../src/model/features';
import { Tagger } from '../src/model/tagger';
import { MODEL } from '../src/model/weights';

const fixtures = path.join(__dirname, 'fixtures');
const notes = (file: string, n: number): string[] =>
  fs
    .readFileSync(path.join(fixtures, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .map((l) => (JSON.parse(l) as { text: string }).text);

const detector = new Detector();
const texts = [...notes('dev.jsonl', 6), ...notes('physionet/physionet-dev.jsonl', 20)];

/** The shipped weights with another header (same features). */
const withHeader = (head: string): string => head + MODEL.slice(MODEL.indexOf('\n'));

test.each([
  ['shipped header', MODEL.slice(0, MODEL.indexOf('\n'))],
  ['per-label biases', `v1 ${LABELS.length} 100 -30 0 0,-12,8,15,0,-5,3`],
])('runtime and training decoders give the same labels (%s)', (_name, head) => {
  const tagger = new Tagger(withHeader(head));
  let tokens = 0,
    flagged = 0;
  for (const text of texts) {
    const v = detector.modelView(text);
    const fast = tagger.tagAtoms(v.atoms, v.prior);
    const slow = tagger.tag(v.feats, (i) => v.atoms.dc[i], v.prior);
    expect(Array.from(fast)).toEqual(Array.from(slow));
    tokens += fast.length;
    flagged += fast.filter((x) => x > 0).length;
  }
  // the comparison is not vacuous: the notes have tokens and some are labelled as identifiers
  expect(tokens).toBeGreaterThan(1000);
  expect(flagged).toBeGreaterThan(10);
});

test('per-label biases move decisions toward the biased label', () => {
  const text = notes('physionet/physionet-dev.jsonl', 20).join('\n');
  const v = detector.modelView(text);
  const head = MODEL.slice(0, MODEL.indexOf('\n')).split(' ').slice(0, 5).join(' ');
  const count = (lb: string, k: number) => new Tagger(withHeader(`${head} ${lb}`)).tagAtoms(v.atoms, v.prior).filter((x) => x === k).length;
  expect(count('0,0,0,50,0,0,0', 3)).toBeGreaterThan(count('0,0,0,0,0,0,0', 3));
  expect(count('0,-50,0,0,0,0,0', 1)).toBeLessThan(count('0,0,0,0,0,0,0', 1));
  expect(() => new Tagger(withHeader(`${head} 1,2`))).toThrow(/label biases/);
});
