/** Bare numeric dates in shorthand (every example invented); clinical numbers stay clear. */
import type { Cand } from '../../src/patterns';
import { numericDates } from '../../src/rules/numeric-dates';

const dates = (text: string): string[] => {
  const out: Cand[] = [];
  numericDates(text, out);
  return out.map((c) => text.slice(c.start, c.end));
};

describe('month/day, day/month and month/year after an event word, a weekday or a line start', () => {
  test.each([
    ['Pt extubated 11/28, on 2L NC since.', '11/28'],
    ['LBM 2/3, bowel regimen started.', '2/3'],
    ['Seen Tues 4/15 by renal.', '4/15'],
    ['sat 12/6 uneventful night', '12/6'],
    ['found down 3/9 by neighbour', '3/9'],
    ['admitted 21/3 with urosepsis', '21/3'],
    ['cath 6/91 with 2VD', '6/91'],
    ['PMH:\n5/14 fall with hip fx', '5/14'],
  ])('%s', (text, date) => {
    expect(dates(text)).toEqual([date]);
  });
});

describe('ratios, vitals, ventilator settings, strengths, fractions and scores are not dates', () => {
  test.each([
    'BP 88-97/41-50, HR 70s',
    'BP 104/62 after fluids',
    'PEEP 8/12 on AC',
    'vent settings changed 14/450',
    'strength 5/5 all extremities, MAE',
    'MAE: 4/5 strength on left',
    'since then 8/10 pain',
    'pain fell from 8/10 to 3/10 by evening',
    'given 1/2 of D50 amp',
    'murmur 2/6 SEM at apex',
    'ABG 7.46/40/135/5/29',
    'I/O 12/10 even',
    'K 3/4 repleted',
    'started 5 mg/hr',
    'cath 14/30 settings',
  ])('%s', (text) => {
    expect(dates(text)).toEqual([]);
  });
});

test('linear on a long run of slashes and digits', () => {
  const text = 'seen 1/'.repeat(20000);
  const t0 = Date.now();
  dates(text);
  expect(Date.now() - t0).toBeLessThan(2000);
});
