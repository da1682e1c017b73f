/**
 * The PHI detector: pattern recognizers (patterns.ts) plus a token pass for names and places whose
 * rule families live in rules/ (protection, context names, dictionary names, places, propagation,
 * merging), then the sequence model (model/) combined with the rule spans (rules/combine.ts).
 * This file only orders the passes; the order matters, since later rules look at earlier labels.
 */
import type { PhiSpan } from '@casebridge/contracts';
import { lexicon, type Lexicon } from './lexicon';
import { patternCandidates, type Cand } from './patterns';
import { squeeze } from './squeeze';
import { isClinical } from './clinical';
import { featuresOfAtoms, labelOfType, modelTokens, tokenAtoms, type FeatureEnv } from './model/features';
import { Tagger } from './model/tagger';
import { MODEL } from './model/weights';
import { combine, type View } from './rules/combine';
import { ruleContext } from './rules/context';
import { credentials, quotedNicknames, relations, signoffs, speechVerbs, titles } from './rules/context-names';
import { allCapsNames, lastCommaFirst, lowercaseNames, nameSequences, singleCapitalised } from './rules/dictionary-names';
import { emitNames, merge, type RuleSpan } from './rules/merge';
import { countiesAndStates, dictionaryCities, facilityRuns, lowercaseCities, lowercaseFacilities } from './rules/places';
import { particleSurnames, propagateNames } from './rules/propagation';
import { numericDates } from './rules/numeric-dates';
import { markTechnical, protectCountries, protectEponymsAndScales } from './rules/protect';
import { tokenize, type Tok } from './rules/tokens';
import { Vocab } from './rules/vocab';

export type { RuleSpan } from './rules/merge';
/** Model input for the training script: the view plus every token's features as (template, value) strings. */
export interface ModelView extends View {
  feats: string[][];
}

export class Detector {
  private readonly lx: Lexicon;
  private readonly vocab: Vocab;
  private tagger: Tagger | null | undefined;
  private readonly env: FeatureEnv;
  constructor() {
    this.lx = lexicon();
    this.vocab = new Vocab(this.lx);
    this.env = { lx: this.lx, vocab: (lo) => this.lx.english.has(lo) || isClinical(lo) };
  }

  /** The trained sequence model, or null when no weights are shipped (rules only). */
  model(): Tagger | null {
    if (this.tagger === undefined) this.tagger = MODEL ? new Tagger(MODEL) : null;
    return this.tagger;
  }

  detect(original: string): PhiSpan[] {
    return this.detectWith(original, this.model());
  }

  /** Detect with a given tagger (null: rules only); used by the training script's cross-validation. */
  detectWith(original: string, tagger: Tagger | null): PhiSpan[] {
    if (!original) return [];
    const sq = squeeze(original);
    let spans: PhiSpan[];
    if (tagger) {
      const v = this.view(sq.text, this.env);
      spans = combine(sq.text, v, tagger.tagAtoms(v.atoms, v.prior), this.vocab.modelSafeWord, (lo) => this.lx.first.has(lo));
    } else spans = this.detectSqueezed(sq.text).map(({ prio: _p, ...s }) => s);
    if (sq.text === original) return spans;
    return spans.map((s) => ({ ...s, start: sq.toOriginal(s.start), end: sq.toOriginal(s.end - 1) + 1 }));
  }

  /** The rule pass alone (patterns + name/place rules), in original offsets. */
  detectRules(original: string): PhiSpan[] {
    if (!original) return [];
    const sq = squeeze(original);
    const spans = this.detectSqueezed(sq.text).map(({ prio: _p, ...s }) => s);
    if (sq.text === original) return spans;
    return spans.map((s) => ({ ...s, start: sq.toOriginal(s.start), end: sq.toOriginal(s.end - 1) + 1 }));
  }

  /** Model input for a text, offsets in the original text (for training and evaluation scripts). */
  modelView(original: string, vocab?: (lo: string) => boolean): ModelView {
    const sq = squeeze(original);
    const v: ModelView = { ...this.view(sq.text, vocab ? { lx: this.lx, vocab } : this.env), feats: [] };
    v.feats = featuresOfAtoms(v.atoms);
    if (sq.text === original) return v;
    const back = (x: { start: number; end: number }): void => {
      x.start = sq.toOriginal(x.start);
      x.end = sq.toOriginal(x.end - 1) + 1;
    };
    v.toks.forEach(back);
    v.ruleSpans.forEach(back);
    return v;
  }

  private view(text: string, env: FeatureEnv): View {
    const ruleSpans = this.detectSqueezed(text);
    const toks = modelTokens(text);
    const rule = new Uint8Array(toks.length);
    let k = 0;
    for (let i = 0; i < toks.length; i++) {
      while (k < ruleSpans.length && ruleSpans[k].end <= toks[i].start) k++;
      if (k < ruleSpans.length && ruleSpans[k].start < toks[i].end) rule[i] = labelOfType(ruleSpans[k].type);
    }
    const prose = new Uint8Array(toks.length);
    const atoms = tokenAtoms(text, toks, rule, env, prose);
    // the rules were written for prose: there, a token they flag keeps a prior the model must overcome
    const prior = new Uint8Array(toks.length);
    for (let i = 0; i < toks.length; i++) prior[i] = rule[i] && prose[i] ? 1 : 0;
    return { toks, atoms, rule, ruleSpans, prior };
  }

  private detectSqueezed(text: string): RuleSpan[] {
    const refYear = new Date().getFullYear();
    const cands = patternCandidates(text, refYear);
    numericDates(text, cands);
    const toks = tokenize(text);
    // tokens inside strong pattern hits (emails, URLs, ids) are not re-read as names
    const masked = new Uint8Array(toks.length);
    const strong = cands.filter((c) => c.prio >= 60 && c.type !== 'DATE' && c.type !== 'AGE').sort((a, b) => a.start - b.start);
    if (strong.length) {
      let k = 0;
      for (let i = 0; i < toks.length; i++) {
        while (k < strong.length && strong[k].end <= toks[i].start) k++;
        if (k < strong.length && strong[k].start < toks[i].end && toks[i].start < strong[k].end) masked[i] = 1;
      }
    }
    this.nameAndPlace(text, toks, masked, cands);
    return merge(text, cands, true) as RuleSpan[];
  }

  /** The name and place rules, in order: each family may read the labels of the ones before it. */
  private nameAndPlace(text: string, toks: Tok[], masked: Uint8Array, out: Cand[]): void {
    const c = ruleContext(text, toks, masked, out, this.vocab);
    protectEponymsAndScales(c);
    protectCountries(c);
    markTechnical(c);
    titles(c); // R1
    relations(c); // R2
    quotedNicknames(c);
    credentials(c); // R3
    signoffs(c);
    speechVerbs(c); // R4
    nameSequences(c); // R5
    lastCommaFirst(c);
    singleCapitalised(c); // R6
    allCapsNames(c); // R6b
    lowercaseNames(c); // R7
    lowercaseCities(c);
    lowercaseFacilities(c);
    facilityRuns(c);
    countiesAndStates(c);
    dictionaryCities(c);
    particleSurnames(c);
    propagateNames(c);
    emitNames(c);
  }
}
