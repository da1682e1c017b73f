/**
 * Names found by the dictionaries (given names, surnames, English vocabulary) and by shape: runs of
 * capitalised name words (R5), "LAST, First", single capitalised words that are no English or
 * clinical word (R6), ALL-CAPS dictionary names (R6b) and lowercase names (R7).
 */
import { CLINICAL_WORDS, DRUGS, FACILITY_GENERIC, FACILITY_HEADS, LOC_PREPS, MEDICAL_SUFFIX, ORGANISMS, PERSON_VERBS } from '../allow';
import type { PhiType } from '@casebridge/contracts';
import type { RuleContext } from './context';

/** R5 name sequences "Stanley Delgado", "Kwame Villanueva", "Will Haddad" */
export function nameSequences(c: RuleContext): void {
  const { toks, W, prot, masked, vocab, set, nameish, isInitial, takeRun } = c;
  for (let a = 0; a < W.length; a++) {
    const i = W[a];
    const t = toks[i];
    if (!t.cap || masked[i] || prot[i] === 1) continue;
    const run = takeRun(i, 4, false, false);
    if (run.length >= 2) {
      const words = run.filter((k) => !isInitial(k));
      if (words.length === 0) continue;
      const f0 = toks[words[0]];
      const anyUnknown = words.some((k) => !vocab.isEng(toks[k].lo) && !vocab.softSafe(toks[k].lo));
      const firstIsGiven = vocab.isFirst(f0.lo);
      const lastTok = toks[words[words.length - 1]];
      const lastIsSur = vocab.isLast(lastTok.lo) || (!vocab.isEng(lastTok.lo) && !vocab.medical(lastTok.lo, false));
      const allSoft = words.every((k) => vocab.softSafe(toks[k].lo));
      if (
        !allSoft &&
        ((firstIsGiven && lastIsSur && (anyUnknown || words.length >= 2)) || (anyUnknown && words.every((k) => nameish(toks[k]))))
      ) {
        const strongish = firstIsGiven && anyUnknown;
        for (const k of run) set(k, 'NAME', strongish ? 64 : 58);
      }
      a += run.length - 1;
    }
  }
}

/** R5 "LAST, First": "Pruitt, Evangeline" but not "Akron, Ohio" */
export function lastCommaFirst(c: RuleContext): void {
  const { toks, n, masked, vocab, nextWord, gap, set, isInitial } = c;
  for (let i = 0; i + 2 < n; i++) {
    const A = toks[i];
    if (!A.cap || toks[i + 1].s !== ',' || masked[i]) continue;
    const j = nextWord(i + 1);
    if (j < 0 || j !== i + 2) continue;
    const B = toks[j];
    const bUnknown = !vocab.isEng(B.lo) && !vocab.medical(B.lo, true);
    if (
      !B.cap ||
      !(vocab.isFirst(B.lo) || (bUnknown && (A.allCaps || !vocab.isEng(A.lo)))) ||
      vocab.hardSafe(B.lo) ||
      vocab.softSafe(B.lo) ||
      vocab.hardSafe(A.lo) ||
      vocab.softSafe(A.lo)
    )
      continue;
    if (!(vocab.isLast(A.lo) || !vocab.isEng(A.lo)) || vocab.medical(A.lo, false)) continue;
    if (!(A.allCaps || !vocab.isEng(A.lo) || !vocab.isEng(B.lo))) continue;
    const k = nextWord(j);
    // "Pruitt, Evangeline" but not "Akron, Ohio" or "Carla, Gregory and Mark" (those are caught as names anyway)
    set(i, 'NAME', 60);
    set(j, 'NAME', 60);
    if (k >= 0 && isInitial(k) && /^\s+$/.test(gap(j, k))) set(k, 'NAME', 60);
  }
}

