/**
 * Token features for the sequence model (shape, case, dictionary classes, neighbours, line
 * context, section headers, cue words, what the rule pass said). Shared by the runtime tagger and
 * by scripts/train-model.mjs, so training and inference see exactly the same features.
 *
 * Word identity features are emitted only for words of the permissive vocabularies (English word
 * list, clinical vocabulary, cue words); the training script further drops any word that occurs
 * inside an identifier of the training data, so no identifier can end up in the weights.
 */
import type { PhiType } from '@casebridge/contracts';
import {
  DAYS,
  DRUGS,
  FACILITY_HEADS,
  LOC_PREPS,
  MEDICAL_SUFFIX,
  MONTHS,
  PERSON_VERBS,
  RELATIONS,
  STRONG_TITLES,
  WEAK_TITLES,
} from '../allow';
import { CLINICAL_ABBREVIATIONS, CLINICAL_BRANDS, EPONYM_INSTRUMENTS, SECTION_HEADERS } from '../clinical';
import type { Lexicon } from '../lexicon';

export const LABELS = ['O', 'NAME', 'LOCATION', 'DATE', 'AGE', 'PHONE', 'ID'] as const;
export type Label = (typeof LABELS)[number];

export function labelOfType(t: PhiType | string): number {
  switch (t) {
    case 'NAME':
      return 1;
    case 'LOCATION':
      return 2;
    case 'DATE':
      return 3;
    case 'AGE':
      return 4;
    case 'PHONE':
    case 'FAX':
      return 5;
    default:
      return 6;
  }
}

export interface MTok {
  s: string;
  lo: string;
  start: number;
  end: number;
}

// words and digit runs only: punctuation is described by the gap features of its neighbours, which
// halves the work on punctuation-heavy input (`a.a.a.…`, `1-1-1-…`) and keeps labels on real tokens
const TOKEN_RE = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*|\d+/gu;

