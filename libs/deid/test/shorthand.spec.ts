/**
 * The categories real notes showed, on clinical shorthand (every string invented): abbreviations, section
 * headers, vital-sign ranges and hyphenated clinical tokens are not identifiers; month/day dates
 * without a date word before them are; and the composer paragraph quoted in the issue gets no
 * false alarm on its clinical terms while its name, place and date are found.
 */
import { detectPhi } from '../src';
import { show, touched, uncovered } from './helpers';

const SHORTHAND = [
  'NEURO: A&O X3, MAE, PERRLA. RESP: LS CLEAR, SX FOR SCANT WHITE. GU- FOLEY DRAINING CLEAR YELLOW.',
  'PMH: CAD, HTN, DM2, CHF (EF 25%), COPD, CKD. HR 88 SR, BP 92-108/44-56, CVP 12.',
  'GI-abd soft, +BS. G-tube to gravity. J-wire removed. Tmax 99.1po. U/O 30-60cc/hr.',
  'CV: HR 70 AV paced, no ectopy. MAP 60-65 on levophed. K 3.9, MG 2.0 repleted.',
  'Shift 0700-1900: pt resting comfortably, RR 16-20, sats 95-98% on 2L NC.',
];

describe('shorthand is not an identifier', () => {
  test.each(SHORTHAND)('%s', (text) => {
    expect(show(text, detectPhi(text))).toBe('');
  });
});

test('PEEP 8/12 is a ventilator setting, not a date', () => {
  const text = 'Vent: AC 14/450, PEEP 8/12, FiO2 40%.';
  expect(show(text, detectPhi(text))).toBe('');
});
test('a date after "found down"', () => {
  const text = 'Pt found down 3/9 at home by neighbour, brought in by EMS.';
  expect(uncovered(text, detectPhi(text), '3/9')).toBe('');
});

describe('month/day dates without a date word are found', () => {
  const cases: Array<[string, string]> = [
    ['Extubated 11/28, tolerating 4L NC since.', '11/28'],
    ['LBM 2/3 per family, bowel regimen started.', '2/3'],
    ['Cath 6/91 showed 2VD, medical management.', '6/91'],
  ];
  test.each(cases)('%s', (text, date) => {
    expect(uncovered(text, detectPhi(text), date)).toBe('');
  });
});

test('the composer paragraph from the issue: no false alarm on clinical terms, name, place and date found', () => {
  const text =
    "78yo F w/ metastatic breast CA, HTN, CHF (EF 20%). BP 104-115/50's, HR 70 AV paced, CVP 28. GU-foley draining 30cc/hr. NEURO: A&O X3, MAE. Husband Milo at bedside. Seen at St. Anne's 3/9.";
  const spans = detectPhi(text);
  for (const safe of ['CA', 'HTN', 'CHF', '104-115/50', 'CVP 28', 'GU-foley', 'NEURO', 'MAE', '78yo'])
    expect({ safe, touched: touched(text, spans, safe) }).toEqual({ safe, touched: false });
  for (const phi of ['Milo', 'St. Anne', '3/9']) expect({ phi, uncovered: uncovered(text, spans, phi) }).toEqual({ phi, uncovered: '' });
});

/** Clinical verbs missing from the general word list read as places after "to" (found in a case question). */
describe('clinical verbs in a question are not places', () => {
  test.each([
    'Is it safe to titrate?',
    'When should we extubate?',
    'Plan to diurese tonight, then reassess.',
    'Ok to deprescribe statin?',
    'Will try to wean and nebulize.',
  ])('%s', (text) => {
    expect(show(text, detectPhi(text))).toBe('');
  });
});
