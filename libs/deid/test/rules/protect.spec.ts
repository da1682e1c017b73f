import { run } from './harness';

const protectedWords = (text: string): string[] => {
  const c = run(text);
  return c.W.filter((i) => c.prot[i]).map((i) => c.toks[i].s);
};
const technicalWords = (text: string): string[] => {
  const c = run(text);
  return c.W.filter((i) => c.technical[i]).map((i) => c.toks[i].s);
};

describe('protection', () => {
  test('ambiguous eponyms before their noun, place-named scales', () => {
    expect(protectedWords('No sign of Parkinson disease; Glasgow Coma Scale 14.')).toEqual(
      expect.arrayContaining(['Parkinson', 'Glasgow']),
    );
  });
  test('multi-word countries', () => {
    expect(protectedWords('Moved from United Kingdom.')).toEqual(['United', 'Kingdom']);
  });
  test('technical: glued to digits, inner capitals, drug before a dose, citations', () => {
    expect(technicalWords('SpO2 95%, QTc long, Zyprexa 5 mg, Temel et al.')).toEqual(expect.arrayContaining(['QTc', 'Zyprexa', 'Temel']));
  });
});