/** Letter runs and digit runs; linear (no backtracking across tokens). */
export function modelTokens(text: string): MTok[] {
  const out: MTok[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) out.push({ s: m[0], lo: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

function shape(s: string): string {
  let out = '';
  let prev = '';
  let run = 0;
  for (let i = 0; i < s.length && out.length < 8; i++) {
    const ch = s[i];
    const c =
      ch >= 'A' && ch <= 'Z'
        ? 'X'
        : ch >= 'a' && ch <= 'z'
          ? 'x'
          : ch >= '0' && ch <= '9'
            ? 'd'
            : /\p{Lu}/u.test(ch)
              ? 'X'
              : /\p{L}/u.test(ch)
                ? 'x'
                : ch;
    if (c === prev) {
      run++;
      if (run < 2) out += c;
    } else {
      run = 0;
      out += c;
    }
    prev = c;
  }
  return out;
}

/** The characters between two tokens, normalised: newline, or punctuation with spaces as `_` (at most 4). */
function gapClass(g: string): string {
  if (!g) return '0';
  if (g.includes('\n')) return 'n';
  return g.replace(/\s+/g, '_').slice(0, 4);
}

function numClass(s: string): string {
  if (s.length > 4) return 'L' + Math.min(s.length, 10);
  const n = Number(s);
  if (s.length === 4) return n >= 1900 && n <= 2099 ? 'Y' : 'n4';
  if (n === 0) return 'z';
  if (n <= 12) return s.length === 2 && s[0] === '0' ? 'm0' : 'm';
  if (n <= 31) return 'd';
  if (n <= 89) return 'n2';
  if (n <= 99) return 'a9';
  if (n <= 130) return 'c';
  return 'n3';
}

const CUES = new Set([...RELATIONS, ...STRONG_TITLES, ...WEAK_TITLES, ...PERSON_VERBS, ...LOC_PREPS, ...FACILITY_HEADS]);

export interface FeatureEnv {
  lx: Lexicon;
  /** may this lowercase word appear as an identity feature? */
  vocab: (lo: string) => boolean;
}

/** Dictionary class of a token, as a short code. */
function dictClass(t: MTok, env: FeatureEnv): string {
  const lo = t.lo;
  const c0 = lo.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) return 'D';
  if (!/\p{L}/u.test(lo[0])) return 'P';
  let k = '';
  if (env.lx.english.has(lo)) k += 'e';
  if (env.lx.first.has(lo)) k += 'f';
  if (env.lx.last.has(lo)) k += 'l';
  if (env.lx.cities.has(lo)) k += 'c';
  if (env.lx.geoSafe.has(lo)) k += 'g';
  if (CLINICAL_ABBREVIATIONS.has(lo) || SECTION_HEADERS.has(lo)) k += 'a';
  if (CLINICAL_BRANDS.has(lo) || EPONYM_INSTRUMENTS.has(lo) || DRUGS.has(lo)) k += 'b';
  if (MEDICAL_SUFFIX.test(lo)) k += 'm';
  if (MONTHS.has(lo) || DAYS.has(lo)) k += 't';
  if (RELATIONS.has(lo)) k += 'r';
  if (STRONG_TITLES.has(lo) || WEAK_TITLES.has(lo)) k += 'i';
  return k || 'u';
}

/** A feature as one string (`template=value`), as stored in the weights and used by the training script. */
export function featureKey(template: string, value: string): string {
  return value === '' && template === 'b' ? 'b' : template + '=' + value;
}

/** Per-token atomic feature values, computed once per token and shared by every feature that uses them. */
export interface TokenAtoms {
  n: number;
  /** shape (or number class) */
  sh: string[];
  /** dictionary class */
  dc: string[];
  /** identity value ('' when the word is not in the permissive vocabulary) */
  id: string[];
  /** neighbour-word value: identity, or `#shape` */
  wv: string[];
  /** 'C' on an ALL-CAPS line, else 'c' */
  lc: string[];
  lineStart: Uint8Array;
  chunk: string[];
  pos: string[];
  len: string[];
  /** gap class before token i (index i), and after the last token (index n) */
  gap: string[];
  /** previous / next word index, skipping punctuation (may be -1 or n) */
  pw: Int32Array;
  nw: Int32Array;
  /** header feature value, or '' when absent */
  hdr: string[];
  /** position of the token in its line: '0', '1', '2', '3' (3 or more) */
  lp: string[];
  rule: Uint8Array;
}

const POS = Array.from({ length: 5 }, (_, x) => Array.from({ length: 9 }, (__, y) => x + '/' + y));
const LEN = Array.from({ length: 9 }, (_, k) => String(k));
const LP = ['0', '1', '2', '3'];
const RULE = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const IS_LETTER = /\p{L}/u;
const HDR_AFTER = /^(?::|-(?!\d))/;
const dcMemo = new WeakMap<Lexicon, Map<string, string>>();

function isSpaceCode(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 160 ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Does `text[a, b)` contain a newline? */
function hasNewline(text: string, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (text.charCodeAt(k) === 10) return true;
  return false;
}

/** Per-token atoms for the features (see tokenFeatures for how they combine). */
export function tokenAtoms(text: string, toks: MTok[], rule: Uint8Array, env: FeatureEnv, prose?: Uint8Array): TokenAtoms {
  const n = toks.length;
  const sh = new Array<string>(n);
  const dc = new Array<string>(n);
  const id = new Array<string>(n);
  const wv = new Array<string>(n);
  const lc = new Array<string>(n);
  const lineStart = new Uint8Array(n);
  const letter = new Uint8Array(n);
  for (let i = 0; i < n; i++) letter[i] = IS_LETTER.test(toks[i].s[0]) ? 1 : 0;
  const lp = new Array<string>(n);
  // line-level caps ratio (notes written in ALL CAPS make case useless)
  let ls = 0;
  for (let i = 0; i <= n; i++) {
    const newLine = i === n || (i > 0 && hasNewline(text, toks[i - 1].end, toks[i].start));
    if (newLine && i > ls) {
      let up = 0,
        letters = 0;
      for (let k = ls; k < i; k++) {
        if (!letter[k]) continue;
        const s = toks[k].s;
        letters += s.length;
        if (s === s.toUpperCase()) up += s.length;
      }
      const caps = letters >= 12 && up / letters > 0.6 ? 1 : 0;
      for (let k = ls; k < i; k++) lc[k] = caps ? 'C' : 'c';
      if (prose) {
        // prose: at least 6 words, half of them lowercase English words (not shorthand, not ALL CAPS)
        let w = 0,
          eng = 0;
        for (let k = ls; k < i; k++) {
          if (!letter[k]) continue;
          const s = toks[k].s;
          w++;
          if (s === toks[k].lo && env.lx.english.has(s) && s.length > 1) eng++;
        }
        const p = !caps && w >= 6 && eng / w >= 0.5 ? 1 : 0;
        for (let k = ls; k < i; k++) prose[k] = p;
      }
      lineStart[ls] = 1;
      for (let k = ls; k < i; k++) lp[k] = LP[Math.min(k - ls, 3)];
      ls = i;
    }
  }
  let memo = dcMemo.get(env.lx);
  if (!memo) {
    memo = new Map();
    dcMemo.set(env.lx, memo);
  }
  if (memo.size > 50000) memo.clear();
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    const c0 = t.s.charCodeAt(0);
    const isNum = c0 >= 48 && c0 <= 57;
    sh[i] = isNum ? 'd' + numClass(t.s) : shape(t.s);
    let d = memo.get(t.lo);
    if (d === undefined) {
      d = dictClass(t, env);
      memo.set(t.lo, d);
    }
    dc[i] = d;
    id[i] = !isNum && (env.vocab(t.lo) || CUES.has(t.lo)) ? t.lo : !letter[i] && !isNum ? t.s : '';
    wv[i] = id[i] || '#' + sh[i];
  }
  const gap = new Array<string>(n + 1);
  gap[0] = 'n';
  for (let i = 1; i < n; i++) gap[i] = gapClass(text.slice(toks[i - 1].end, toks[i].start));
  gap[n] = 'n';
  // tokens joined to the next one by at most 2 non-space characters
  const joinedNext = new Uint8Array(n);
  for (let k = 0; k + 1 < n; k++) {
    const a = toks[k].end,
      b = toks[k + 1].start;
    if (b - a > 2) continue;
    let sp = false;
    for (let q = a; q < b; q++)
      if (isSpaceCode(text.charCodeAt(q))) {
        sp = true;
        break;
      }
    if (!sp) joinedNext[k] = 1;
  }
  const chunk = new Array<string>(n);
  const pos = new Array<string>(n);
  const len = new Array<string>(n);
  const pw = new Int32Array(n);
  const nw = new Int32Array(n);
  const hdr = new Array<string>(n);
  const wordLike = (k: number): boolean =>
    letter[k] === 1 || (toks[k].s.charCodeAt(0) >= 48 && toks[k].s.charCodeAt(0) <= 57) || /[\p{L}\d]/u.test(toks[k].s[0]);
  for (let i = 0; i < n; i++) {
    const t = toks[i];
    // the whitespace-delimited chunk around the token, as a shape ("dd/dd", "dd-dd/dd-dd", "Xx-xx")
    let a = i,
      b = i;
    while (a > 0 && a > i - 4 && joinedNext[a - 1]) a--;
    while (b + 1 < n && b < i + 4 && joinedNext[b]) b++;
    let ch = '';
    for (let k = a; k <= b && ch.length < 14; k++) {
      if (k > a) ch += text.slice(toks[k - 1].end, toks[k].start);
      ch += sh[k].length > 3 && sh[k][0] !== 'd' ? sh[k].slice(0, 3) : sh[k];
    }
    chunk[i] = ch;
    pos[i] = POS[i - a][b - a];
    len[i] = LEN[Math.min(t.s.length, 8)];
    let p = i - 1;
    while (p >= 0 && p > i - 3 && !wordLike(p)) p--;
    let q = i + 1;
    while (q < n && q < i + 3 && !wordLike(q)) q++;
    pw[i] = p;
    nw[i] = q;
    const after = i + 1 < n ? text.slice(t.end, toks[i + 1].start) : '\n';
    hdr[i] = HDR_AFTER.test(after) ? (lineStart[i] ? '1' : '0') + (SECTION_HEADERS.has(t.lo) ? 'h' : '') : '';
  }
  return { n, sh, dc, id, wv, lc, lineStart, chunk, pos, len, gap, pw, nw, hdr, lp, rule };
}

/** Rule label of token k as a feature value ('^' outside the text). */
export function ruleAt(a: TokenAtoms, k: number): string {
  return k < 0 || k >= a.n ? '^' : (RULE[a.rule[k]] ?? String(a.rule[k]));
}
/** Neighbour-word value of token k (sentinels outside the text). */
export function wordAt(a: TokenAtoms, k: number): string {
  return k < 0 ? '<s>' : k >= a.n ? '</s>' : a.wv[k];
}

/**
 * Static features per token (everything except the previous labels, which the tagger adds), as a
 * flat list of (template, value) pairs, for the training script. The runtime tagger reads the
 * same atoms directly (Tagger.tagAtoms) without building these strings.
 * Index 7 is the token's dictionary class.
 * `rule[i]` is the label index the rule pass gave token i (0 = none).
 */
export function tokenFeatures(text: string, toks: MTok[], rule: Uint8Array, env: FeatureEnv, prose?: Uint8Array): string[][] {
  return featuresOfAtoms(tokenAtoms(text, toks, rule, env, prose));
}

/** The (template, value) pairs of every token, built from its atoms. */
export function featuresOfAtoms(A: TokenAtoms): string[][] {
  const { n, sh, dc, id, lc: LC, lineStart, chunk, gap, rule } = A;
  const feats: string[][] = new Array(n);
  const R = (k: number): string => ruleAt(A, k);
  const W = (k: number): string => wordAt(A, k);
  for (let i = 0; i < n; i++) {
    const lc = LC[i];
    const f: string[] = [
      'b',
      '',
      's',
      sh[i],
      's|l',
      sh[i] + lc,
      'd',
      dc[i],
      'd|l',
      dc[i] + lc,
      'r',
      String(rule[i]),
      'r|l',
      rule[i] + lc,
      'r|d',
      rule[i] + dc[i],
      'ch',
      chunk[i],
      'pos',
      A.pos[i],
      'len',
      A.len[i],
      'r-1',
      R(i - 1),
      'r+1',
      R(i + 1),
      'w-1',
      W(i - 1),
      'w+1',
      W(i + 1),
      'w-2',
      W(i - 2),
      'w+2',
      W(i + 2),
      'd-1',
      i > 0 ? dc[i - 1] : '^',
      'd+1',
      i + 1 < n ? dc[i + 1] : '$',
      's-1|s+1',
      (i > 0 ? sh[i - 1] : '^') + '|' + (i + 1 < n ? sh[i + 1] : '$'),
      'w-1|s',
      W(i - 1) + '|' + sh[i],
      's|w+1',
      sh[i] + '|' + W(i + 1),
      'ls',
      lineStart[i] + lc,
      'gb',
      gap[i],
      'ga',
      gap[i + 1],
    ];
    // previous / next word (skipping punctuation), crossed with this token's dictionary class
    const PW = W(A.pw[i]);
    const NW = W(A.nw[i]);
    f.push(
      'pw',
      PW,
      'nw',
      NW,
      'pw|d',
      PW + '|' + dc[i],
      'd|nw',
      dc[i] + '|' + NW,
      'w-1|d',
      W(i - 1) + '|' + dc[i],
      'w-2|w-1',
      W(i - 2) + '|' + W(i - 1),
      'pw|s|l',
      PW + '|' + sh[i] + lc,
      'ch|pw',
      chunk[i] + '|' + PW,
      'ch|nw',
      chunk[i] + '|' + NW,
      // two-left / two-right dictionary classes, class bigrams, position in the line
      'd-2',
      i > 1 ? dc[i - 2] : '^',
      'd+2',
      i + 2 < n ? dc[i + 2] : '$',
      'd-1|d',
      (i > 0 ? dc[i - 1] : '^') + '|' + dc[i],
      'd|d+1',
      dc[i] + '|' + (i + 1 < n ? dc[i + 1] : '$'),
      'lp|d',
      A.lp[i] + '|' + dc[i],
    );
    if (id[i]) {
      f.push('w', id[i]);
      f.push('w|l', id[i] + lc);
    }
    if (A.hdr[i]) f.push('hdr', A.hdr[i]);
    feats[i] = f;
  }
  return feats;
}
