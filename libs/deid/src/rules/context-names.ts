/**
 * Names found by their context: a title before them (R1), a relation or role (R2), a naming phrase
 * with a quoted nickname, a credential after or a sign-off before them (R3), a speech or person
 * verb after them (R4).
 */
import { PERSON_VERBS, RELATIONS, STRONG_TITLES, WEAK_TITLES } from '../allow';
import type { RuleContext } from './context';

export const CREDENTIALS =
  /^(?:RN|NP|MD|DO|PA|PA-C|LPN|LVN|LCSW|LICSW|MSW|BSW|PharmD|RPh|BSN|MSN|APRN|CNP|FNP|DNP|PhD|MDiv|BCC|CNA|DDS|DMD|OD|DPM|PsyD|LMFT|LPC|LMHC|CHPN|ACHPN|FAAHPM|CCRN|MPH|MBA|CRNP|ANP|AGNP|AGPCNP|AGACNP|DMin|ThM|MA|MS|BA|BS|MBBS|FRCP|FACP|CCLS|MT-BC|OTR|OTR\/L|DPT|SLP|CCC-SLP|RD|RDN|LD|CDE|CCM|CHPCA|CHPSW|APSW|ACHP-SW|BCPS|BCGP|CPHQ)$/;
export const SIGNOFF =
  /^(?:thanks|thank you|regards|best|cheers|sincerely|warmly|respectfully|cordially|best regards|kind regards|warm regards|many thanks|love|blessings|peace|signed|submitted by|written by|posted by|from)$/i;

/** R1 titles: "Mrs. Okafor", "Dr Lindqvist", "Chaplain Ruth" */
export function titles(c: RuleContext): void {
  const { toks, W, prot, nextWord, gap, set, takeRun } = c;
  for (const i of W) {
    const t = toks[i];
    const strong = STRONG_TITLES.has(t.lo);
    const weak = !strong && WEAK_TITLES.has(t.lo);
    if (!strong && !weak) continue;
    if (weak && !t.cap) continue;
    if (prot[i] === 1) continue;
    const j = nextWord(i);
    if (j < 0) continue;
    const g = gap(i, j);
    if (!/^\.?\s+$/.test(g) && !/^\.$/.test(g)) continue;
    const run = takeRun(j, 3, strong, strong);
    for (const k of run) set(k, 'NAME', strong ? 85 : 70);
  }
}

