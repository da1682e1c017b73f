/**
 * $text search over a collection's text index: tokenising, case/diacritic folding,
 * English stop words, Porter2 stemming, phrases, negation and MongoDB-style scoring.
 */
import { mongoError, badValue } from '../errors';
import { Doc, isPlainObject, toNumber } from '../bson/values';
import { valuesAtPath } from '../query/matcher';
import type { IndexSpec } from '../storage/indexes';
import { stem } from './stemmer';

export const STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below between both but by " +
    "can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't has hasn't " +
    "have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is " +
    "isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves " +
    "out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves " +
    "then there there's these they they'd they'll they're they've this those through to too under until up very was wasn't we we'd " +
    "we'll we're we've were weren't what what's when when's where where's which while who who's whom why why's with won't would " +
    "wouldn't you you'd you'll you're you've your yours yourself yourselves"
  ).split(' '),
);

const SUPPORTED_LANGUAGES = new Set(['english', 'en', 'none']);

/** Text search here stems English only ('none' disables stemming and stop words). */
export function isSupportedLanguage(lang: unknown): boolean {
  return typeof lang === 'string' && SUPPORTED_LANGUAGES.has(lang);
}

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Raw lower-cased, diacritic-folded tokens (word characters and apostrophes). */
export function rawTokens(s: string): string[] {
  return (
    fold(s)
      .match(/[\p{L}\p{N}_']+/gu)
      ?.map((t) => t.replace(/^'+|'+$/g, ''))
      .filter(Boolean) ?? []
  );
}

export function terms(s: string, language = 'english'): string[] {
  const none = language === 'none';
  const out: string[] = [];
  for (const t of rawTokens(s)) {
    if (!none && STOP_WORDS.has(t)) continue;
    out.push(none ? t : stem(t));
  }
  return out;
}

interface ParsedQuery {
  positive: string[];
  negative: string[];
  phrases: string[];
  negPhrases: string[];
}

export function parseSearch(search: string, language: string): ParsedQuery {
  const q: ParsedQuery = { positive: [], negative: [], phrases: [], negPhrases: [] };
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(search))) {
    if (m[2] !== undefined) {
      const phrase = m[2];
      if (m[1]) q.negPhrases.push(fold(phrase));
      else {
        q.phrases.push(fold(phrase));
        q.positive.push(...terms(phrase, language));
      }
      continue;
    }
    const word = m[3];
    if (word.startsWith('-') && word.length > 1) q.negative.push(...terms(word.slice(1), language));
    else q.positive.push(...terms(word, language));
  }
  q.positive = [...new Set(q.positive)];
  return q;
}

export class TextSearch {
  readonly scores = new WeakMap<Doc, number>();
  private readonly q: ParsedQuery;
  private readonly weights: [string, number][];
  private readonly language: string;
  private readonly caseSensitive: boolean;
  private readonly raw: string;

  constructor(index: IndexSpec, spec: Doc) {
    if (!isPlainObject(spec) || typeof spec.$search !== 'string') throw badValue('$text requires $search as a string');
    const lang = spec.$language ?? index.default_language ?? 'english';
    if (typeof lang !== 'string' || !SUPPORTED_LANGUAGES.has(lang)) {
      throw mongoError(17262, `language override unsupported: ${String(lang)}`);
    }
    this.language = lang === 'en' ? 'english' : lang;
    this.caseSensitive = !!spec.$caseSensitive;
    this.raw = spec.$search;
    this.q = parseSearch(spec.$search, this.language);
    this.weights = Object.entries(index.weights ?? {}).map(([f, w]) => [f, toNumber(w)]);
  }

  private fieldTexts(doc: Doc): [string, number][] {
    const out: [string, number][] = [];
    for (const [field, w] of this.weights) {
      if (field === '$**') {
        walkStrings(doc, (s) => out.push([s, w]));
        continue;
      }
      for (const v of valuesAtPath(doc, field)) {
        if (typeof v === 'string') out.push([v, w]);
        else if (Array.isArray(v)) for (const e of v) if (typeof e === 'string') out.push([e, w]);
      }
    }
    return out;
  }

