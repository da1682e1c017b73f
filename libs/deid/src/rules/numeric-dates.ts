/**
 * Numeric dates without a date word: ICU shorthand writes `extubated 11/28`, `LBM 2/3`,
 * `Tues 4/15`, `admitted 21/3` (day/month) and `cath 6/91` (month/year) where patterns.ts wants
 * `on`, `DOB` or a year. A bare `n/n` is a date here when an event word, a weekday or a line start
 * comes right before it and it is no clinical number: vital-sign and ventilator context, lab or
 * strength keywords, units after it, chains (`7.46/40/135`), fractions, murmur grades and pain
 * scores (the shared vetoes) stay clear. One regex pass with bounded look-arounds: linear time.
 */
import type { Cand } from '../patterns';
import { clinicalNumberNotDate } from './vetoes';

const BARE = /(?<![\w/.:,+-])(\d{1,2})\/(\d{1,2})(?![\w/]|\.\d|-\d|\s*(?:mg|mcg|ml|cc|%|mmhg|units?|x\b|times|pain|strength))/gi;

/** what may stand right before a date in clinical shorthand (an event, a weekday, a "since") */
const EVENT_BEFORE = new RegExp(
  '(?:[\\n:]\\s*|\\b(?:' +
    [
      'extubated',
      'intubated',
      'reintubated',
      'trached',
      'trach',
      'peg',
      'lbm',
      'bm',
      'cath',
      'cabg',
      'surgery',
      'op',
      'found(?:\\s+down)?',
      'fell',
      'fall',
      'since',
      'until',
      'til',
      'thru',
      'from',
      'of',
      'dx',
      'dx\\s+(?:on|in)',
      'diagnosed',
      'started',
      'stopped',
      'placed',
      'inserted',
      'removed',
      'changed',
      'pulled',
      "d/?c'?d",
      'transferred',
      'xfer',
      'tx',
      'hd',
      'dialysis',
      'cxr',
      'echo',
      'ekg',
      'ecg',
      'cx',
      'bcx',
      'ucx',
      'cultures?',
      'sent',
      'drawn',
      'done',
      'due',
      'last',
      'prior',
      'previous',
      'post',
      's/p',
      'pod',
      'mi',
      'cva',
      'stroke',
      'arrest',
      'code',
      'readmitted',
      'admitted',
      'admit',
      'admission',
      'discharged',
      'seen',
      'on',
      'adm',
      'came\\s+in',
      'presented',
      'returned',
      'home',
      'mon',
      'tue',
      'tues',
      'wed',
      'thu',
      'thur',
      'thurs',
      'fri',
      'sat',
      'sun',
      'monday',
      'tuesday',
      'wednesday',
      'thursday',
      'friday',
      'saturday',
      'sunday',
      'today',
      'yesterday',
      'tomorrow',
      'am',
      'pm',
      'night\\s+of',
    ].join('|') +
    ')\\.?\\s*:?)\\s*$',
  'i',
);
/** a vital sign, lab, ventilator or exam keyword shortly before: a clinical number */
const CLINICAL_BEFORE =
  /\b(?:bp|nbp|abp|sbp|dbp|art|map|hr|rr|peep|ps|psv|cpap|bipap|vt|tv|fio2|o2|spo2|sats|cvp|pap|pas|wedge|pcwp|gcs|abg|vbg|ph|pco2|po2|hco3|k|na|mg|ca|phos|i\/?o|ins?|outs?|strength|motor|grip|power|reflexes|murmur|score|scale|ratio|dose|rate|x)\b[^\n/]{0,10}$/i;

/** month/day, day/month and month/year written as bare numbers after an event word */
export function numericDates(text: string, out: Cand[]): void {
  BARE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BARE.exec(text)) !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const mOfD = a >= 1 && a <= 12 && b >= 1 && b <= 31;
    const dOfM = a >= 13 && a <= 31 && b >= 1 && b <= 12;
    const mOfY = a >= 1 && a <= 12 && m[2].length === 2 && b >= 32;
    if (!mOfD && !dOfM && !mOfY) continue;
    // scores out of 10 (`8/10`) and UK weeks-of-year shorthand (`3/52`) are read as such
    if (b === 10 || b === 52) continue;
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 24), start);
    const lineStart = /\n[ \t*•-]*$/.test(before) || (start <= 24 && /^[ \t*•-]*$/.test(before));
    if (!(lineStart || EVENT_BEFORE.test(before)) || CLINICAL_BEFORE.test(before)) continue;
    // a range of them ("2/3-2/5") or "n/n to n/n" is a date range only with a word: keep the simple case
    if (/^\s*(?:to|-|–)\s*\d{1,2}\/\d/.test(text.slice(end, end + 10)) && !/[a-z]{3}\s*$/i.test(before)) continue;
    if (clinicalNumberNotDate(text, { start, end })) continue;
    out.push({ start, end, type: 'DATE', prio: 58, suggestion: '[date]' });
  }
}
