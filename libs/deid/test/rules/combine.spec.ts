import { labelOfType, modelTokens, type TokenAtoms } from '../../src/model/features';
import { combine, type View } from '../../src/rules/combine';
import type { RuleSpan } from '../../src/rules/merge';

/** A view whose model labels are given per word (the tagger is not under test here). */
function view(text: string, ruleSpans: RuleSpan[]): View {
  const toks = modelTokens(text);
  return { toks, atoms: {} as TokenAtoms, rule: new Uint8Array(toks.length), ruleSpans, prior: new Uint8Array(toks.length) };
}
const label = (v: View, text: string, words: Record<string, string>): Uint8Array =>
  Uint8Array.from(v.toks.map((t) => (words[text.slice(t.start, t.end)] ? labelOfType(words[text.slice(t.start, t.end)]) : 0)));
const never = (): boolean => false;
const shown = (text: string, spans: Array<{ start: number; end: number; type: string }>): string[] =>
  spans.map((s) => `${s.type}:${text.slice(s.start, s.end)}`);

describe('combine', () => {
  test('a model run of name tokens becomes one span', () => {
    const text = 'met Zdenka Kowalczyk today';
    const v = view(text, []);
    expect(shown(text, combine(text, v, label(v, text, { Zdenka: 'NAME', Kowalczyk: 'NAME' }), never, never))).toEqual([
      'NAME:Zdenka Kowalczyk',
    ]);
  });
  test('structured identifiers keep the rule extent and stand without the model', () => {
    const text = 'MRN 4471920 noted';
    const v = view(text, [{ start: 0, end: 11, type: 'MRN', prio: 95 }]);
    expect(shown(text, combine(text, v, new Uint8Array(v.toks.length), never, never))).toEqual(['MRN:MRN 4471920']);
  });
  test('a rule name the model does not confirm is dropped', () => {
    const text = 'Pt Cont on levo';
    const v = view(text, [{ start: 3, end: 7, type: 'NAME', prio: 45 }]);
    expect(combine(text, v, new Uint8Array(v.toks.length), never, never)).toEqual([]);
  });
  test('ventilator settings the model reads as a date are vetoed', () => {
    const text = 'PEEP 8/12 today';
    const v = view(text, []);
    expect(combine(text, v, label(v, text, { '8': 'DATE', '/': 'DATE', '12': 'DATE' }), never, never)).toEqual([]);
  });
});
