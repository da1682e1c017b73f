/**
 * Category vetoes: spans that look like identifiers to the sequence model (or to a date pattern)
 * but are clinical numbers or vocabulary in ICU shorthand. Each veto is a category found on
 * cross-validation folds of the real nursing notes, never a single string:
 * - ventilator settings (`PS 10/5`, `5/5 PSV/CPAP`, `20/5/40%`, `AC 14/300/P 5/30%`);
 * - fractions (`1 1/2 hours`, `1/2 of D50`, `rales 1/3 up`, `~3/4 of the time`);
 * - murmur grades (`3/6 SEM`) and pain scores (`#4/10`, `8/10 pain`);
 * - parts of longer slash chains (ABG `7.46/40/135/5/29`);
 * - a weekday on its own (`to go home Monday`: not a date element under Safe Harbor);
 * - numbers read as IDs that carry no digit run of 5+: drip rates and outputs (`1400u/hr`,
 *   `30-40cc/hr`), temperatures (`101.8R`, `98.8po`), vent volumes (`500x12`), shift times
 *   (`1900-0700`), value ranges (`900-1300`).
 * All checks look at a bounded window around the span, so they cost O(1) per span.
 */
import type { PhiType } from '@casebridge/contracts';
import { DAYS } from '../allow';

export interface Range {
  start: number;
  end: number;
}

const VENT_BEFORE =
  /(?:\b(?:ps|psv|ips|peep|cpap|bipap|simv|imv|ac|a\/c|vent|vented|settings?|fio2|prvc|cmv|plat|peak|peak\/plat|ventilation|mode|flowby)\b|\/(?:ps|peep|cpap|psv))[^\n.;]{0,14}$/i;
const VENT_AFTER = /^(?:\s*%|\s*(?:ps|psv|ips|peep|cpap|bipap)\b|\s*c\s+\d+\s*%)/i;
const FRACTION_BEFORE = /(?:\d\s+|~\s*|\bx\s*)$/i;
const FRACTION_AFTER = /^\s*(?:of\b|hours?\b|hrs?\b|up\b|way\b|tabs?\b|strength\b|\^)/i;
const MURMUR_AFTER = /^\s*(?:sem|sm|hsm|dm|murmur|systolic|holosystolic)\b/i;
const LUNG_OR_DROP_BEFORE = /\b(?:up|rales|crackles|cx|bases?|fields?|drop(?:ped|s)?|decreased?|fell|by)\s*$/i;
const CULTURE_AFTER = /^\s*(?:bld|blood|bcx?|cultures?|bottles?|btls?|sets?)\b/i;
const PAIN_AFTER = /^\s*(?:pain|on\s+(?:the\s+)?pain|scale)\b/i;

/** A numeric DATE span `a/b` or `a/b/c` that is a clinical number by its context. */
export function clinicalNumberNotDate(text: string, r: Range): boolean {
  const s = text.slice(r.start, r.end);
  // a value range with a unit after it (`10-15cc/hr`, `4-5 L NC`, `2-3x`), or a range read from its first number
  const range = /^(\d{1,3})(?:-\d{1,3})?/.exec(s);
  if (
    range &&
    /^-\d{1,3}\s?(?:cc|ml|mls|mg|mcg|l|lpm|%|mm|cm|kg|units?|u|mmhg|bpm|x|hrs?|hours?|mins?|days?|times|liters?)(?![a-z])/i.test(
      text.slice(r.start + range[1].length, r.start + range[1].length + 16),
    )
  )
    return true;
  const m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{1,3}))?$/.exec(s);
  if (!m) return false;
  const before = text.slice(Math.max(0, r.start - 30), r.start);
  const after = text.slice(r.end, r.end + 16);
  // part of a longer chain: "7.46/40/135/5/29", "14/300/P 5/30%"
  if (/[\d.]\/$/.test(before) || /^\/\d/.test(after) || /^\.\d/.test(after) || /\d\.$/.test(before)) return true;
  if (VENT_BEFORE.test(before) || VENT_AFTER.test(after)) return true;
  const a = Number(m[1]),
    b = Number(m[2]);
  if (!m[3] && a < b && b <= 4 && (FRACTION_BEFORE.test(before) || FRACTION_AFTER.test(after))) return true;
  // lung fields and culture counts: `rales up 1/4`, `CX 1/3 rt>left`, `1/2 bld cultures +`, `BP drop 1/2`
  if (!m[3] && a <= b && b <= 4 && (LUNG_OR_DROP_BEFORE.test(before) || CULTURE_AFTER.test(after))) return true;
  if (!m[3] && b === 6 && a <= 6 && (MURMUR_AFTER.test(after) || /murmur[^\n.]{0,10}$/i.test(before))) return true;
  if (!m[3] && b === 10 && a <= 10 && (/#\s*$/.test(before) || PAIN_AFTER.test(after))) return true;
  return false;
}

/** A DATE span made only of weekday names (and punctuation). */
export function weekdayOnly(text: string, r: Range): boolean {
  const words = text.slice(r.start, r.end).match(/[\p{L}]+|\d+/gu) ?? [];
  return words.length > 0 && words.every((w) => DAYS.has(w.toLowerCase()));
}

const PHONE_SHAPE = /(?<!\d)\d{3}[-. )]\s?\d{3,4}(?!\d)/;
const FULL_DATE = /\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}/;