/** R6 single capitalised tokens that are not English, not clinical */
export function singleCapitalised(c: RuleContext): void {
  const { toks, W, labels, prot, masked, vocab, nextWord, prevWord, gap, set } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.cap || t.allCaps || labels[i] || masked[i] || prot[i] || t.s.length < 2) continue;
    if (vocab.hardSafe(t.lo) || vocab.softSafe(t.lo)) continue;
    const eng = vocab.isEng(t.lo);
    const fn = vocab.isFirst(t.lo);
    const ln = vocab.isLast(t.lo);
    const p = prevWord(i);
    const nx = nextWord(i);
    const prevTok = p >= 0 ? toks[p] : undefined;
    const locCtx = !!prevTok && LOC_PREPS.has(prevTok.lo) && /^\s+$/.test(gap(p, i));
    const city = vocab.lx.cities.has(t.lo);
    if (!t.init) {
      if (!eng) {
        if (vocab.medical(t.lo, false) && !fn && !ln) continue;
        const type: PhiType = (city && (locCtx || (!fn && !ln))) || (locCtx && !fn) ? 'LOCATION' : 'NAME';
        set(i, type, 45);
      } else if (fn || ln) {
        // English word that is also a name, capitalised mid-sentence, alone (not in a Title Case run)
        const inRun =
          (p >= 0 && toks[p].cap && /^\s+$/.test(gap(p, i)) && !toks[p].init) || (nx >= 0 && toks[nx].cap && /^\s+$/.test(gap(i, nx)));
        const det = prevTok && /^(?:the|a|an|this|that|our|their|his|her|its|my|your|some|any|no|every|each)$/.test(prevTok.lo);
        if (!inRun && !det && (fn || (ln && !CLINICAL_WORDS.has(t.lo) && !FACILITY_HEADS.has(t.lo) && !FACILITY_GENERIC.has(t.lo))))
          set(i, locCtx && city ? 'LOCATION' : 'NAME', 40);
        // "the Smith family", "the Browns"
        if (
          det &&
          prevTok!.lo === 'the' &&
          ln &&
          nx >= 0 &&
          /^(?:family|families|household|residence|kids|children|twins|brothers|sisters|clan|estate)$/.test(toks[nx].lo)
        )
          set(i, 'NAME', 50);
      }
    } else if (!eng && (fn || ln) && !vocab.medical(t.lo, false)) {
      set(i, city && !fn && !ln ? 'LOCATION' : 'NAME', 44);
    } else if (!eng && city && !fn && !ln) {
      set(i, 'LOCATION', 42);
    }
  }
}

/** R6b ALLCAPS words that are dictionary names and not English or clinical, next to another such word */
export function allCapsNames(c: RuleContext): void {
  const { toks, W, labels, prot, masked, vocab, nextWord, prevWord, gap, set } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.allCaps || labels[i] || masked[i] || prot[i] || t.s.length < 4) continue;
    if (vocab.hardSafe(t.lo) || vocab.softSafe(t.lo) || vocab.isEng(t.lo) || vocab.medical(t.lo, true)) continue;
    const nb = [prevWord(i), nextWord(i)].filter((k) => k >= 0 && toks[k].allCaps && /^\s+$/.test(k < i ? gap(k, i) : gap(i, k)));
    const pairName = nb.some(
      (k) => (vocab.isFirst(toks[k].lo) || vocab.isLast(toks[k].lo)) && !vocab.isEng(toks[k].lo) && !vocab.hardSafe(toks[k].lo),
    );
    if ((vocab.isFirst(t.lo) || vocab.isLast(t.lo)) && pairName) set(i, 'NAME', 38);
  }
}

/** R7 lowercase names: "carla nakamura", "spoke with carla" */
export function lowercaseNames(c: RuleContext): void {
  const { toks, W, labels, masked, vocab, nextWord, gap, set } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.lower || masked[i] || labels[i] || t.s.length < 3) continue;
    if (!vocab.isFirst(t.lo) || vocab.hardSafe(t.lo) || vocab.softSafe(t.lo) || DRUGS.has(t.lo) || ORGANISMS.has(t.lo)) continue;
    const j = nextWord(i);
    const nt = j >= 0 ? toks[j] : undefined;
    if (
      nt &&
      nt.lower &&
      /^\s+$/.test(gap(i, j)) &&
      nt.s.length >= 3 &&
      !vocab.isEng(nt.lo) &&
      !vocab.hardSafe(nt.lo) &&
      !vocab.softSafe(nt.lo) &&
      (vocab.isLast(nt.lo) || !vocab.medical(nt.lo, true))
    ) {
      set(i, 'NAME', 50);
      set(j, 'NAME', 50);
      continue;
    }
    if (vocab.isEng(t.lo) || (MEDICAL_SUFFIX.test(t.lo) && !vocab.isFirst(t.lo))) continue;
    if (nt && PERSON_VERBS.has(nt.lo) && !/^(?:is|was|has|had|will|would|can|could|should)$/.test(nt.lo)) set(i, 'NAME', 48);
    else if (t.s.length >= 4) set(i, 'NAME', 36);
  }
}
