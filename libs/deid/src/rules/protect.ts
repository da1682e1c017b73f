/**
 * Protection before any name rule runs: eponyms and place-named scales ("Glasgow Coma Scale",
 * "Hoehn and Yahr stage"), multi-word countries and states, and technical tokens (glued to
 * digits, inner capitals, a drug before a dose or after a prescribing verb, "et al.").
 */
import { EPONYMS_AMBIGUOUS, EPONYMS_SAFE, EPONYM_NOUNS, PLACE_SCALE_PHRASES, STATE_NAMES, STRONG_TITLES, WEAK_TITLES } from '../allow';
import type { RuleContext } from './context';

/** PLACE_SCALE_PHRASES indexed by their first word, so each capitalised token tries only its own phrases. */
const PHRASE_INDEX = (() => {
  const m = new Map<string, RegExp[]>();
  for (const re of PLACE_SCALE_PHRASES) {
    const first = /^\^([\p{L}]+)/u.exec(re.source)?.[1]?.toLowerCase();
    const keys = first ? [first] : ['st', 'saint', 'jehovah', 'lord'];
    if (/^\^\(\?:St/.test(re.source)) keys.push('st', 'saint');
    for (const k of keys) (m.get(k) ?? m.set(k, []).get(k)!).push(re);
  }
  return m;
})();

/** eponyms and place-named scales; ambiguous eponyms before their noun ("Parkinson disease") */
export function protectEponymsAndScales(c: RuleContext): void {
  const { text, toks, n, W, prot, nextWord, gap } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.cap) continue;
    const phrases = PHRASE_INDEX.get(t.lo.replace(/['’]s$/, ''));
    const ahead = phrases ? text.slice(t.start, t.start + 70) : '';
    if (phrases)
      for (const re of phrases) {
        const m = re.exec(ahead);
        if (m) {
          const end = t.start + m[0].length;
          for (let j = i; j < n && toks[j].start < end; j++) prot[j] = 1;
          break;
        }
      }
    if (!STRONG_TITLES.has(t.lo) && !WEAK_TITLES.has(t.lo)) {
      let j = nextWord(i);
      let hops = 0;
      while (
        j >= 0 &&
        hops < 3 &&
        !EPONYM_NOUNS.has(toks[j].lo) &&
        (EPONYMS_AMBIGUOUS.has(toks[j].lo) ||
          EPONYMS_SAFE.has(toks[j].lo) ||
          toks[j].lo === 'and' ||
          (toks[j].cap && !EPONYM_NOUNS.has(toks[j].lo))) &&
        !/[.;:!?,\n]/.test(gap(i, j))
      ) {
        j = nextWord(j);
        hops++;
      }
      if (j >= 0 && EPONYM_NOUNS.has(toks[j].lo) && /^(?:[\s-]|['’]s\b|\band\b|[\p{L}\p{M}'’-])*$/u.test(gap(i, j)))
        for (let k = i; k < j; k++) prot[k] = 1;
    }
  }
}

/** multi-word country and state names: allowed places, never names */
export function protectCountries(c: RuleContext): void {
  const { toks, W, prot, vocab, nextWord, gap } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.cap) continue;
    let phrase = t.lo;
    let j = i;
    for (let k = 0; k < 4; k++) {
      const nj = nextWord(j);
      if (nj < 0 || !/^\s+$/.test(gap(j, nj))) break;
      phrase += ' ' + toks[nj].lo;
      j = nj;
      if (vocab.lx.countryPhrases.has(phrase) || STATE_NAMES.has(phrase)) {
        for (let q = i; q <= j; q++) prot[q] = 2;
        break;
      }
    }
  }
}

/** tokens glued to digits (SpO2, T11) or with inner capitals (QTc, BiPAP), units, drugs before a dose, citations */
export function markTechnical(c: RuleContext): void {
  const { text, toks, n, W, vocab } = c;
  const technical = new Uint8Array(n);
  for (const i of W) {
    const t = toks[i];
    const ups = (t.s.match(/\p{Lu}/gu) ?? []).length;
    if (/\d/.test(text[t.end] ?? '') || /\d/.test(text[t.start - 1] ?? '')) technical[i] = 1;
    else if (!t.allCaps && ups >= 2 && (t.s.length <= 4 || ups >= 3) && !/^(?:Mc|Mac|O'|O’|De|Di|Da|La|Le|Van|Von|St)/.test(t.s))
      technical[i] = 1;
    // units after a number: "8 Gy", "14 Fr", "2 L"
    if (t.s.length <= 3 && /\d\s$/.test(text.slice(Math.max(0, t.start - 2), t.start))) technical[i] = 1;
    // drugs: a capitalised word before a dose or route, or after a prescribing verb
    if (t.cap && !t.allCaps && (!vocab.isFirst(t.lo) || !vocab.isEng(t.lo))) {
      const after = text.slice(t.end, t.end + 24);
      if (
        /^\s*(?:\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|ml|mL|units?|%|meq|mEq|L\b|gtt|tabs?|caps?)|(?:DS|XR|ER|SR|CR|LA|XL|ODT|IR|HCl)\b|(?:PRN|BID|TID|QID|QHS|q\d+h|IV|PO|SC|SQ|SL|IM|PR|TD)\b|(?:patch|drip|infusion|elixir|syrup|suppository|tablets?|capsules?|liquid|solution|nebs?|inhaler|injection|dosing|dose)\b)/.test(
          after,
        )
      )
        technical[i] = 1;
      const before = text.slice(Math.max(0, t.start - 28), t.start);
      if (
        !vocab.isFirst(t.lo) &&
        !vocab.isLast(t.lo) &&
        /\b(?:started|start|starting|stopped|stop|tried|trial\s+of|given|gave|held|hold|add|added|adding|switched|switch|rotated|rotate|converted|convert|titrated|titrate|increased|decreased|weaned|wean|continue|continued|restarted|prescribed|prescribe|taking|takes|took|on|off|from|to|recommend|recommended|consider|using|uses|plus|and|or|with)\s+$/.test(
          before,
        ) &&
        /\b(?:mg|mcg|dose|dosing|PRN|BID|TID|daily|started|stopped|switched|rotated|converted|titrated|prescribed|tried|held|added)\b/i.test(
          text.slice(Math.max(0, t.start - 80), t.end + 60),
        )
      )
        technical[i] = 1;
    }
    // citations: "Temel et al."
    const nx = text.slice(t.end, t.end + 8);
    if (/^\s+et\s+al\b/.test(nx)) technical[i] = 1;
  }
  c.technical = technical;
}
