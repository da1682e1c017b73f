/**
 * The category vetoes (src/rules/vetoes.ts) on their own: clinical numbers are not dates or IDs,
 * and the real dates and IDs next to them stay candidates. Every string is invented.
 */
import {
  clinicalNumberNotDate,
  clinicalNumberNotId,
  phoneWithOtherWord,
  phoneWithoutDigits,
  safeRun,
  shorthandNotPlace,
  temperature,
  weekdayOnly,
} from '../src/rules/vetoes';

const at = (text: string, needle: string) => {
  const start = text.indexOf(needle);
  if (start < 0) throw new Error(`test bug: ${needle}`);
  return { start, end: start + needle.length };
};

describe('clinicalNumberNotDate', () => {
  const notDates: Array<[string, string]> = [
    ['RESP: on vent PS 10/5, FiO2 40%.', '10/5'],
    ['Extubated from 5/5 PSV/CPAP onto 4L NC.', '5/5'],
    ['Settings now 20/5/40%. TVs 400s.', '20/5/40'],
    ['AM ABG 7.46/40/135/5/29 with sat 98%.', '5/29'],
    ['Asleep after 1 1/2 hours of treatment.', '1/2'],
    ['Rales 1/3 up bilat.', '1/3'],
    ['HR 70s, +3/6 SEM at apex.', '3/6'],
    ['c/o back discomfort #4/10, medicated.', '4/10'],
    ['Coarse, rales up 1/4 on the left.', '1/4'],
    ['WBC 11. 1/2 bld cultures + GPC.', '1/2'],
    ['Foley draining ~10-15cc/hr overnight.', '10'],
    ['Sats 95% on 4-5 L NC.', '4-5'],
  ];
  test.each(notDates)('%s', (text, n) => expect(clinicalNumberNotDate(text, at(text, n))).toBe(true));
  const dates: Array<[string, string]> = [
    ['Extubated 11/28, tolerating 4L NC since.', '11/28'],
    ['LBM 2/3 per family.', '2/3'],
    ['Cath 6/91 showed 2VD.', '6/91'],
    ['Lithium toxicity 9/2/92.', '9/2/92'],
    ['Seen in clinic 1/4, started lasix.', '1/4'],
    ['Admitted 10-15 per old chart.', '10-15'],
  ];
  test.each(dates)('%s keeps its date', (text, n) => expect(clinicalNumberNotDate(text, at(text, n))).toBe(false));
});

test('a weekday alone is not a date; a weekday with a date is', () => {
  const t = 'Trach planned for Monday. Seen Tuesday, June 4.';
  expect(weekdayOnly(t, at(t, 'Monday'))).toBe(true);
  expect(weekdayOnly(t, at(t, 'Tuesday, June 4'))).toBe(false);
});

describe('clinicalNumberNotId', () => {
  test.each([
    ['Foley draining 30-40cc/hr.', '30-40'],
    ['Heparin at 1400u/hr, PTT pending.', '1400'],
    ['Vent IMV 500x12, 5 PEEP.', '500x12'],
    ['Nursing note 1900-0700.', '1900-0700'],
  ])('%s', (text, n) => expect(clinicalNumberNotId(text, at(text, n))).toBe(true));
  test.each([
    ['MRN 4471920 on file.', '4471920'],
    ['Call 410-555-0199 after 5.', '410-555-0199'],
    ['Local number 555-0199.', '555-0199'],
    ['Seen 9/2/92 in clinic.', '9/2/92'],
    ['Policy K2381-0457-9 on the form.', 'K2381-0457-9'],
    ['Claim 2381-0457-9 was filed.', '2381-0457-9'],
  ])('%s stays a candidate', (text, n) => expect(clinicalNumberNotId(text, at(text, n))).toBe(false));
});

