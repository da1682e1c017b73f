/**
 * English (Porter2 / Snowball "english") stemmer, the algorithm MongoDB's text indexes use.
 */
const isVowel = (c: string) => c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const LI_ENDING = 'cdeghkmnrt';

const EXCEPTIONS: Record<string, string> = {
  skis: 'ski',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  idly: 'idl',
  gently: 'gentl',
  ugly: 'ugli',
  early: 'earli',
  only: 'onli',
  singly: 'singl',
  sky: 'sky',
  news: 'news',
  howe: 'howe',
  atlas: 'atlas',
  cosmos: 'cosmos',
  bias: 'bias',
  andes: 'andes',
};
const EXCEPTIONS2 = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);

function vowelish(w: string, i: number): boolean {
  return isVowel(w[i]);
}

function regionAfter(w: string, start: number): number {
  for (let i = start + 1; i < w.length; i++) if (!vowelish(w, i) && vowelish(w, i - 1)) return i + 1;
  return w.length;
}

function shortSyllableAt(w: string, end: number): boolean {
  // syllable ending at index end (exclusive)
  if (end === 2) return vowelish(w, 0) && !vowelish(w, 1);
  if (end < 3) return false;
  const a = w[end - 3];
  const b = w[end - 2];
  const c = w[end - 1];
  return !isVowel(a) && isVowel(b) && !isVowel(c) && c !== 'w' && c !== 'x' && c !== 'Y';
}

export function stem(input: string): string {
  let w = input;
  if (w.length <= 2) return w;
  if (EXCEPTIONS[w]) return EXCEPTIONS[w];
  if (w[0] === "'") w = w.slice(1);
  if (w[0] === 'y') w = 'Y' + w.slice(1);
  for (let i = 1; i < w.length; i++) if (w[i] === 'y' && isVowel(w[i - 1])) w = w.slice(0, i) + 'Y' + w.slice(i + 1);

  let r1: number;
  if (w.startsWith('gener') || w.startsWith('arsen')) r1 = 5;
  else if (w.startsWith('commun')) r1 = 6;
  else r1 = regionAfter(w, 0);
  let R2 = computeR2(w, r1);

  // Step 0
  for (const s of ["'s'", "'s", "'"]) {
    if (w.endsWith(s)) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  // Step 1a
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ied') || w.endsWith('ies')) w = w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  else if (w.endsWith('us') || w.endsWith('ss')) {
    /* unchanged */
  } else if (w.endsWith('s')) {
    const pre = w.slice(0, -2);
    if ([...pre].some(isVowel)) w = w.slice(0, -1);
  }
  if (EXCEPTIONS2.has(w)) return w;

  // Step 1b
  const step1b = (): void => {
    for (const s of ['eedly', 'eed']) {
      if (w.endsWith(s)) {
        if (w.length - s.length >= r1) w = w.slice(0, -s.length) + 'ee';
        return;
      }
    }
    for (const s of ['ingly', 'edly', 'ing', 'ed']) {
      if (w.endsWith(s)) {
        const pre = w.slice(0, -s.length);
        if (![...pre].some(isVowel)) return;
        w = pre;
        if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
        else if (DOUBLES.some((d) => w.endsWith(d))) w = w.slice(0, -1);
        else if (shortSyllableAt(w, w.length) && r1 >= w.length) w += 'e';
        return;
      }
    }
  };
  step1b();
  // Step 1c
  if (w.length > 2 && (w.endsWith('y') || w.endsWith('Y')) && !isVowel(w[w.length - 2])) w = w.slice(0, -1) + 'i';

  R2 = computeR2(w, r1);
  const inR1 = (suffix: string) => w.length - suffix.length >= r1;
  const inR2 = (suffix: string) => w.length - suffix.length >= R2;

  // Step 2
  const step2: [string, string][] = [
    ['ization', 'ize'],
    ['ational', 'ate'],
    ['fulness', 'ful'],
    ['ousness', 'ous'],
    ['iveness', 'ive'],
    ['tional', 'tion'],
    ['biliti', 'ble'],
    ['lessli', 'less'],
    ['entli', 'ent'],
    ['ation', 'ate'],
    ['alism', 'al'],
    ['aliti', 'al'],
    ['ousli', 'ous'],
    ['iviti', 'ive'],
    ['fulli', 'ful'],
    ['enci', 'ence'],
    ['anci', 'ance'],
    ['abli', 'able'],
    ['izer', 'ize'],
    ['ator', 'ate'],
    ['alli', 'al'],
    ['bli', 'ble'],
    ['ogi', 'og'],
    ['li', ''],
  ];
  for (const [s, r] of step2) {
    if (w.endsWith(s)) {
      if (inR1(s)) {
        if (s === 'ogi') {
          if (w[w.length - 4] === 'l') w = w.slice(0, -3) + r;
        } else if (s === 'li') {
          if (LI_ENDING.includes(w[w.length - 3])) w = w.slice(0, -2);
        } else w = w.slice(0, -s.length) + r;
      }
      break;
    }
  }
  // Step 3
  const step3: [string, string][] = [
    ['ational', 'ate'],
    ['tional', 'tion'],
    ['alize', 'al'],
    ['icate', 'ic'],
    ['iciti', 'ic'],
    ['ative', ''],
    ['ical', 'ic'],
    ['ness', ''],
    ['ful', ''],
  ];
  for (const [s, r] of step3) {
    if (w.endsWith(s)) {
      if (inR1(s)) {
        if (s === 'ative') {
          if (inR2(s)) w = w.slice(0, -s.length);
        } else w = w.slice(0, -s.length) + r;
      }
      break;
    }
  }
  // Step 4
  const step4 = [
    'ement',
    'ance',
    'ence',
    'able',
    'ible',
    'ment',
    'ant',
    'ent',
    'ism',
    'ate',
    'iti',
    'ous',
    'ive',
    'ize',
    'ion',
    'al',
    'er',
    'ic',
  ];
  for (const s of step4) {
    if (w.endsWith(s)) {
      if (inR2(s)) {
        if (s === 'ion') {
          const c = w[w.length - 4];
          if (c === 's' || c === 't') w = w.slice(0, -3);
        } else w = w.slice(0, -s.length);
      }
      break;
    }
  }
  // Step 5
  if (w.endsWith('e')) {
    if (inR2('e') || (inR1('e') && !shortSyllableAt(w, w.length - 1))) w = w.slice(0, -1);
  } else if (w.endsWith('l')) {
    if (inR2('l') && w[w.length - 2] === 'l') w = w.slice(0, -1);
  }
  return w.replace(/Y/g, 'y');
}

function computeR2(w: string, r1: number): number {
  for (let i = r1 + 1; i < w.length; i++) if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  return w.length;
}
