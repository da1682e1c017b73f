/**
 * The PHI detector: pattern recognizers (patterns.ts) plus a token pass for names and places that
 * combines context (titles, relations, credentials, speech verbs), dictionaries (given names,
 * surnames, US places, English vocabulary) and a clinical allow-list, then propagates every name
 * found to its other mentions in the same text (as NLM Scrubber does with header data).
 */
import type { PhiSpan, PhiType } from '@casebridge/contracts';
import {
  CLINICAL_WORDS,
  DAYS,
  DEMONYMS,
  DRUGS,
  EPONYMS_AMBIGUOUS,
  EPONYMS_SAFE,
  EPONYM_NOUNS,
  FACILITY_GENERIC,
  FACILITY_HEADS,
  HOLIDAYS,
  LOC_PREPS,
  MEDICAL_SUFFIX,
  MONTHS,
  ORGANISMS,
  ORGS,
  PERSON_VERBS,
  PLACE_SCALE_PHRASES,
  RELATIONS,
  RELIGION,
  STATE_NAMES,
  STATE_WORDS,
  STOP_CAPS,
  STRONG_TITLES,
  US_STATES,
  WEAK_TITLES,
} from './allow';
import { lexicon, type Lexicon } from './lexicon';
import { patternCandidates, type Cand } from './patterns';
import { squeeze } from './squeeze';
import { clinicalNumberNotDate, clinicalNumberNotId, safeRun, shorthandNotPlace, temperature, weekdayOnly } from './rules/vetoes';
import { isClinical } from './clinical';
import {
  featuresOfAtoms,
  LABELS,
  labelOfType,
  modelTokens,
  tokenAtoms,
  type FeatureEnv,
  type MTok,
  type TokenAtoms,
} from './model/features';
import { Tagger } from './model/tagger';
import { MODEL } from './model/weights';

/** What the sequence model sees for one text (also used by scripts/train-model.mjs). */
interface View {
  toks: MTok[];
  atoms: TokenAtoms;
  rule: Uint8Array;
  ruleSpans: RuleSpan[];
  prior: Uint8Array;
}
/** Model input for the training script: the view plus every token's features as (template, value) strings. */
export interface ModelView extends View {
  feats: string[][];
}
/** A rule-pass span with the priority of its strongest recognizer. */
export type RuleSpan = PhiSpan & { prio: number };

const STRUCTURED_PLACE = /^\[(?:address|street|road|PO box|ZIP|postcode)\]$/;
const ALWAYS_KEEP = new Set<PhiType>(['SSN', 'MRN', 'HEALTH_PLAN', 'ACCOUNT', 'LICENSE', 'VEHICLE', 'FAX', 'EMAIL', 'IP', 'DEVICE']);
const MODEL_TYPES: PhiType[] = ['NAME', 'NAME', 'LOCATION', 'DATE', 'AGE', 'PHONE', 'OTHER_ID'];

interface Tok {
  s: string;
  lo: string;
  start: number;
  end: number;
  word: boolean;
  cap: boolean; // Titlecase or ALLCAPS word
  allCaps: boolean;
  lower: boolean;
  init: boolean; // sentence- or line-initial
}

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

const NAME_PARTICLES = /^\s+(?:(?:de|del|della|der|den|di|da|dos|das|du|la|le|van|von|bin|ibn|bint|al|el|ter|ten|y|st\.?)\s+){1,3}$/i;

const WORD_RE = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+|-[\p{L}\p{M}]+)*|\d+|[^\s\p{L}\p{M}\d]/gu;
const ABBREV = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'sr',
  'jr',
  'fr',
  'rev',
  'prof',
  'mt',
  'ft',
  'vs',
  'etc',
  'approx',
  'no',
  'gen',
  'col',
  'lt',
  'sgt',
  'capt',
  'apt',
  'ave',
  'blvd',
  'rd',
  'dept',
  'inc',
  'co',
  'corp',
  'e.g',
  'i.e',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'fig',
  'ref',
  'pt',
  'pts',
  'hosp',
  'univ',
  'mx',
  'messrs',
]);
const CREDENTIALS =
  /^(?:RN|NP|MD|DO|PA|PA-C|LPN|LVN|LCSW|LICSW|MSW|BSW|PharmD|RPh|BSN|MSN|APRN|CNP|FNP|DNP|PhD|MDiv|BCC|CNA|DDS|DMD|OD|DPM|PsyD|LMFT|LPC|LMHC|CHPN|ACHPN|FAAHPM|CCRN|MPH|MBA|CRNP|ANP|AGNP|AGPCNP|AGACNP|DMin|ThM|MA|MS|BA|BS|MBBS|FRCP|FACP|CCLS|MT-BC|OTR|OTR\/L|DPT|SLP|CCC-SLP|RD|RDN|LD|CDE|CCM|CHPCA|CHPSW|APSW|ACHP-SW|BCPS|BCGP|CPHQ)$/;
