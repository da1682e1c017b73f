import { tokenize } from '../../src/rules/tokens';

describe('tokenize', () => {
  test('words keep inner apostrophes and hyphens; a possessive is its own token', () => {
    const t = tokenize("Carla's G-tube O'Neil 12 mg.");
    expect(t.map((x) => x.s)).toEqual(['Carla', "'s", 'G-tube', "O'Neil", '12', 'mg', '.']);
    expect(t[1].lo).toBe("'s");
    expect(t[0].cap && !t[0].allCaps).toBe(true);
  });

  test('ALL-CAPS needs two capitals; lowercase words are marked', () => {
    const [a, b, c] = tokenize('HTN I pain');
    expect(a.allCaps).toBe(true);
    expect(b.allCaps).toBe(false);
    expect(c.lower).toBe(true);
  });

  test('sentence and line starts, but not after an abbreviation or an initial', () => {
    const t = tokenize('Seen by Dr. Ames today. Plan set\nNext visit with J. Ames');
    const init = t.filter((x) => x.init).map((x) => x.s);
    expect(init).toEqual(['Seen', 'Plan', 'Next']);
  });

  test('a header colon or a bullet opens a sentence', () => {
    const t = tokenize('NEURO: Alert • Calm');
    expect(t.filter((x) => x.init).map((x) => x.s)).toEqual(['NEURO', 'Alert', 'Calm']);
  });
});
