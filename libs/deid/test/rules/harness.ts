/**
 * Runs chosen rule families on a text the way the detector does (tokens, protection, technical
 * mask first) and shows what they labelled or emitted, so each family can be tested on its own.
 */
import { lexicon } from '../../src/lexicon';
import type { Cand } from '../../src/patterns';
import { ruleContext, type RuleContext } from '../../src/rules/context';
import { markTechnical, protectCountries, protectEponymsAndScales } from '../../src/rules/protect';
import { tokenize } from '../../src/rules/tokens';
import { Vocab } from '../../src/rules/vocab';

let shared: Vocab | undefined;
export const vocab = (): Vocab => (shared ??= new Vocab(lexicon()));

export type Family = (c: RuleContext) => void;

export function run(text: string, ...families: Family[]): RuleContext {
  const toks = tokenize(text);
  const c = ruleContext(text, toks, new Uint8Array(toks.length), [] as Cand[], vocab());
  protectEponymsAndScales(c);
  protectCountries(c);
  markTechnical(c);
  for (const f of families) f(c);
  return c;
}

/** Labelled tokens as "TYPE:word" (in text order). */
export function labelled(text: string, ...families: Family[]): string[] {
  const c = run(text, ...families);
  const got: string[] = [];
  for (const i of c.W) {
    const l = c.labels[i];
    if (l) got.push(`${l.type}:${c.toks[i].s}`);
  }
  return got;
}

/** Emitted candidates as "TYPE:text". */
export function emitted(text: string, ...families: Family[]): string[] {
  const c = run(text, ...families);
  return c.out.map((o) => `${o.type}:${text.slice(o.start, o.end)}`);
}