const SIGNOFF =
  /^(?:thanks|thank you|regards|best|cheers|sincerely|warmly|respectfully|cordially|best regards|kind regards|warm regards|many thanks|love|blessings|peace|signed|submitted by|written by|posted by|from)$/i;

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null) {
    let s = m[0];
    const start = m.index;
    const word = /^[\p{L}\p{M}]/u.test(s);
    let poss = false;
    if (word && /['’][sS]$/.test(s) && s.length > 3) {
      s = s.slice(0, -2);
      poss = true;
    }
    const cap = word && /^\p{Lu}/u.test(s);
    const allCaps = cap && s.length > 1 && s === s.toUpperCase() && /\p{Lu}.*\p{Lu}/u.test(s);
    toks.push({
      s,
      lo: s.toLowerCase(),
      start,
      end: start + s.length,
      word,
      cap,
      allCaps,
      lower: word && s === s.toLowerCase(),
      init: false,
    });
    if (poss)
      toks.push({
        s: m[0].slice(-2),
        lo: "'s",
        start: start + s.length,
        end: start + m[0].length,
        word: false,
        cap: false,
        allCaps: false,
        lower: false,
        init: false,
      });
  }
  // sentence / line starts
  let boundary = true;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const prev = toks[i - 1];
    if (prev && /\n/.test(text.slice(prev.end, t.start))) boundary = true;
    if (t.word) {
      t.init = boundary;
      boundary = false;
      continue;
    }
    if (/^[!?;:•*#>|]$/.test(t.s) || t.s === '\u2022') boundary = true;
    else if (t.s === '.') {
      const pw = prev && prev.word ? prev : null;
      const isAbbrev = pw && (ABBREV.has(pw.lo) || (pw.s.length === 1 && /\p{Lu}/u.test(pw.s)));
      if (!isAbbrev) boundary = true;
    } else if (/^["“([]$/.test(t.s)) {
      // keep the boundary state: a quote after a full stop opens a sentence
    } else if (/^[-–—]$/.test(t.s) && (!prev || /\n/.test(text.slice(prev.end, t.start)))) boundary = true;
  }
  return toks;
}

interface Label {
  type: PhiType;
  prio: number;
  rel?: string;
  appos?: boolean;
}

export class Detector {
  private readonly lx: Lexicon;
  constructor() {
    this.lx = lexicon();
    this.env = { lx: this.lx, vocab: (lo) => this.lx.english.has(lo) || isClinical(lo) };
  }

  private isEng(lo: string): boolean {
    const e = this.lx.english;
    if (e.has(lo)) return true;
    if (lo.includes('-')) return lo.split('-').every((p) => p.length === 0 || e.has(p) || /^\d+$/.test(p));
    if (lo.endsWith("'s")) return e.has(lo.slice(0, -2));
    return false;
  }
  private isFirst(lo: string): boolean {
    return this.lx.first.has(lo);
  }
  private isLast(lo: string): boolean {
    return this.lx.last.has(lo) || (lo.includes('-') && lo.split('-').some((p) => this.lx.last.has(p)));
  }

  /** words that are never names (unless a title or relation says so) */
  private hardSafe(lo: string): boolean {
    return (
      MONTHS.has(lo) ||
      DAYS.has(lo) ||
      HOLIDAYS.has(lo) ||
      RELIGION.has(lo) ||
      ORGS.has(lo) ||
      EPONYMS_SAFE.has(lo) ||
      DRUGS.has(lo) ||
      ORGANISMS.has(lo) ||
      CLINICAL_WORDS.has(lo) ||
      STOP_CAPS.has(lo) ||
      STRONG_TITLES.has(lo) ||
      DEMONYMS.has(lo)
    );
  }
  /** states, countries, languages: capitalised and allowed, but also given names (Georgia, Jordan) */
  private softSafe(lo: string): boolean {
    return this.lx.geoSafe.has(lo) || STATE_WORDS.has(lo);
  }

  private readonly medMemo = new Map<string, number>();
  private medical(lo: string, broad: boolean): boolean {
    let v = this.medMemo.get(lo);
    if (v === undefined) {
      v = (DRUGS.has(lo) || ORGANISMS.has(lo) ? 3 : 0) | (MEDICAL_SUFFIX.test(lo) ? 1 : 0) | (this.narrowMedical(lo) ? 2 : 0);
      if (this.medMemo.size > 50000) this.medMemo.clear();
      this.medMemo.set(lo, v);
    }
    return (v & (broad ? 1 | 2 : 2)) !== 0;
  }
  private narrowMedical(lo: string): boolean {
    return /(?:azepam|azolam|idone|odone|orphone|phine|profen|oxacin|cillin|mycin|cycline|statin|sartan|pril|olol|dipine|parin|xaban|gatran|tidine|prazole|setron|tinib|mab|platin|taxel|rubicin|tecan|itis|osis|oma|emia|algia|pathy|ectomy|otomy|ostomy|oscopy|plegia|phagia|pnea|ase|azine|apine|amide|etine|oxetine|afil|lukast)$/.test(
      lo,
    );
  }

  private tagger: Tagger | null | undefined;
  private readonly env: FeatureEnv;

  /** allow-listed vocabulary: never a name or place on its own */
  private readonly safeWord = (lo: string): boolean =>
    this.hardSafe(lo) ||
    this.softSafe(lo) ||
    EPONYMS_AMBIGUOUS.has(lo) ||
    (isClinical(lo) && !this.lx.first.has(lo) && !this.lx.last.has(lo)) ||
    // a common English word that is no given name, surname or US city ("Cont", "JUDGEMENT", "Trace")
    (this.lx.english.has(lo) && !this.lx.first.has(lo) && !this.lx.last.has(lo) && !this.lx.cities.has(lo));

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
      spans = combine(sq.text, v, tagger.tagAtoms(v.atoms, v.prior), this.safeWord, (lo) => this.lx.first.has(lo));
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

  private nameAndPlace(text: string, toks: Tok[], masked: Uint8Array, out: Cand[]): void {
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
    let technical: Uint8Array = new Uint8Array(0);
    const set = (i: number, type: PhiType, prio: number, rel?: string, appos?: boolean): void => {
      if (masked[i] || (prot[i] && prio < 80) || (technical[i] && prio < 80)) return;
      const l = labels[i];
      if (!l || l.prio < prio) labels[i] = { type, prio, rel: rel ?? l?.rel, appos: appos || l?.appos };
      else if (appos) {
        l.appos = true;
        l.rel = l.rel ?? rel;
      }
    };

    // ---- protected phrases: eponyms and place-named scales, ambiguous eponyms before their noun
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
    // multi-word country names
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
        if (this.lx.countryPhrases.has(phrase) || STATE_NAMES.has(phrase)) {
          for (let q = i; q <= j; q++) prot[q] = 2;
          break;
        }
      }
    }

    const nameish = (t: Tok): boolean =>
      t.word && !this.hardSafe(t.lo) && (this.isFirst(t.lo) || this.isLast(t.lo) || (!this.isEng(t.lo) && !this.medical(t.lo, t.init)));
    // tokens glued to digits (SpO2, T11) or with inner capitals (QTc, BiPAP) are technical, not names
    technical = new Uint8Array(n);
    for (const i of W) {
      const t = toks[i];
      const ups = (t.s.match(/\p{Lu}/gu) ?? []).length;
      if (/\d/.test(text[t.end] ?? '') || /\d/.test(text[t.start - 1] ?? '')) technical[i] = 1;
      else if (!t.allCaps && ups >= 2 && (t.s.length <= 4 || ups >= 3) && !/^(?:Mc|Mac|O'|O’|De|Di|Da|La|Le|Van|Von|St)/.test(t.s))
        technical[i] = 1;
      // units after a number: "8 Gy", "14 Fr", "2 L"
      if (t.s.length <= 3 && /\d\s$/.test(text.slice(Math.max(0, t.start - 2), t.start))) technical[i] = 1;
      // drugs: a capitalised word before a dose or route, or after a prescribing verb
      if (t.cap && !t.allCaps && (!this.isFirst(t.lo) || !this.isEng(t.lo))) {
        const after = text.slice(t.end, t.end + 24);
        if (
          /^\s*(?:\d+(?:\.\d+)?\s*(?:mg|mcg|µg|g|ml|mL|units?|%|meq|mEq|L\b|gtt|tabs?|caps?)|(?:DS|XR|ER|SR|CR|LA|XL|ODT|IR|HCl)\b|(?:PRN|BID|TID|QID|QHS|q\d+h|IV|PO|SC|SQ|SL|IM|PR|TD)\b|(?:patch|drip|infusion|elixir|syrup|suppository|tablets?|capsules?|liquid|solution|nebs?|inhaler|injection|dosing|dose)\b)/.test(
            after,
          )
        )
          technical[i] = 1;
        const before = text.slice(Math.max(0, t.start - 28), t.start);
        if (
          !this.isFirst(t.lo) &&
          !this.isLast(t.lo) &&
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
    const isInitial = (i: number): boolean => toks[i].word && toks[i].s.length === 1 && /\p{Lu}/u.test(toks[i].s);
    const capName = (i: number, loose: boolean): boolean => {
      const t = toks[i];
      if (!t.word || masked[i] || prot[i] === 1) return false;
      if (isInitial(i)) return true;
      if (!t.cap) return false;
      if (STOP_CAPS.has(t.lo) || STRONG_TITLES.has(t.lo) || (RELATIONS.has(t.lo) && !this.isFirst(t.lo))) return false;
      if (loose) {
        // a title inside the run ("the chaplain, Sister Bernadette") is not part of the name
        if (WEAK_TITLES.has(t.lo) && nextWord(i) >= 0 && toks[nextWord(i)].cap) return false;
        return !MONTHS.has(t.lo) && !DAYS.has(t.lo) && !CLINICAL_WORDS.has(t.lo) && !DRUGS.has(t.lo);
      }
      return nameish(t) || (this.softSafe(t.lo) && this.isFirst(t.lo));
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
            !this.hardSafe(t.lo) &&
            (this.isFirst(t.lo) || this.isLast(t.lo) || (!this.isEng(t.lo) && !this.medical(t.lo, true))) &&
            !PERSON_VERBS.has(t.lo)) ||
          (allowLower && t.lower && !masked[j] && !this.hardSafe(t.lo) && !this.isEng(t.lo) && (this.isFirst(t.lo) || this.isLast(t.lo)));
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

    // ---- R1 titles
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

    // ---- R2 relations and roles: "his son, Brian Kaminski", "her daughter Hope", "called "Vangie""
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
        if (this.hardSafe(first.lo) && !this.isFirst(first.lo)) continue;
        if (!naming && this.isEng(first.lo) && !this.isFirst(first.lo) && !this.isLast(first.lo)) continue;
      } else if (first.allCaps) {
        if (first.s.length > 3 && !this.isFirst(first.lo) && !this.isLast(first.lo)) continue;
        if (this.hardSafe(first.lo)) continue;
      } else if (!(first.lower && !this.isEng(first.lo) && !this.hardSafe(first.lo) && this.isFirst(first.lo))) continue;
      if ((WEAK_TITLES.has(first.lo) || STRONG_TITLES.has(first.lo)) && nextWord(j) >= 0) {
        const nj = nextWord(j);
        if (/^\.?\s+$/.test(gap(j, nj))) j = nj;
      }
      const run = takeRun(j, 4, true, true);
      for (const k of run) set(k, 'NAME', 78, naming ? undefined : t.lo, true);
    }

    // ---- "call her "Vangie"", "goes by Sonny": a quoted word after a naming phrase, any case
    for (const i of W) {
      const t = toks[i];
      if (!/^(?:call|calls|called|calling|nicknamed|named)$/.test(t.lo)) continue;
      let j = nextWord(i);
      if (j >= 0 && /^(?:him|her|them|me)$/.test(toks[j].lo)) j = nextWord(j);
      if (j < 0 || !/["“']\s*$/.test(gap(prevWord(j), j))) continue;
      if (!this.hardSafe(toks[j].lo) && !(this.isEng(toks[j].lo) && !this.isFirst(toks[j].lo))) set(j, 'NAME', 72);
    }

    // ---- R3 credentials and sign-offs: "Helen Cho, NP", "Thanks, Maria"
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
          (j >= 0 && run.length < 4 && capName(j, true) && !this.isEng(toks[j].lo)) ||
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

    // ---- R4 speech / person verbs: "Carla asked", "Will said"; possessive + relation: "Carla's husband"
    for (const i of W) {
      const t = toks[i];
      if (!t.cap || t.allCaps || prot[i] || masked[i]) continue;
      if (this.hardSafe(t.lo) || this.softSafe(t.lo)) continue;
      const j = i + 1 < n && toks[i + 1].lo === "'s" ? nextWord(i + 1) : nextWord(i);
      if (j < 0) continue;
      const v = toks[j].lo;
      const possessive = toks[i + 1]?.lo === "'s";
      const generic = /^(?:is|was|has|had|would|will|can|could|should|needs|needed|remains|became|left|came|went|goes|comes)$/.test(v);
      const fn = this.isFirst(t.lo);
      const ln = this.isLast(t.lo);
      const eng = this.isEng(t.lo);
      if (possessive) {
        if (RELATIONS.has(v) && (fn || (!eng && !this.medical(t.lo, true)))) set(i, 'NAME', 66);
        continue;
      }
      if (!PERSON_VERBS.has(v) || !/^\s+$/.test(gap(i, j))) continue;
      if (
        generic
          ? (fn && !eng) || (fn && !t.init) || (!eng && !this.medical(t.lo, true) && t.s.length >= 3)
          : fn || ln || (!eng && !this.medical(t.lo, true))
      )
        set(i, 'NAME', generic ? 55 : 65);
    }

    // ---- R5 name sequences "Stanley Delgado", "Kwame Villanueva", "Will Haddad"; "LAST, First"
    for (let a = 0; a < W.length; a++) {
      const i = W[a];
      const t = toks[i];
      if (!t.cap || masked[i] || prot[i] === 1) continue;
      const run = takeRun(i, 4, false, false);
      if (run.length >= 2) {
        const words = run.filter((k) => !isInitial(k));
        if (words.length === 0) continue;
        const f0 = toks[words[0]];
        const anyUnknown = words.some((k) => !this.isEng(toks[k].lo) && !this.softSafe(toks[k].lo));
        const firstIsGiven = this.isFirst(f0.lo);
        const lastTok = toks[words[words.length - 1]];
        const lastIsSur = this.isLast(lastTok.lo) || (!this.isEng(lastTok.lo) && !this.medical(lastTok.lo, false));
        const allSoft = words.every((k) => this.softSafe(toks[k].lo));
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
    for (let i = 0; i + 2 < n; i++) {
      const A = toks[i];
      if (!A.cap || toks[i + 1].s !== ',' || masked[i]) continue;
      const j = nextWord(i + 1);
      if (j < 0 || j !== i + 2) continue;
      const B = toks[j];
      const bUnknown = !this.isEng(B.lo) && !this.medical(B.lo, true);
      if (
        !B.cap ||
        !(this.isFirst(B.lo) || (bUnknown && (A.allCaps || !this.isEng(A.lo)))) ||
        this.hardSafe(B.lo) ||
        this.softSafe(B.lo) ||
        this.hardSafe(A.lo) ||
        this.softSafe(A.lo)
      )
        continue;
      if (!(this.isLast(A.lo) || !this.isEng(A.lo)) || this.medical(A.lo, false)) continue;
      if (!(A.allCaps || !this.isEng(A.lo) || !this.isEng(B.lo))) continue;
      const k = nextWord(j);
      // "Pruitt, Evangeline" but not "Akron, Ohio" or "Carla, Gregory and Mark" (those are caught as names anyway)
      set(i, 'NAME', 60);
      set(j, 'NAME', 60);
      if (k >= 0 && isInitial(k) && /^\s+$/.test(gap(j, k))) set(k, 'NAME', 60);
    }

    // ---- R6 single capitalised tokens that are not English, not clinical
    for (const i of W) {
      const t = toks[i];
      if (!t.cap || t.allCaps || labels[i] || masked[i] || prot[i] || t.s.length < 2) continue;
      if (this.hardSafe(t.lo) || this.softSafe(t.lo)) continue;
      const eng = this.isEng(t.lo);
      const fn = this.isFirst(t.lo);
      const ln = this.isLast(t.lo);
      const p = prevWord(i);
      const nx = nextWord(i);
      const prevTok = p >= 0 ? toks[p] : undefined;
      const locCtx = !!prevTok && LOC_PREPS.has(prevTok.lo) && /^\s+$/.test(gap(p, i));
      const city = this.lx.cities.has(t.lo);
      if (!t.init) {
        if (!eng) {
          if (this.medical(t.lo, false) && !fn && !ln) continue;
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
      } else if (!eng && (fn || ln) && !this.medical(t.lo, false)) {
        set(i, city && !fn && !ln ? 'LOCATION' : 'NAME', 44);
      } else if (!eng && city && !fn && !ln) {
        set(i, 'LOCATION', 42);
      }
    }

    // ---- R6b ALLCAPS words that are dictionary names and not English or clinical ("OYELARAN, Folasade" handled above)
    for (const i of W) {
      const t = toks[i];
      if (!t.allCaps || labels[i] || masked[i] || prot[i] || t.s.length < 4) continue;
      if (this.hardSafe(t.lo) || this.softSafe(t.lo) || this.isEng(t.lo) || this.medical(t.lo, true)) continue;
      const nb = [prevWord(i), nextWord(i)].filter((k) => k >= 0 && toks[k].allCaps && /^\s+$/.test(k < i ? gap(k, i) : gap(i, k)));
      const pairName = nb.some(
        (k) => (this.isFirst(toks[k].lo) || this.isLast(toks[k].lo)) && !this.isEng(toks[k].lo) && !this.hardSafe(toks[k].lo),
      );
      if ((this.isFirst(t.lo) || this.isLast(t.lo)) && pairName) set(i, 'NAME', 38);
    }

    // ---- R7 lowercase names: "carla nakamura", "spoke with carla"
    for (const i of W) {
      const t = toks[i];
      if (!t.lower || masked[i] || labels[i] || t.s.length < 3) continue;
      if (!this.isFirst(t.lo) || this.hardSafe(t.lo) || this.softSafe(t.lo) || DRUGS.has(t.lo) || ORGANISMS.has(t.lo)) continue;
      const j = nextWord(i);
      const nt = j >= 0 ? toks[j] : undefined;
      if (
        nt &&
        nt.lower &&
        /^\s+$/.test(gap(i, j)) &&
        nt.s.length >= 3 &&
        !this.isEng(nt.lo) &&
        !this.hardSafe(nt.lo) &&
        !this.softSafe(nt.lo) &&
        (this.isLast(nt.lo) || !this.medical(nt.lo, true))
      ) {
        set(i, 'NAME', 50);
        set(j, 'NAME', 50);
        continue;
      }
      if (this.isEng(t.lo) || (MEDICAL_SUFFIX.test(t.lo) && !this.isFirst(t.lo))) continue;
      if (nt && PERSON_VERBS.has(nt.lo) && !/^(?:is|was|has|had|will|would|can|could|should)$/.test(nt.lo)) set(i, 'NAME', 48);
      else if (t.s.length >= 4) set(i, 'NAME', 36);
    }

    // ---- lowercase cities after a place preposition: "lives in akron"
    for (const i of W) {
      const t = toks[i];
      if (!t.lower || labels[i] || masked[i] || t.s.length < 4 || this.isEng(t.lo) || this.hardSafe(t.lo) || this.softSafe(t.lo)) continue;
      const p = prevWord(i);
      if (p < 0 || !LOC_PREPS.has(toks[p].lo) || !/^\s+$/.test(gap(p, i)) || !this.lx.cities.has(t.lo) || this.medical(t.lo, true))
        continue;
      set(i, 'LOCATION', 44);
    }

    // ---- lowercase facilities after a preposition: "admitted to pine hollow skilled nursing"
    for (const i of W) {
      const t = toks[i];
      if (
        !t.lower ||
        masked[i] ||
        !FACILITY_HEADS.has(t.lo) ||
        /^(?:house|home|homes|care|health|place|point|court|park|post|station|base|store|market|club|bank|hall|plant|mill|farm|unit|view|general)$/.test(
          t.lo,
        )
      )
        continue;
      // extend right over further heads ("medical center", "hospice house")
      let e = i;
      for (let k = nextWord(e); k >= 0 && toks[k].lower && FACILITY_HEADS.has(toks[k].lo) && /^\s+$/.test(gap(e, k)); k = nextWord(k))
        e = k;
      const run: number[] = [];
      let k = prevWord(i);
      let last = i;
      while (
        k >= 0 &&
        run.length < 4 &&
        toks[k].lower &&
        /^\s+$/.test(gap(k, last)) &&
        !LOC_PREPS.has(toks[k].lo) &&
        !STOP_CAPS.has(toks[k].lo)
      ) {
        run.unshift(k);
        last = k;
        k = prevWord(k);
      }
      if (k < 0 || !/^(?:to|at|from|of|in|into|with|near)$/.test(toks[k].lo) || run.length === 0 || !/^\s+$/.test(gap(k, last))) continue;
      const specific = run.filter((q) => {
        const lo = toks[q].lo;
        return (
          !FACILITY_GENERIC.has(lo) &&
          !FACILITY_HEADS.has(lo) &&
          !MONTHS.has(lo) &&
          !DAYS.has(lo) &&
          !CLINICAL_WORDS.has(lo) &&
          !ORGS.has(lo) &&
          !DRUGS.has(lo) &&
          !EPONYMS_SAFE.has(lo) &&
          !STOP_CAPS.has(lo) &&
          !/(?:ed|ing|ous|ive)$/.test(lo)
        );
      });
      if (specific.length === 0) continue;
      // "home hospice support": the head is a modifier when a noun follows
      const after = nextWord(e);
      if (
        after >= 0 &&
        /^\s+$/.test(gap(e, after)) &&
        toks[after].lower &&
        !/^(?:on|in|at|for|and|or|is|was|where|with|to|of|from|by|when|which|who|that|since|until|last|this|yesterday|today|tomorrow|tonight|overnight|after|before|about|because|but|so|then|are|were|has|had|will|can|could|would|should)$/.test(
          toks[after].lo,
        )
      )
        continue;
      out.push({ start: toks[run[0]].start, end: toks[e].end, type: 'LOCATION', prio: 60, suggestion: '[facility]' });
    }

    // ---- places: facilities, counties, "City, ST", dictionary cities
    this.places(text, toks, W, masked, prot, out, nextWord, prevWord, gap);

    // ---- surname after particles: "Maria de la Cruz", "Pieter van der Berg"
    for (const i of W) {
      if (labels[i]?.type !== 'NAME') continue;
      let j = nextWord(i);
      let k = i;
      let hops = 0;
      while (
        j >= 0 &&
        hops < 3 &&
        toks[j].lower &&
        /^(?:de|del|della|der|den|di|da|dos|das|du|la|le|van|von|bin|ibn|bint|al|el|ter|ten|y)$/.test(toks[j].lo) &&
        /^\s+$/.test(gap(k, j))
      ) {
        k = j;
        j = nextWord(j);
        hops++;
      }
      if (hops > 0 && j >= 0 && toks[j].cap && /^\s+$/.test(gap(k, j)) && !this.hardSafe(toks[j].lo)) set(j, 'NAME', labels[i]!.prio);
    }

    // ---- propagation: every other mention of a detected name
    const names = new Map<string, { eng: boolean; rel?: string }>();
    for (const i of W) {
      const l = labels[i];
      if (!l || l.type !== 'NAME' || toks[i].s.length < 2 || isInitial(i)) continue;
      const t = toks[i];
      if (this.hardSafe(t.lo)) continue;
      const key = this.isEng(t.lo) ? t.s : t.lo;
      const prev = names.get(key);
      names.set(key, { eng: this.isEng(t.lo), rel: prev?.rel ?? l.rel });
    }
    for (const i of W) {
      if (labels[i] || masked[i] || prot[i] === 1) continue;
      const t = toks[i];
      const hitCase = names.get(t.s);
      const hitAny = names.get(t.lo);
      if ((hitCase && t.cap) || (hitAny && !hitAny.eng)) set(i, 'NAME', 52, (hitCase ?? hitAny)?.rel);
    }
    // other mentions of a relative named in an appositive ("his daughter, Carla" ... "Carla asked") learn the relation
    for (const i of W) {
      const l = labels[i];
      if (!l || l.type !== 'NAME' || l.appos || l.rel) continue;
      const t = toks[i];
      const hit = names.get(this.isEng(t.lo) ? t.s : t.lo);
      if (hit?.rel) l.rel = hit.rel;
    }

    // ---- emit name spans, joining adjacent name tokens
    for (let a = 0; a < W.length; a++) {
      const i = W[a];
      const l = labels[i];
      if (!l) continue;
      let end = toks[i].end;
      let b = a;
      while (b + 1 < W.length) {
        let j = W[b + 1];
        let lj = labels[j];
        if (!lj && l.type === 'NAME') {
          // skip name particles to the next name token ("de la", "van der")
          let c = b + 1;
          while (
            c < W.length &&
            c - b <= 3 &&
            !labels[W[c]] &&
            /^(?:de|del|della|der|den|di|da|dos|das|du|la|le|van|von|bin|ibn|bint|al|el|ter|ten|y)$/.test(toks[W[c]].lo)
          )
            c++;
          if (c > b + 1 && c < W.length && labels[W[c]]?.type === 'NAME' && NAME_PARTICLES.test(text.slice(end, toks[W[c]].start))) {
            j = W[c];
            lj = labels[j];
            b = c - 1;
          }
        }
        if (!lj || lj.type !== l.type) break;
        const g = text.slice(end, toks[j].start);
        if (!/^(?:[ \t]+|\.\s*|\s*-\s*|\n)$/.test(g) && !(l.type === 'NAME' && NAME_PARTICLES.test(g))) break;
        end = toks[j].end;
        b++;
      }
      if (l.type === 'NAME') {
        const suf = /^,?\s+(?:Jr|Sr|II|III)\b\.?/.exec(text.slice(end, end + 8));
        if (suf) end += suf[0].replace(/\.$/, '').length;
      }
      let start = toks[i].start;
      const span = text.slice(start, end);
      if (!span.trim()) continue;
      const propagatedRel =
        l.rel && !l.appos && !['patient', 'pt', 'pt.', 'client', 'resident', 'decedent', 'deceased', 'initials'].includes(l.rel)
          ? l.rel.replace(/^(?:np|rn|md|pa|lpn|cna|pcp|hcp|poa)$/, (x) => x.toUpperCase())
          : undefined;
      const sugg =
        l.type === 'NAME'
          ? propagatedRel
            ? /^(?:nurse|aide|physician|doctor|oncologist|cardiologist|neurologist|surgeon|resident|intern|fellow|attending|hospitalist|pharmacist|therapist|counselor|counsellor|psychologist|psychiatrist|chaplain|pastor|priest|rabbi|imam|minister|volunteer|worker|planner|manager|coordinator|navigator|liaison|director|administrator|interpreter|translator|doula|dietitian|nutritionist|clerk|receptionist|secretary|assistant|practitioner|NP|RN|MD|PA|LPN|CNA|PCP)$/.test(
                propagatedRel,
              )
              ? `the ${propagatedRel}`
              : `the patient's ${propagatedRel}`
            : '[name]'
          : this.citySuggestion(span);
      out.push({ start, end, type: l.type, prio: l.prio, suggestion: sugg });
      start = end;
      a = b;
    }
  }

  private citySuggestion(span: string): string {
    const st = this.lx.cities.get(span.toLowerCase());
    if (st && st.length === 2) return US_STATES[st] ?? '[city]';
    return '[place]';
  }

  private places(
    text: string,
    toks: Tok[],
    W: number[],
    masked: Uint8Array,
    prot: Uint8Array,
    out: Cand[],
    nextWord: (i: number) => number,
    prevWord: (i: number) => number,
    gap: (a: number, b: number) => string,
  ): void {
    const n = toks.length;
    // proper-noun runs: capitalised words joined by spaces, "of", "and", "&", "St.", "'s"
    const used = new Uint8Array(n);
    for (let a = 0; a < W.length; a++) {
      const i = W[a];
      if (!toks[i].cap || used[i] || masked[i]) continue;
      const run: number[] = [i];
      let j = i;
      for (;;) {
        let nj = nextWord(j);
        if (nj < 0) break;
        let g = gap(j, nj);
        if (g === "'s " || g === '’s ' || (toks[j + 1]?.lo === "'s" && /^\s*$/.test(text.slice(toks[j + 1].end, toks[nj].start)))) g = ' ';
        if (!/^(?:\s+|\.\s+|\s*&\s*)$/.test(g) || /\n\s*\n/.test(g)) break;
        if (g.includes('.') && !/^(?:St|Mt|Ft)$/.test(toks[j].s)) break;
        let t = toks[nj];
        if (
          !t.cap &&
          (t.lo === 'of' ||
            t.lo === 'and' ||
            t.lo === 'the' ||
            t.lo === 'de' ||
            t.lo === 'del' ||
            t.lo === 'la' ||
            t.lo === 'for' ||
            t.lo === 'on')
        ) {
          const nn = nextWord(nj);
          if (nn < 0 || !toks[nn].cap || !/^\s+$/.test(gap(nj, nn))) break;
          // "X and Y" only continues when Y is a facility-like word (Hospice and Palliative Care)
          if ((t.lo === 'and' || t.lo === 'on') && !FACILITY_HEADS.has(toks[nn].lo) && !FACILITY_GENERIC.has(toks[nn].lo)) break;
          run.push(nj);
          nj = nn;
          t = toks[nj];
        }
        if (!t.cap) break;
        run.push(nj);
        j = nj;
        if (run.length > 12) break;
      }
      const words = run.filter((k) => toks[k].cap);
      if (words.length < 2) continue;
      // facility: must end with a head noun (optionally "of Place"), or start with a leading head (Temple Beth Shalom)
      let lastHead = -1;
      for (let q = 0; q < run.length; q++) if (toks[run[q]].cap && FACILITY_HEADS.has(toks[run[q]].lo)) lastHead = q;
      if (lastHead < 0) continue;
      const tail = run.slice(lastHead + 1);
      const leading =
        /^(?:temple|church|congregation|synagogue|mosque|parish|university|college|shrine|cathedral|basilica|abbey|chapel)$/.test(
          toks[run[0]].lo,
        );
      let endQ = run.length - 1;
      if (
        tail.length &&
        !(toks[tail[0]].lo === 'of' || toks[tail[0]].lo === 'at' || toks[tail[0]].lo === 'for' || toks[tail[0]].lo === 'on')
      ) {
        // "Medicare Hospice Benefit": the head is a modifier, not a facility name ("Sunrise Gardens ALF" is fine)
        if (!leading) {
          if (tail.some((k) => toks[k].cap && !toks[k].allCaps && !FACILITY_HEADS.has(toks[k].lo))) continue;
          endQ = lastHead;
        }
      }
      // "Father Dominic Szymanski of Holy Rosary Parish": the facility starts after an "of" that precedes every head
      const firstHead = run.findIndex((k) => toks[k].cap && FACILITY_HEADS.has(toks[k].lo));
      let ofBefore = -1;
      for (let q = 0; q < firstHead; q++) if (toks[run[q]].lo === 'of' || toks[run[q]].lo === 'at') ofBefore = q;
      // leading words that are sentence furniture: "The", "Discharge To" (lowercase "to" already breaks)
      let startQ = ofBefore >= 0 ? ofBefore + 1 : 0;
      while (
        startQ < endQ &&
        ((STOP_CAPS.has(toks[run[startQ]].lo) && !FACILITY_HEADS.has(toks[run[startQ]].lo)) ||
          (toks[run[startQ]].init &&
            this.isEng(toks[run[startQ]].lo) &&
            /(?:ed|ing)$/.test(toks[run[startQ]].lo) &&
            !this.isLast(toks[run[startQ]].lo)))
      )
        startQ++;
      const core = run.slice(startQ, endQ + 1).filter((k) => toks[k].cap);
      const specific = core.filter((k) => {
        const lo = toks[k].lo;
        return (
          !FACILITY_GENERIC.has(lo) &&
          !FACILITY_HEADS.has(lo) &&
          !STOP_CAPS.has(lo) &&
          !MONTHS.has(lo) &&
          !DAYS.has(lo) &&
          !(this.isEng(lo) && CLINICAL_WORDS.has(lo)) &&
          !ORGS.has(lo) &&
          !DRUGS.has(lo) &&
          !EPONYMS_SAFE.has(lo) &&
          !prot[k]
        );
      });
      if (specific.length === 0 || core.length < 2) continue;
      const s = toks[run[startQ]].start;
      const e = toks[run[endQ]].end;
      for (const k of run) used[k] = 1;
      const headLo = toks[run[lastHead]].lo;
      const sugg = /hospital|medical|center|centre|infirmary|clinic/.test(headLo)
        ? 'a hospital'
        : /hospice/.test(headLo)
          ? 'a hospice'
          : /nursing|living|manor|village|residence|home|care|rehab/.test(headLo)
            ? 'a care facility'
            : /church|parish|temple|synagogue|mosque|chapel|cathedral|congregation|ministr|fellowship/.test(headLo)
              ? 'a faith community'
              : /county|district/.test(headLo)
                ? '[county]'
                : '[facility]';
      out.push({ start: s, end: e, type: 'LOCATION', prio: 72, suggestion: sugg });
    }

    for (const i of W) {
      const t = toks[i];
      if (masked[i]) continue;
      // counties: "Bernalillo County", "St. Louis County", "Orleans Parish"
      if (t.lo === 'county' || t.lo === 'parish' || t.lo === 'borough') {
        let j = prevWord(i);
        let s = -1;
        let c = 0;
        while (
          j >= 0 &&
          c < 3 &&
          (toks[j].cap || this.lx.counties.has(toks[j].lo)) &&
          /^(?:\s+|\.\s+)$/.test(gap(j, j === prevWord(i) ? i : s)) &&
          !STOP_CAPS.has(toks[j].lo)
        ) {
          s = j;
          c++;
          j = prevWord(j);
        }
        if (s >= 0 && (t.cap || this.lx.counties.has(toks[s].lo))) {
          out.push({ start: toks[s].start, end: t.end, type: 'LOCATION', prio: 62, suggestion: '[county]' });
        }
      }
      // "City, ST" / "City, Statename" (lowercase too when the city is known: "akron, oh 44310")
      if ((t.cap || (t.lower && this.lx.cities.has(t.lo) && !this.isEng(t.lo))) && !prot[i]) {
        const j = nextWord(i);
        if (j < 0) continue;
        const g = gap(i, j);
        if (!/^,?\s{1,2}$/.test(g)) continue;
        const st = toks[j];
        let stateName = '';
        if (/^[A-Z]{2}$/.test(st.s) && US_STATES[st.s]) stateName = US_STATES[st.s];
        else if (t.lower && /^[a-z]{2}$/.test(st.s) && US_STATES[st.s.toUpperCase()] && /^\s*\d{5}/.test(text.slice(st.end, st.end + 8)))
          stateName = US_STATES[st.s.toUpperCase()];
        else if (STATE_NAMES.has(st.lo)) stateName = st.s;
        else {
          const two = nextWord(j);
          if (two >= 0 && STATE_NAMES.has(st.lo + ' ' + toks[two].lo)) stateName = st.s + ' ' + toks[two].s;
        }
        if (!stateName) continue;
        if (STATE_NAMES.has(t.lo) || (this.hardSafe(t.lo) && !this.lx.cities.has(t.lo))) continue;
        const abbrOnly = /^[A-Za-z]{2}$/.test(st.s);
        const after = text.slice(st.end, st.end + 8);
        if (abbrOnly && !g.includes(',') && !/^\s*\d{5}/.test(after)) continue;
        // "Helen Cho, MD" / "Smith, PA": credential-like state codes need a city match or a ZIP
        if (abbrOnly && /^(?:MD|PA|DO|ME|OR|IN|OK|HI|MA|MS|DE|CO|LA|ID|AL|GA|NP)$/.test(st.s) && !/^\s*\d{5}/.test(after)) {
          // still a place if the word is a known city and not a known name
          if (!(this.lx.cities.has(t.lo) && !this.isFirst(t.lo) && !this.isLast(t.lo))) continue;
        }
        // extend left over capitalised words that form the city name (St. Louis, Yellow Springs)
        let s = i;
        let c = 0;
        for (let p = prevWord(s); p >= 0 && c < 2; p = prevWord(s)) {
          const pg = gap(p, s);
          if (!(toks[p].cap && /^(?:\s+|\.\s+)$/.test(pg) && !STOP_CAPS.has(toks[p].lo) && !LOC_PREPS.has(toks[p].lo))) break;
          const phrase = text.slice(toks[p].start, t.end).toLowerCase().replace(/\s+/g, ' ');
          if (
            !this.lx.cities.has(phrase) &&
            !/^(?:st|mt|ft|saint|mount|fort|port|new|east|west|north|south|lake|grand|san|santa|los|las|el|la|des|du|le|little|big|glen|palm|cedar)$/.test(
              toks[p].lo,
            )
          )
            break;
          s = p;
          c++;
        }
        const key = text.slice(toks[s].start, t.end).toLowerCase().replace(/\s+/g, ' ');
        if (this.isFirst(key) && this.isLast(key) && !this.lx.cities.has(key)) {
          // ambiguous person-name-looking word before a state: only with ZIP or full state name
          if (abbrOnly && !/^\s*\d{5}/.test(after)) continue;
        }
        out.push({ start: toks[s].start, end: t.end, type: 'LOCATION', prio: 63, suggestion: stateName });
      }
    }

    // dictionary cities: multi-word anywhere (capitalised), single-word after a place preposition
    for (const i of W) {
      const t = toks[i];
      if (!t.cap || masked[i] || prot[i] === 1) continue;
      const maxw = this.lx.cityHeads.get(t.lo) ?? (/^(?:st|mt|ft)$/.test(t.lo) ? 4 : 0);
      let matched = false;
      if (maxw > 1) {
        let j = i;
        let phrase = t.lo;
        const idx: number[] = [i];
        for (let k = 1; k < maxw; k++) {
          const nj = nextWord(j);
          if (nj < 0 || !toks[nj].cap || !/^(?:\s+|\.\s+)$/.test(gap(j, nj))) break;
          phrase += (gap(j, nj).includes('.') ? '. ' : ' ') + toks[nj].lo;
          idx.push(nj);
          j = nj;
          const alt = phrase
            .replace(/^st\. /, 'saint ')
            .replace(/^mt\. /, 'mount ')
            .replace(/^ft\. /, 'fort ');
          const found = this.lx.cities.get(phrase) ?? this.lx.cities.get(alt) ?? this.lx.cities.get(phrase.replace(/\. /g, ' '));
          if (found !== undefined && !STATE_NAMES.has(phrase) && !idx.some((q) => prot[q])) {
            const allEngWords = idx.every((q) => this.isEng(toks[q].lo) || FACILITY_GENERIC.has(toks[q].lo));
            const p = prevWord(i);
            const ctx = p >= 0 && LOC_PREPS.has(toks[p].lo);
            if (!allEngWords || ctx || toks[i].init === false) {
              out.push({
                start: t.start,
                end: toks[j].end,
                type: 'LOCATION',
                prio: allEngWords && !ctx ? 44 : 57,
                suggestion: found.length === 2 ? (US_STATES[found] ?? '[city]') : '[city]',
              });
              matched = true;
            }
          }
        }
      }
      if (matched) continue;
      const st = this.lx.cities.get(t.lo);
      if (st === undefined || STATE_NAMES.has(t.lo) || this.hardSafe(t.lo) || this.softSafe(t.lo) || prot[i]) continue;
      const p = prevWord(i);
      if (p >= 0 && LOC_PREPS.has(toks[p].lo) && /^\s+$/.test(gap(p, i))) {
        const nx = nextWord(i);
        if (nx >= 0 && toks[nx].cap && FACILITY_HEADS.has(toks[nx].lo)) continue; // facility rule decides
        if (this.isEng(t.lo) && nx >= 0 && toks[nx].cap && /^\s+$/.test(gap(i, nx))) continue; // part of a Title Case phrase
        out.push({
          start: t.start,
          end: t.end,
          type: 'LOCATION',
          prio: 56,
          suggestion: st.length === 2 ? (US_STATES[st] ?? '[city]') : '[city]',
        });
      }
    }
  }
}

const TYPE_SUGGESTION: Partial<Record<PhiType, string>> = {
  NAME: '[name]',
  LOCATION: '[place]',
  DATE: '[date]',
  AGE: '90+',
  PHONE: '[phone]',
  FAX: '[fax]',
  EMAIL: '[email]',
  SSN: '[SSN]',
  MRN: '[MRN]',
  HEALTH_PLAN: '[plan ID]',
  ACCOUNT: '[account]',
  LICENSE: '[licence]',
  VEHICLE: '[vehicle]',
  DEVICE: '[device ID]',
  URL: '[link]',
  IP: '[IP address]',
  OTHER_ID: '[ID]',
};

const isWordTok = (s: string): boolean => /[\p{L}\p{N}]/u.test(s[0]);

/**
 * Union of (a) rule spans that the model confirms on at least one of their tokens (rules keep the
 * exact extent and type of structured identifiers) and (b) runs of tokens the model labels as an
 * identifier, joined across short gaps so that a span covers the whole identifier.
 */
function combine(text: string, v: View, lab: Uint8Array, safeWord: (lo: string) => boolean, isGiven: (lo: string) => boolean): PhiSpan[] {
  const { toks } = v;
  const n = toks.length;
  const cands: Cand[] = [];
  let k = 0;
  for (const s of v.ruleSpans) {
    while (k < n && toks[k].end <= s.start) k++;
    let yes = false;
    for (let i = k; i < n && toks[i].start < s.end; i++)
      if (lab[i] > 0) {
        yes = true;
        break;
      }
    // names and places come from the model's own token runs below; structured identifiers keep the
    // rule's extent; keyword-led and checksum-validated identifiers and ages in words stand on their own
    const always =
      ALWAYS_KEEP.has(s.type) || (s.type === 'URL' && s.prio >= 90) || (s.type === 'AGE' && /[a-z]{4}/i.test(text.slice(s.start, s.end)));
    const structured = s.type !== 'NAME' && (s.type !== 'LOCATION' || (s.suggestion !== undefined && STRUCTURED_PLACE.test(s.suggestion)));
    // ventilator settings, fractions, murmur grades and lone weekdays are not dates, whoever found them
    if (s.type === 'DATE' && (clinicalNumberNotDate(text, s) || weekdayOnly(text, s))) continue;
    if ((s.type === 'LOCATION' || s.type === 'URL') && shorthandNotPlace(text, s, s.type)) continue; // `0530 as pt`, `peaches.family`
    // drip rates, outputs, temperatures, vent volumes, shift times found by the context-free number pattern
    if ((s.type === 'OTHER_ID' || s.type === 'PHONE') && ((s.prio < 60 && clinicalNumberNotId(text, s)) || temperature(text, s))) continue;
    if ((yes || always || (structured && s.type === 'LOCATION' && s.prio >= 64)) && structured)
      cands.push({ start: s.start, end: s.end, type: s.type, prio: 100, suggestion: s.suggestion });
  }
  let rp = 0;
  for (let i = 0; i < n; i++) {
    if (!lab[i] || !isWordTok(toks[i].s)) continue;
    let j = i;
    const votes = new Uint16Array(LABELS.length);
    votes[lab[i]]++;
    for (let q = i + 1; q < n && q <= j + 3; q++) {
      const g = text.slice(toks[q - 1].end, toks[q].start);
      if (g.length > 2 || g.includes('\n')) break;
      if (!lab[q]) {
        if (isWordTok(toks[q].s)) break;
        continue;
      }
      if (lab[q] !== lab[i] && isWordTok(toks[q].s)) break; // a place next to a date stays two spans
      votes[lab[q]]++;
      if (isWordTok(toks[q].s)) j = q;
    }
    let best = 1;
    for (let c = 2; c < LABELS.length; c++) if (votes[c] > votes[best]) best = c;
    let type = MODEL_TYPES[best];
    // the real notes' annotators typed some relatives as IDs: a run without digits is a name
    if (type === 'OTHER_ID' && !/\d/.test(text.slice(toks[i].start, toks[j].end))) type = 'NAME';
    // where the rules typed the same words as a name or place, keep their type and suggestion
    // rule spans are sorted and non-overlapping, and runs move left to right: one pointer keeps this linear
    while (rp < v.ruleSpans.length && v.ruleSpans[rp].end <= toks[i].start) rp++;
    let r: RuleSpan | undefined;
    let touchedByRule = false;
    let strongId = false;
    for (let x = rp; x < v.ruleSpans.length && v.ruleSpans[x].start < toks[j].end; x++) {
      touchedByRule = true;
      const rs = v.ruleSpans[x];
      if (!r && (rs.type === 'NAME' || rs.type === 'LOCATION')) r = rs;
      if (rs.type !== 'NAME' && rs.type !== 'LOCATION' && rs.type !== 'DATE' && rs.prio >= 60) strongId = true;
    }
    if (!r && !touchedByRule && safeRun(text, toks, i, j, type, safeWord)) {
      i = j;
      continue;
    }
    const run = { start: toks[i].start, end: toks[j].end };
    if ((type === 'OTHER_ID' || type === 'PHONE') && !strongId && (clinicalNumberNotId(text, run) || temperature(text, run))) {
      i = j;
      continue;
    }
    // the same shorthand "place" or "link" (vetoes.ts), labelled by the model
    if (r && shorthandNotPlace(text, r, r.type)) {
      i = j;
      continue;
    }
    // a name or place found only by a weak rule (capitalised word, "pt" + word) whose words are all
    // clinical or plain English vocabulary: "Pt Cont on levo", "Afebrile", "JUDGEMENT"
    if (r && r.prio < 80 && r.type === 'NAME' && type === 'NAME' && safeRun(text, toks, i, j, type, (lo) => safeWord(lo) && !isGiven(lo))) {
      i = j;
      continue;
    }
    if (type === 'DATE' && (!r || r.type === 'DATE')) {
      const span = { start: toks[i].start, end: toks[j].end };
      if (clinicalNumberNotDate(text, span) || weekdayOnly(text, span)) {
        i = j;
        continue;
      }
    }
    cands.push({
      start: toks[i].start,
      end: toks[j].end,
      type: r ? r.type : type,
      prio: 50,
      suggestion: r && r.type === type ? r.suggestion : undefined,
    });
    i = j;
  }
  return merge(text, cands);
}

/** Sort, merge overlapping candidates (union of extents, type of the highest-priority one). */
function merge(text: string, cands: Cand[], keepPrio = false): PhiSpan[] {
  cands.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Array<Cand> = [];
  for (const c of cands) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      if (c.prio > last.prio || (c.prio === last.prio && c.end - c.start > last.end - last.start)) {
        last.type = c.type;
        last.prio = c.prio;
        last.suggestion = c.suggestion;
      }
      if (c.end > last.end) last.end = c.end;
      continue;
    }
    out.push({ ...c });
  }
  return out.map((c) => {
    let suggestion = c.suggestion ?? TYPE_SUGGESTION[c.type];
    const original = text.slice(c.start, c.end);
    // a suggestion never carries identifying text: only a bare year may survive from a date
    if (
      suggestion &&
      suggestion !== original &&
      original.toLowerCase().includes(suggestion.toLowerCase()) &&
      !/^(?:19|20)\d\d$/.test(suggestion)
    )
      suggestion = TYPE_SUGGESTION[c.type];
    if (suggestion && /^(?:19|20)\d\d$/.test(suggestion) && c.type !== 'DATE') suggestion = TYPE_SUGGESTION[c.type];
    const span: PhiSpan = { start: c.start, end: c.end, type: c.type };
    if (keepPrio) (span as RuleSpan).prio = c.prio;
    if (suggestion) span.suggestion = suggestion;
    return span;
  });
}
