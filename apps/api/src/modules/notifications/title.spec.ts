import { FALLBACK_TITLE, MAX_TITLE, quoted, safeTitle } from './title';

describe('notification titles', () => {
  it('keeps clean titles, caps long ones, and replaces flagged ones', () => {
    expect(safeTitle('New post in “A case”', () => true)).toBe('New post in “A case”');
    expect(safeTitle('x'.repeat(500), () => true).length).toBe(MAX_TITLE);
    expect(safeTitle('Call 303-555-0100', () => false)).toBe(FALLBACK_TITLE);
    expect(safeTitle('   ', () => true)).toBe(FALLBACK_TITLE);
    expect(quoted('A  long\ncase title', 8)).toBe('“A long …”');
  });
});
