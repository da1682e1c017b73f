/**
 * Tokens for the rule pass: words (with inner apostrophes and hyphens), digit runs and single
 * punctuation marks; a possessive "'s" becomes its own token; `init` marks the first word of a
 * sentence or line (abbreviations and initials do not end a sentence).
 */
export interface Tok {
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

const WORD_RE = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+|-[\p{L}\p{M}]+)*|\d+|[^\s\p{L}\p{M}\d]/gu;
export const ABBREV = new Set([
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

export function tokenize(text: string): Tok[] {
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