  /** Returns whether the document matches; records its score. */
  test(doc: Doc): boolean {
    const texts = this.fieldTexts(doc);
    if (!texts.length) return false;
    const language = typeof doc.language === 'string' && SUPPORTED_LANGUAGES.has(doc.language) ? doc.language : this.language;
    let score = 0;
    let any = false;
    const docTerms = new Set<string>();
    for (const [text, weight] of texts) {
      const toks = terms(text, language);
      const counts = new Map<string, number>();
      for (const t of toks) {
        counts.set(t, (counts.get(t) ?? 0) + 1);
        docTerms.add(t);
      }
      for (const t of this.q.positive) {
        const c = counts.get(t);
        if (!c) continue;
        any = true;
        // MongoDB: freq decays for repeated occurrences, scaled by field length
        let freq = 0;
        for (let i = 0; i < c; i++) freq += 1 / Math.pow(2, i);
        const coeff = 0.5 * (c / toks.length) + 0.5;
        score += weight * freq * coeff;
      }
    }
    if (!any) return false;
    for (const t of this.q.negative) if (docTerms.has(t)) return false;
    const folded = this.caseSensitive ? texts.map(([t]) => t) : texts.map(([t]) => fold(t));
    for (const p of this.q.phrases) {
      const needle = this.caseSensitive ? this.rawPhrase(p) : p;
      if (!folded.some((t) => t.includes(needle))) return false;
    }
    for (const p of this.q.negPhrases) if (folded.some((t) => t.includes(p))) return false;
    this.scores.set(doc, score);
    return true;
  }

  private rawPhrase(folded: string): string {
    const m = this.raw.match(/"([^"]*)"/g) ?? [];
    for (const x of m) if (fold(x.slice(1, -1)) === folded) return x.slice(1, -1);
    return folded;
  }

  score(doc: Doc): number {
    return this.scores.get(doc) ?? 0;
  }
}

function walkStrings(v: unknown, f: (s: string) => void): void {
  if (typeof v === 'string') f(v);
  else if (Array.isArray(v)) v.forEach((e) => walkStrings(e, f));
  else if (isPlainObject(v)) Object.values(v).forEach((e) => walkStrings(e, f));
}

export function findTextSpec(filter: Doc | undefined): Doc | undefined {
  if (!filter || !isPlainObject(filter)) return undefined;
  if (filter.$text) return filter.$text;
  for (const k of ['$and', '$or', '$nor']) {
    if (Array.isArray(filter[k])) {
      for (const f of filter[k]) {
        const t = findTextSpec(f);
        if (t) return t;
      }
    }
  }
  return undefined;
}

/** Every stemmed term of a document's text-indexed fields (used for the text index postings). */
export function docTerms(index: IndexSpec, doc: Doc): Set<string> {
  const out = new Set<string>();
  const lang =
    typeof doc[index.language_override ?? 'language'] === 'string' && SUPPORTED_LANGUAGES.has(doc[index.language_override ?? 'language'])
      ? doc[index.language_override ?? 'language']
      : (index.default_language ?? 'english');
  const add = (s: string) => {
    for (const t of terms(s, lang === 'en' ? 'english' : lang)) out.add(t);
  };
  for (const field of Object.keys(index.weights ?? {})) {
    if (field === '$**') {
      walkStrings(doc, add);
      continue;
    }
    for (const v of valuesAtPath(doc, field)) {
      if (typeof v === 'string') add(v);
      else if (Array.isArray(v)) for (const e of v) if (typeof e === 'string') add(e);
    }
  }
  return out;
}

/** The positive (required-any) terms of a $text query, for the text index lookup. */
export function queryTerms(index: IndexSpec, spec: Doc): string[] {
  const lang = typeof spec.$language === 'string' ? spec.$language : (index.default_language ?? 'english');
  return parseSearch(String(spec.$search ?? ''), lang === 'en' ? 'english' : lang).positive;
}
