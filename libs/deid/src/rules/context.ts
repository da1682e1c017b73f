/**
 * The shared state of one rule pass over a text: its tokens, the word-token index, one label per
 * token (the strongest rule that named it), the protected (allow-listed phrase) and technical
 * (glued to digits, drug before a dose) masks, and the helpers every rule family uses.
 */
import type { PhiType } from '@casebridge/contracts';
import { CLINICAL_WORDS, DAYS, DRUGS, MONTHS, PERSON_VERBS, RELATIONS, STOP_CAPS, STRONG_TITLES, WEAK_TITLES } from '../allow';
import type { Cand } from '../patterns';
import type { Tok } from './tokens';
import type { Vocab } from './vocab';

export interface Label {
  type: PhiType;
  prio: number;
  rel?: string;
  appos?: boolean;
}

export interface RuleContext {
  readonly text: string;
  readonly toks: Tok[];
  readonly n: number;
  /** indexes of word tokens */
  readonly W: number[];
  readonly labels: Array<Label | undefined>;
  /** 1: inside an allow-listed phrase (eponym, place-named scale); 2: a multi-word country or state */
  readonly prot: Uint8Array;
  /** inside a strong pattern hit (email, URL, ID): not re-read as a name */
  readonly masked: Uint8Array;
  /** glued to digits, inner capitals, drug before a dose: set by markTechnical */
  technical: Uint8Array;
  /** candidates the place rules emit directly (names go through labels) */
  readonly out: Cand[];
  readonly vocab: Vocab;
  nextWord(i: number): number;
  prevWord(i: number): number;
  /** the text between tokens a and b */
  gap(a: number, b: number): string;
  /** label token i unless a stronger rule did, or it is masked, protected or technical (below prio 80) */
  set(i: number, type: PhiType, prio: number, rel?: string, appos?: boolean): void;
  nameish(t: Tok): boolean;
  isInitial(i: number): boolean;
  capName(i: number, loose: boolean): boolean;
  /** a run of name tokens starting at word index i */
  takeRun(i: number, max: number, loose: boolean, allowLower: boolean): number[];
}

export function ruleContext(text: string, toks: Tok[], masked: Uint8Array, out: Cand[], vocab: Vocab): RuleContext {
  const n = toks.length;
  const labels: Array<Label | undefined> = new Array(n);
  const prot = new Uint8Array(n); // allow-listed phrases
  const W: number[] = []; // indexes of word tokens
  for (let i = 0; i < n; i++) if (toks[i].word) W.push(i);
  const nextW = new Int32Array(n + 1).fill(-1);
  const prevW = new Int32Array(n + 1).fill(-1);
  for (let i = n - 1, last = -1; i >= 0; i--) {
    nextW[i] = last;
    if (toks[i].word) last = i;
  }
  for (let i = 0, last = -1; i < n; i++) {
    prevW[i] = last;
    if (toks[i].word) last = i;
  }
  const nextWord = (i: number): number => nextW[i];
  const prevWord = (i: number): number => (i >= 0 && i <= n ? prevW[i] : -1);
  const gap = (a: number, b: number): string => text.slice(toks[a].end, toks[b].start);
  const set = (i: number, type: PhiType, prio: number, rel?: string, appos?: boolean): void => {
    if (masked[i] || (prot[i] && prio < 80) || (c.technical[i] && prio < 80)) return;
    const l = labels[i];
    if (!l || l.prio < prio) labels[i] = { type, prio, rel: rel ?? l?.rel, appos: appos || l?.appos };
    else if (appos) {
      l.appos = true;
      l.rel = l.rel ?? rel;
    }
  };
  const nameish = (t: Tok): boolean =>
    t.word && !vocab.hardSafe(t.lo) && (vocab.isFirst(t.lo) || vocab.isLast(t.lo) || (!vocab.isEng(t.lo) && !vocab.medical(t.lo, t.init)));
  const isInitial = (i: number): boolean => toks[i].word && toks[i].s.length === 1 && /\p{Lu}/u.test(toks[i].s);
  const capName = (i: number, loose: boolean): boolean => {
    const t = toks[i];
    if (!t.word || masked[i] || prot[i] === 1) return false;
    if (isInitial(i)) return true;
    if (!t.cap) return false;
    if (STOP_CAPS.has(t.lo) || STRONG_TITLES.has(t.lo) || (RELATIONS.has(t.lo) && !vocab.isFirst(t.lo))) return false;
    if (loose) {
      // a title inside the run ("the chaplain, Sister Bernadette") is not part of the name
      if (WEAK_TITLES.has(t.lo) && nextWord(i) >= 0 && toks[nextWord(i)].cap) return false;
      return !MONTHS.has(t.lo) && !DAYS.has(t.lo) && !CLINICAL_WORDS.has(t.lo) && !DRUGS.has(t.lo);
    }
    return nameish(t) || (vocab.softSafe(t.lo) && vocab.isFirst(t.lo));
  };
  // take a run of name tokens starting at word index i
  const takeRun = (i: number, max: number, loose: boolean, allowLower: boolean): number[] => {
    const got: number[] = [];
    let j = i;
    while (j >= 0 && j < n && got.length < max) {
      const t = toks[j];
      const ok =
        capName(j, loose) ||
        (allowLower && loose && t.s.length === 1 && /\p{L}/u.test(t.s)) ||
        (allowLower &&
          loose &&
          t.lower &&
          !masked[j] &&
          !vocab.hardSafe(t.lo) &&
          (vocab.isFirst(t.lo) || vocab.isLast(t.lo) || (!vocab.isEng(t.lo) && !vocab.medical(t.lo, true))) &&
          !PERSON_VERBS.has(t.lo)) ||
        (allowLower && t.lower && !masked[j] && !vocab.hardSafe(t.lo) && !vocab.isEng(t.lo) && (vocab.isFirst(t.lo) || vocab.isLast(t.lo)));
      if (!ok) break;
      got.push(j);
      const nj = nextWord(j);
      if (nj < 0) break;
      const g = gap(j, nj);
      if (!/^(?:\s*|\.\s*|\s*["“”]\s*)$/.test(g) || (g.includes('.') && !isInitial(j) && !/^(?:St|Mt|Ft)$/.test(t.s))) break;
      if (/\n\s*\n/.test(g)) break;
      j = nj;
      loose = false;
    }
    return got;
  };
  const c: RuleContext = {
    text,
    toks,
    n,
    W,
    labels,
    prot,
    masked,
    technical: new Uint8Array(0),
    out,
    vocab,
    nextWord,
    prevWord,
    gap,
    set,
    nameish,
    isInitial,
    capName,
    takeRun,
  };
  return c;
}
