import { credentials, quotedNicknames, relations, signoffs, speechVerbs, titles } from '../../src/rules/context-names';
import { labelled } from './harness';

describe('R1 titles', () => {
  test('a strong title names the run after it, lowercase too', () => {
    expect(labelled('Seen with Mrs. Okonkwo-Baptiste today.', titles)).toEqual(['NAME:Okonkwo-Baptiste']);
    expect(labelled('spoke with dr vanterpool', titles)).toEqual(['NAME:vanterpool']);
  });
  test('a weak title needs a capital and stops at clinical words', () => {
    expect(labelled('Chaplain Ruth visited.', titles)).toEqual(['NAME:Ruth']);
    expect(labelled('the chaplain visited.', titles)).toEqual([]);
  });
});

describe('R2 relations and roles', () => {
  test('relation then name, with or without a comma', () => {
    expect(labelled('His son, Brian Kaminski, called.', relations)).toEqual(['NAME:Brian', 'NAME:Kaminski']);
    expect(labelled('her daughter Hope is here', relations)).toEqual(['NAME:Hope']);
  });
  test('a relation followed by an ordinary word names nobody', () => {
    expect(labelled('His son Arrived late and her husband Agrees.', relations)).toEqual([]);
  });
  test('a relation remembers itself on the label', () => {
    const c = labelled('wife Marisol at bedside', relations);
    expect(c).toEqual(['NAME:Marisol']);
  });
});

describe('quoted nicknames', () => {
  test('a quoted word after "call her" is a name, any case', () => {
    expect(labelled('Family call her "zaza" at home.', quotedNicknames)).toEqual(['NAME:zaza']);
  });
});

describe('R3 credentials and sign-offs', () => {
  test('a name before a credential', () => {
    expect(labelled('Note by Helen Cho, NP.', credentials)).toEqual(['NAME:Helen', 'NAME:Cho']);
  });
  test('two-letter credentials that are also states need a comma', () => {
    expect(labelled('Transferred from Boston MA last week.', credentials)).toEqual([]);
  });
  test('a name after a sign-off', () => {
    expect(labelled('Thanks,\nMarisol', signoffs)).toEqual(['NAME:Marisol']);
  });
});

describe('R4 speech and person verbs', () => {
  test('a capitalised non-word before a speech verb', () => {
    expect(labelled('Later Zdenka asked about hospice.', speechVerbs)).toEqual(['NAME:Zdenka']);
  });
  test('a possessive before a relation', () => {
    expect(labelled("We met Zdenka's husband.", speechVerbs)).toEqual(['NAME:Zdenka']);
  });
  test('clinical words before a verb are not names', () => {
    expect(labelled('Morphine said to help. Dyspnea remains.', speechVerbs)).toEqual([]);
  });
});