/**
 * An ID-or-phone run that is a clinical number: it has digits but no run of 5+ digits, and does
 * not have a phone's 3-3/3-4 shape. Looks at the whitespace-delimited chunk around the run.
 */
export function clinicalNumberNotId(text: string, r: Range): boolean {
  let a = r.start,
    b = r.end;
  for (let k = 0; k < 24 && a > 0 && !/\s/.test(text[a - 1]); k++) a--;
  for (let k = 0; k < 24 && b < text.length && !/\s/.test(text[b]); k++) b++;
  const chunk = text.slice(a, b);
  if (!/\d/.test(chunk) || /\d{5}/.test(chunk) || PHONE_SHAPE.test(chunk) || FULL_DATE.test(chunk)) return false;
  // an account-number shape keeps its flag: 7+ digits with a letter prefix (`W4471-…`) or three
  // hyphen-joined groups (`4471-0038-2`); clinical ranges have two groups and no letter prefix
  if (chunk.replace(/\D/g, '').length >= 7 && (/[A-Za-z]\d{3}/.test(chunk) || /\d-\d+-\d/.test(chunk))) return false;
  return true;
}

const DIGIT_WORD = /\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)\b/i;

/** A "phone" with neither a digit nor a spelled-out digit (`visits weekly`): no phone at all. */
export function phoneWithoutDigits(text: string, r: Range): boolean {
  const s = text.slice(r.start, r.end);
  return !/\d/.test(s) && !DIGIT_WORD.test(s);
}

/** A "phone" with a word that is neither a spelled-out digit nor an extension mark (`12500. Boston`). */
export function phoneWithOtherWord(s: string): boolean {
  for (const w of s.match(/\p{L}{2,}/gu) ?? []) if (!DIGIT_WORD.test(w) && !/^(?:ext|extension|cell|tel|ph)$/i.test(w)) return true;
  return false;
}

/** A body temperature written as a number with a site or unit (`101.8R`, `98.8po`, `T 103R`). */
export function temperature(text: string, r: Range): boolean {
  // a span may start after the decimal point (`8R` of `101.8R`): read the whole number
  let start = r.start;
  for (let k = 0; k < 6 && start > 0 && /[\d.]/.test(text[start - 1]); k++) start--;
  return (
    /^(?:9[4-9]|10[0-7])(?:\.\d)?\s?(?:r|po|ax|ao|f|o|c)?(?:\/|$)/i.test(text.slice(start, r.end)) &&
    /^(?:9[4-9]|10[0-7])(?:\.\d)?\s?(?:r|po|ax|ao|f|o)\b/i.test(text.slice(start, r.end + 4))
  );
}

const COMMON_TLD = /\.(?:com|org|net|edu|gov|us|info|io|co|me|ly|uk|ca)$/i;
const STREET_POINT = /^\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Pt|Point)\.?$/;

/**
 * A structured-place or link hit from the rule pass that is ICU shorthand: a "street address"
 * whose suffix is `pt` (patient), as in `0530 as pt`, `30 PM PT`, `4 Pt` (only `12 Harbor Pt`,
 * a number and capitalised street words, stays an address); a "bare domain" that is two words
 * joined by a missing space after a full stop (`peaches.family`, `support.tv`) rather than a
 * link with a common top-level domain.
 */
