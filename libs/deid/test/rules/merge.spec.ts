import { relations, titles } from '../../src/rules/context-names';
import { propagateNames } from '../../src/rules/propagation';
import { emitNames, merge } from '../../src/rules/merge';
import { run } from './harness';

describe('emitNames', () => {
  test('adjacent name tokens join; a later mention of a relative is suggested as the relation', () => {
    const text = 'Her son, Brian Kaminski, called. Kaminski asked about hospice.';
    const c = run(text, relations, propagateNames, emitNames);
    expect(c.out.map((o) => [text.slice(o.start, o.end), o.suggestion])).toEqual([
      ['Brian Kaminski', '[name]'],
      ['Kaminski', "the patient's son"],
    ]);
  });
  test('"Jr" stays inside the name', () => {
    const text = 'Seen with Mr. Okafor Jr. today';
    const c = run(text, titles, emitNames);
    expect(c.out.map((o) => text.slice(o.start, o.end))).toEqual(['Okafor Jr']);
  });
});

describe('merge', () => {
  test('overlaps merge into the union, typed by the strongest candidate', () => {
    const text = 'call 614-555-0199 now';
    const spans = merge(text, [
      { start: 5, end: 12, type: 'OTHER_ID', prio: 40 },
      { start: 5, end: 17, type: 'PHONE', prio: 90 },
    ]);
    expect(spans).toEqual([{ start: 5, end: 17, type: 'PHONE', suggestion: '[phone]' }]);
  });
  test('a suggestion that repeats the identifying text falls back to the type placeholder', () => {
    const text = 'in Dayton Ohio today';
    const spans = merge(text, [{ start: 3, end: 14, type: 'LOCATION', prio: 50, suggestion: 'Dayton' }]);
    expect(spans[0].suggestion).toBe('[place]');
  });
  test('keepPrio keeps the priority for the model view', () => {
    const spans = merge('x Ann y', [{ start: 2, end: 5, type: 'NAME', prio: 64 }], true);
    expect(spans).toEqual([{ start: 2, end: 5, type: 'NAME', prio: 64, suggestion: '[name]' }]);
  });
});