test('temperatures with a site are not identifiers', () => {
  const t = 'ID: febrile 101.8R, tylenol given; 98.8po this am. Room 1018.';
  expect(temperature(t, at(t, '101.8'))).toBe(true);
  expect(temperature(t, at(t, '98.8'))).toBe(true);
  expect(temperature(t, at(t, '1018'))).toBe(false);
  // a span that starts after the decimal point
  expect(temperature(t, at(t, '8R'))).toBe(true);
});

test('ICU shorthand read as a street address ending in "pt" or as a bare link is not a place or link', () => {
  const t = 'Fentanyl given at 0530 as pt appears uneasy. AT 4:30 PM PT WAS FOUND. Ate some peaches.family updated.';
  expect(shorthandNotPlace(t, at(t, '0530 as pt'), 'LOCATION')).toBe(true);
  expect(shorthandNotPlace(t, at(t, '30 PM PT'), 'LOCATION')).toBe(true);
  expect(shorthandNotPlace(t, at(t, 'peaches.family'), 'URL')).toBe(true);
  const real = 'Lives at 12 Harbor Pt with his wife; updates on carlafund.org and help.fund-me.com.';
  expect(shorthandNotPlace(real, at(real, '12 Harbor Pt'), 'LOCATION')).toBe(false);
  expect(shorthandNotPlace(real, at(real, 'carlafund.org'), 'URL')).toBe(false);
  expect(shorthandNotPlace(real, at(real, 'help.fund-me.com'), 'URL')).toBe(false);
});

describe('safeRun: a model-only "date" made of a number and a word needs a month, weekday or holiday word', () => {
  const run = (text: string, needle: string) => {
    const { start, end } = at(text, needle);
    const toks = [...text.slice(start, end).matchAll(/[\p{L}]+|\d+|[^\s\p{L}\d]/gu)].map((m) => ({
      s: m[0],
      lo: m[0].toLowerCase(),
      start: start + (m.index ?? 0),
      end: start + (m.index ?? 0) + m[0].length,
    }));
    return safeRun(text, toks, 0, toks.length - 1, 'DATE', () => false);
  };
  test.each([
    ['Scores: Apgar 8, Ranson 3 on admission.', '8, Ranson'],
    ['Margins clear; grade 2, Clark level III.', '2, Clark'],
    ['Seen by the counselor and the chaplain.', 'counselor'],
    ['Family visits nightly.', 'nightly'],
  ])('%s is not a date', (text, n) => expect(run(text, n)).toBe(true));
  test.each([
    ['Last seen Oct 4 in clinic.', 'Oct 4'],
    ['Fell on Christmas 2019 at home.', 'Christmas 2019'],
    ['Admitted Tues 12 with sepsis.', 'Tues 12'],
    ['Fell at home on Christmas Eve.', 'Christmas Eve'],
  ])('%s keeps its date', (text, n) => expect(run(text, n)).toBe(false));
});

describe('phoneWithoutDigits: a phone has digits or spelled-out digits', () => {
  test.each([
    ['The chaplain visits weekly.', 'weekly'],
    ['Family call nightly from out of state.', 'nightly'],
  ])('%s has no phone', (text, n) => expect(phoneWithoutDigits(text, at(text, n))).toBe(true));
  test.each([
    ['Call five five five, oh one two three.', 'five five five, oh one two three'],
    ['Reach her on 555-0199.', '555-0199'],
  ])('%s may hold a phone', (text, n) => expect(phoneWithoutDigits(text, at(text, n))).toBe(false));
});

describe('phoneWithOtherWord: a phone is digits or spelled-out digits, with at most an extension mark', () => {
  test.each([['4410. Denver'], ['Lot 2231 Riverside'], ['555 0100 today']])('%s is no phone', (s) =>
    expect(phoneWithOtherWord(s)).toBe(true),
  );
  test.each([['555-0199'], ['(617) 555-0100 ext 12'], ['five five five, oh one two three'], ['cell 555 0142']])('%s may be a phone', (s) =>
    expect(phoneWithOtherWord(s)).toBe(false),
  );
});