export function shorthandNotPlace(text: string, r: Range, type: PhiType): boolean {
  const s = text.slice(r.start, r.end);
  if (type === 'LOCATION') return /\bpt\.?$/i.test(s) && !STREET_POINT.test(s);
  if (type === 'URL') return /^[a-z]+\.[a-z]{2,}$/.test(s) && !COMMON_TLD.test(s);
  return false;
}

export interface MTokLite {
  s: string;
  lo: string;
  start: number;
  end: number;
}

const DATE_WORD =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|christmas|xmas|thanksgiving|easter|halloween|hanukkah|passover|ramadan|eid|diwali|new\s+year'?s?|independence|memorial|labou?r|valentine'?s?|(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\b/i;

const isWordTok = (s: string): boolean => /[\p{L}\p{N}]/u.test(s[0]);

/**
 * Category vetoes for a run that only the model flagged (no rule span touches it): every word is
 * allow-listed clinical/geographic vocabulary; a score out of 10 or UK day/week shorthand (`7/10`,
 * `5/7`, `3/52`) read as a date; a clinical number read as a date or an ID (above); a code too
 * short for a phone; an age (ages come from the rules).
 */
export function safeRun(text: string, toks: MTokLite[], i: number, j: number, type: PhiType, safeWord: (lo: string) => boolean): boolean {
  const r = { start: toks[i].start, end: toks[j].end };
  const s = text.slice(r.start, r.end);
  if (type === 'AGE') return true;
  if (type === 'DATE') {
    if (weekdayOnly(text, r) || clinicalNumberNotDate(text, r)) return true;
    // a date needs a day and a month (or a month word); scores out of 10 and UK day/week shorthand are not dates
    const pairs = s.match(/\d{1,4}[/.-]\d{1,4}/g) ?? [];
    if (!pairs.length && !/[a-z]{3}/i.test(s.replace(/\b(?:gleason|score|grade|stage|pain|level|dyspnea|nausea)\b/gi, ''))) return true;
    // a number next to a word that is no month or holiday (`Gleason 9, Breslow`) is a score, not a date
    if (!pairs.length && /\d/.test(s) && !DATE_WORD.test(s)) return true;
    // words alone are a date only with a month, weekday or holiday word (`counselor`, `nightly` are not)
    if (!/\d/.test(s) && !DATE_WORD.test(s)) return true;
    const before = text.slice(Math.max(0, toks[i].start - 40), toks[i].start);
    const score =
      /\b(?:pain|score[sd]?|rated?|rating|scale|esas|dyspn\w*|nausea|anxiety|tired\w*|depress\w*|appetite|wellbeing|drows\w*|breath\w*|sob)\b[^.;\n]*$/i.test(
        before,
      );
    const duration =
      /\b(?:for|x|over|past|last|next|within|in|after)\s*$/i.test(before) ||
      /^\s*(?:days?|weeks?|wks?|history|hx|ago|of)\b/i.test(text.slice(toks[j].end, toks[j].end + 12));
    if (pairs.length && pairs.every((p) => /\/10$/.test(p)) && score) return true;
    if (pairs.length && pairs.every((p) => /\/(?:7|52)$/.test(p)) && duration) return true;
  }
  // a phone is digits or spelled-out digits: digits plus any other word (`12500. Boston`) is no phone
  if (type === 'PHONE' && /\d/.test(s) && phoneWithOtherWord(s)) return true;
  if ((type === 'PHONE' || type === 'OTHER_ID') && /\d/.test(s) && clinicalNumberNotId(text, r)) return true;
  if ((type === 'PHONE' || type === 'OTHER_ID') && s.replace(/\D/g, '').length < 7 && !/[a-z]/i.test(s)) return type === 'PHONE';
  if (type !== 'NAME' && type !== 'LOCATION') return false;
  let words = 0;
  for (let k = i; k <= j; k++) {
    if (!isWordTok(toks[k].s) || /^\d/.test(toks[k].s)) continue;
    words++;
    if (!safeWord(toks[k].lo)) return false;
  }
  return words > 0;
}
