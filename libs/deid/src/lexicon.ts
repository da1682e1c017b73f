/**
 * Dictionaries, decoded once on first use (lazy, so importing the module is cheap).
 * The data files are front-coded: each entry is one base-36 digit (characters shared with the
 * previous entry) followed by the rest of the entry, entries separated by "|".
 */
import { ENGLISH_WORDS } from './data/ENGLISH_WORDS';
import { FIRST_NAMES } from './data/FIRST_NAMES';
import { SURNAMES } from './data/SURNAMES';
import { US_CITIES } from './data/US_CITIES';
import { US_COUNTIES } from './data/US_COUNTIES';
import { DEMONYMS, STATE_NAMES } from './allow';

export interface Lexicon {
  english: Set<string>;
  first: Set<string>;
  last: Set<string>;
  /** lowercase city -> state codes concatenated ("OHPA") */
  cities: Map<string, string>;
  /** lowercase first word of a multi-word city -> max number of words */
  cityHeads: Map<string, number>;
  counties: Map<string, string>;
  /** countries and languages (Intl.DisplayNames), demonyms: capitalised but not identifying */
  geoSafe: Set<string>;
  /** multi-word country names, lowercase */
  countryPhrases: Map<string, number>;
}

export function decodeFrontCoded(data: string, into: (entry: string) => void): void {
  let prev = '';
  let i = 0;
  const n = data.length;
  while (i <= n) {
    let j = data.indexOf('|', i);
    if (j < 0) j = n;
    if (j > i) {
      const p = parseInt(data[i], 36);
      const w = prev.slice(0, p) + data.slice(i + 1, j);
      into(w);
      prev = w;
    }
    i = j + 1;
  }
}

function toSet(data: string): Set<string> {
  const s = new Set<string>();
  decodeFrontCoded(data, (w) => s.add(w));
  return s;
}

function toMap(data: string): Map<string, string> {
  const m = new Map<string, string>();
  decodeFrontCoded(data, (w) => {
    const k = w.lastIndexOf(':');
    m.set(w.slice(0, k), w.slice(k + 1));
  });
  return m;
}

function intlNames(): { single: Set<string>; multi: Map<string, number> } {
  const single = new Set<string>();
  const multi = new Map<string, number>();
  const add = (name: string | undefined): void => {
    if (!name) return;
    const words = name.toLowerCase().replace(/[(),]/g, ' ').split(/\s+/).filter(Boolean);
    if (words.length === 1) single.add(words[0]);
    else {
      multi.set(words.join(' '), words.length);
      if (words.length <= 3) single.add(words[words.length - 1].replace(/^the$/, ''));
    }
  };
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  try {
    const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const langs = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
    for (const a of A)
      for (const b of A) {
        const code = a + b;
        try {
          add(regions.of(code));
        } catch {
          /* not a region */
        }
        try {
          add(langs.of(code.toLowerCase()));
        } catch {
          /* not a language */
        }
      }
  } catch {
    /* Intl.DisplayNames unavailable: the hand lists still apply */
  }
  single.delete('');
  return { single, multi };
}

let cached: Lexicon | null = null;

export function lexicon(): Lexicon {
  if (cached) return cached;
  const cities = toMap(US_CITIES);
  const cityHeads = new Map<string, number>();
  for (const c of cities.keys()) {
    const words = c.split(/\s+/);
    if (words.length > 1) cityHeads.set(words[0], Math.max(cityHeads.get(words[0]) ?? 0, words.length));
  }
  const { single, multi } = intlNames();
  for (const d of DEMONYMS) single.add(d);
  // Countries that are also common given names stay "soft": handled by the caller (name only with context).
  for (const s of STATE_NAMES) if (!s.includes(' ')) single.add(s);
  cached = {
    english: toSet(ENGLISH_WORDS),
    first: toSet(FIRST_NAMES),
    last: toSet(SURNAMES),
    cities,
    cityHeads,
    counties: toMap(US_COUNTIES),
    geoSafe: single,
    countryPhrases: multi,
  };
  return cached;
}