/** R2 relations and roles: "his son, Brian Kaminski", "her daughter Hope", "called "Vangie"" */
export function relations(c: RuleContext): void {
  const { text, toks, W, vocab, nextWord, gap, set, takeRun } = c;
  for (const i of W) {
    const t = toks[i];
    if (!RELATIONS.has(t.lo) || (t.allCaps && t.s.length > 3)) continue;
    let j = nextWord(i);
    if (j < 0) continue;
    let g = gap(i, j);
    if (
      /^\s+(?:is|was|named|called)\s+$/.test(text.slice(toks[i].end, toks[j].end + 1)) &&
      (toks[j].lo === 'named' || toks[j].lo === 'called')
    ) {
      j = nextWord(j);
      if (j < 0) continue;
      g = gap(nextWord(i), j);
    }
    if (!/^\s*[,:(]?\s*["“']?\s*$/.test(g) || /\n\s*\n/.test(g)) continue;
    const first = toks[j];
    if (!first.word) continue;
    const naming = t.lo === 'named' || t.lo === 'called' || t.lo === 'nicknamed' || t.lo === 'aka';
    if (first.cap && !first.allCaps) {
      if (vocab.hardSafe(first.lo) && !vocab.isFirst(first.lo)) continue;
      if (!naming && vocab.isEng(first.lo) && !vocab.isFirst(first.lo) && !vocab.isLast(first.lo)) continue;
    } else if (first.allCaps) {
      if (first.s.length > 3 && !vocab.isFirst(first.lo) && !vocab.isLast(first.lo)) continue;
      if (vocab.hardSafe(first.lo)) continue;
    } else if (!(first.lower && !vocab.isEng(first.lo) && !vocab.hardSafe(first.lo) && vocab.isFirst(first.lo))) continue;
    if ((WEAK_TITLES.has(first.lo) || STRONG_TITLES.has(first.lo)) && nextWord(j) >= 0) {
      const nj = nextWord(j);
      if (/^\.?\s+$/.test(gap(j, nj))) j = nj;
    }
    const run = takeRun(j, 4, true, true);
    for (const k of run) set(k, 'NAME', 78, naming ? undefined : t.lo, true);
  }
}

/** "call her "Vangie"", "goes by Sonny": a quoted word after a naming phrase, any case */
export function quotedNicknames(c: RuleContext): void {
  const { toks, W, vocab, nextWord, prevWord, gap, set } = c;
  for (const i of W) {
    const t = toks[i];
    if (!/^(?:call|calls|called|calling|nicknamed|named)$/.test(t.lo)) continue;
    let j = nextWord(i);
    if (j >= 0 && /^(?:him|her|them|me)$/.test(toks[j].lo)) j = nextWord(j);
    if (j < 0 || !/["“']\s*$/.test(gap(prevWord(j), j))) continue;
    if (!vocab.hardSafe(toks[j].lo) && !(vocab.isEng(toks[j].lo) && !vocab.isFirst(toks[j].lo))) set(j, 'NAME', 72);
  }
}

/** R3 credentials: "Helen Cho, NP", "K. Morrow RN" */
export function credentials(c: RuleContext): void {
  const { text, toks, n, vocab, prevWord, gap, set, nameish, capName } = c;
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    if (!(t.word || t.s === '-')) continue;
    let isCred = CREDENTIALS.test(t.s);
    if (isCred && t.s.length <= 2 && ['MA', 'MS', 'PA', 'DO', 'OD', 'LD', 'BA', 'BS', 'RD'].includes(t.s)) {
      // ambiguous with states/words: require a comma before
      isCred = /,\s*$/.test(text.slice(Math.max(0, t.start - 3), t.start));
    }
    if (isCred) {
      let j = prevWord(i);
      if (j < 0 || !/^\s*,?\s*$/.test(gap(j, i))) continue;
      const run: number[] = [];
      while (
        (j >= 0 && run.length < 4 && capName(j, true) && !vocab.isEng(toks[j].lo)) ||
        (j >= 0 && run.length < 4 && capName(j, false))
      ) {
        run.unshift(j);
        const pj = prevWord(j);
        if (pj < 0 || !/^(?:\s+|\.\s*)$/.test(gap(pj, j))) break;
        j = pj;
      }
      if (run.some((k) => nameish(toks[k]))) for (const k of run) set(k, 'NAME', 76);
    }
  }
}

/** R3 sign-offs: "Thanks, Maria" */
export function signoffs(c: RuleContext): void {
  const { toks, W, nextWord, gap, set, takeRun } = c;
  for (const i of W) {
    const t = toks[i];
    if (!SIGNOFF.test(t.s)) continue;
    const j = nextWord(i);
    if (j < 0) continue;
    const g = gap(i, j);
    if (!/^\s*[,:-]?\s*\n?\s*$/.test(g) || !/[,\n]/.test(g)) continue;
    const run = takeRun(j, 3, false, true);
    for (const k of run) set(k, 'NAME', 74);
  }
}

/** R4 speech / person verbs: "Carla asked", "Will said"; possessive + relation: "Carla's husband" */
export function speechVerbs(c: RuleContext): void {
  const { toks, n, W, prot, masked, vocab, nextWord, gap, set } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.cap || t.allCaps || prot[i] || masked[i]) continue;
    if (vocab.hardSafe(t.lo) || vocab.softSafe(t.lo)) continue;
    const j = i + 1 < n && toks[i + 1].lo === "'s" ? nextWord(i + 1) : nextWord(i);
    if (j < 0) continue;
    const v = toks[j].lo;
    const possessive = toks[i + 1]?.lo === "'s";
    const generic = /^(?:is|was|has|had|would|will|can|could|should|needs|needed|remains|became|left|came|went|goes|comes)$/.test(v);
    const fn = vocab.isFirst(t.lo);
    const ln = vocab.isLast(t.lo);
    const eng = vocab.isEng(t.lo);
    if (possessive) {
      if (RELATIONS.has(v) && (fn || (!eng && !vocab.medical(t.lo, true)))) set(i, 'NAME', 66);
      continue;
    }
    if (!PERSON_VERBS.has(v) || !/^\s+$/.test(gap(i, j))) continue;
    if (
      generic
        ? (fn && !eng) || (fn && !t.init) || (!eng && !vocab.medical(t.lo, true) && t.s.length >= 3)
        : fn || ln || (!eng && !vocab.medical(t.lo, true))
    )
      set(i, 'NAME', generic ? 55 : 65);
  }
}
