import { relations } from '../../src/rules/context-names';
import { nameSequences } from '../../src/rules/dictionary-names';
import { particleSurnames, propagateNames } from '../../src/rules/propagation';
import { run, labelled } from './harness';

describe('propagation', () => {
  test('a surname after name particles', () => {
    expect(labelled('Met Maria Alvarado de la Cruz today.', nameSequences, particleSurnames)).toContain('NAME:Cruz');
  });
  test('every other mention of a found name, with the relation it was introduced by', () => {
    const text = 'Her daughter, Zdenka, visited. Later Zdenka asked about hospice.';
    const c = run(text, relations, propagateNames);
    const hits = c.W.filter((i) => c.labels[i]).map((i) => [c.toks[i].start, c.labels[i]!.rel]);
    expect(hits).toEqual([
      [text.indexOf('Zdenka'), 'daughter'],
      [text.lastIndexOf('Zdenka'), 'daughter'],
    ]);
  });
  test('an English-word name propagates only when capitalised', () => {
    const text = 'Her daughter Hope called. We hope to meet Hope soon.';
    expect(labelled(text, relations, propagateNames)).toEqual(['NAME:Hope', 'NAME:Hope']);
  });
});
