/**
 * Pattern recognizers (Presidio-style): regexes with validators and context keywords for the
 * structured identifiers of Safe Harbor (C)-(O), (R). Each hit becomes a Cand with a priority used
 * when overlapping candidates are merged.
 */
import type { PhiType } from '@casebridge/contracts';
import { US_STATES } from './allow';

export interface Cand {
  start: number;
  end: number;
  type: PhiType;
  prio: number;
  suggestion?: string;
}

const MON =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const MON_FULL = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
const DAY = '(?:0?[1-9]|[12]\\d|3[01])';
const ORD = `${DAY}(?:st|nd|rd|th)?`;
const YEAR4 = '(?:1[89]\\d\\d|20\\d\\d)';
const WEEKDAY = '(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,?\\s+)';
const TLD =
  '(?:com|org|net|edu|gov|mil|int|io|us|info|biz|co|me|ly|app|health|care|tv|uk|ca|au|de|fr|nl|ie|nz|in|example|test|local|online|site|page|blog|social|email|mail|church|hospital|clinic|world|life|family|foundation|fund)';
const STATE_ABBR = Object.keys(US_STATES).join('|');
const STATE_FULL = Object.values(US_STATES)
  .map((s) => s.replace(/ /g, '\\s+'))
  .join('|');
const STATE_BEFORE = new RegExp(`\\b(?:${STATE_ABBR}|${STATE_FULL})\\.?,?\\s{1,3}$`);
const ORD_WORD =
  '(?:(?:(?:twenty|thirty)[\\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)';
const DIGIT_WORD = '(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|double\\s+\\w+)';

function year(text: string, s: number, e: number): string | undefined {
  const m = /(1[89]\d\d|20\d\d)(?!.*(1[89]\d\d|20\d\d))/.exec(text.slice(s, e));
  return m ? m[1] : undefined;
}

/** ages and date elements revealing an age over 89 */
function bigAge(n: number): boolean {
  return n >= 90 && n <= 130;
}

function dea(id: string): boolean {
  const d = id.slice(2).split('').map(Number);
  if (d.length !== 7 || d.some((x) => Number.isNaN(x))) return false;
  return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 === d[6];
}

function luhn(num: string): boolean {
  let sum = 0;
  let alt = false;
  for (let i = num.length - 1; i >= 0; i--) {
    let n = num.charCodeAt(i) - 48;
    if (alt) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    alt = !alt;
  }
  return sum % 10 === 0;
}

interface Rule {
  pre?: RegExp;
  re: RegExp;
  type: PhiType;
  prio: number;
  group?: number;
  check?: (m: RegExpExecArray, text: string) => boolean | PhiType;
  sugg?: (m: RegExpExecArray, text: string) => string | undefined;
}

const dateSugg = (m: RegExpExecArray, text: string): string => {
  const y = year(text, m.index, m.index + m[0].length);
  return y ? y : '[date]';
};

const ID_KEYWORDS: Array<[RegExp, PhiType]> = [
  [/\b(?:SSN|SS#|SS\s*No\.?|social\s+security(?:\s+(?:number|no\.?|#|card))?)(?![A-Za-z])/gi, 'SSN'],
  [
    /\b(?:MRN|MR\s?#|MR\s+(?:no\.?|number)|medical\s+record(?:\s+(?:number|no\.?|#))?|record\s+(?:number|no\.?|#)|chart\s+(?:number|no\.?|#)|hospital\s+(?:number|no\.?|#|ID)|patient\s+(?:ID|number|no\.?|#)|pt\s+(?:ID|#)|EMPI|unit\s+(?:number|no\.?)|encounter\s+(?:number|no\.?|#|ID)|CSN|FIN|visit\s+(?:number|#|ID))(?![A-Za-z])/gi,
    'MRN',
  ],
  [
    /\b(?:member\s*(?:ID|#|number|no\.?)|subscriber(?:\s*(?:ID|#|number|no\.?))?|policy(?:\s*(?:ID|#|number|no\.?))?|insurance\s*(?:ID|#|number|no\.?|card)|(?:medicaid|medicare|medi-cal)(?:\s*(?:ID|#|number|no\.?|card))?|MBI|HICN|HIC|plan\s*(?:ID|#|number)|group\s*(?:ID|#|number|no\.?)|beneficiary(?:\s*(?:ID|#|number))?|NHS(?:\s*(?:number|no\.?|#))?|health\s*(?:card|plan)(?:\s*(?:ID|#|number))?|RxBIN|RxPCN|RxGrp|CHI\s+number)(?![A-Za-z])/gi,
    'HEALTH_PLAN',
  ],
  [
    /\b(?:account(?:\s*(?:#|number|no\.?))?|acct\.?(?:\s*(?:#|number|no\.?))?|billing(?:\s*(?:ID|#|number|no\.?))?|invoice(?:\s*(?:#|number|no\.?))?|claim(?:\s*(?:#|number|no\.?|ID))?|credit\s+card|debit\s+card|card\s*(?:#|number|ending)|routing(?:\s*(?:#|number))?|IBAN)(?![A-Za-z])/gi,
    'ACCOUNT',
  ],
  [
    /\b(?:licen[cs]e\s+plates?|plates?|tags?(?=\s*(?:#|number|no\.?|[A-Z0-9]{2,4}[\s-]?[A-Z0-9]{2,5}\b))|VIN|vehicle(?:\s*(?:ID|#|number|identification(?:\s+number)?))?|registration)(?![A-Za-z])/gi,
    'VEHICLE',
  ],
  [
    /\b(?:driver'?s?\s+licen[cs]e(?:\s*(?:#|number|no\.?))?|DL(?:\s*(?:#|number|no\.?))?|licen[cs]e(?!\s+plate)(?:\s*(?:#|number|no\.?))?|DEA(?:\s*(?:#|number|no\.?))?|NPI|certificate(?:\s*(?:#|number|no\.?))?|passport(?:\s*(?:#|number|no\.?))?|CLIA|permit(?:\s*(?:#|number|no\.?))?|state\s+ID|green\s+card|alien\s+(?:registration\s+)?number|A-number)(?![A-Za-z])/gi,
    'LICENSE',
  ],
  [
    /\b(?:serial(?:\s*(?:#|number|no\.?))?|S\/N|SN|device\s*(?:ID|#|number|serial|identifier)|IMEI|UDI|MAC\s+address|implant\s*(?:ID|serial|#)|lot\s*(?:#|number|no\.?)|model\s+and\s+serial|asset\s+tag)(?![A-Za-z])/gi,
    'DEVICE',
  ],
  [
    /\b(?:ID|I\.D\.|identifier|registry(?:\s*(?:ID|#|number))?|referral(?:\s*(?:ID|#|number|no\.?|code))?|study(?:\s*(?:ID|#|number))?|case\s*(?:#|number|no\.?|ID)|confirmation(?:\s*(?:#|number|code))?|badge|employee|student|reference(?:\s*(?:#|number|no\.?))?|ticket|tracking|voucher|enrollment|participant|subject|record\s+locator|authorization|auth|prior\s+auth|PIN|username|user\s+name|handle|login|no\.|number|#)(?![A-Za-z])/gi,
    'OTHER_ID',
  ],
];

const DATE_RULES: Rule[] = [
  // 03/07/1940, 3-7-40, 07.03.1940, 3/7/24
  {
    re: /(?<![\w/.-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|[12]\d|3[01])\1(?:\d{4}|\d{2})(?![\w/-]|\.\d)/g,
    type: 'DATE',
    prio: 70,
    sugg: dateSugg,
  },
  // 2024-03-07, 2024/03/07, 2024.03.07, with optional time
  {
    re: /(?<![\w/.-])(?:1[89]|20)\d\d([/.-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w/-])/g,
    type: 'DATE',
    prio: 70,
    sugg: dateSugg,
  },
  // 20240307 (compact ISO)
  { re: /(?<![\w-])(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![\w-])/g, type: 'DATE', prio: 55, sugg: dateSugg },
  // 03-Mar-2024, 3 Mar 24, 3rd March 2024, 3 March, the 3rd of March, 3-MAR-2024
  {
    re: new RegExp(`(?<![\\w])(?:the\\s+)?${ORD}(?:\\s+of)?[\\s.,/-]+${MON}\\b\\.?(?:,?[\\s/-]*(?:${YEAR4}|'?\\d{2}(?![\\d:])))?`, 'gi'),
    type: 'DATE',
    prio: 70,
    sugg: dateSugg,
  },
  // March 3, 2024 / Mar. 3rd / Sept 3 2024 / Tuesday, March 3 / March 3-5
  {
    re: new RegExp(
      `(?<![\\w])${WEEKDAY}?${MON}\\b\\.?\\s*[,/-]?\\s*(?:the\\s+)?${ORD}(?!\\d|:\\d|\\s*(?:mg|mcg|ml|%|units?|tabs?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?|times?|x\\b))(?:\\s*[-–]\\s*${ORD})?(?:(?:,\\s*|\\s+)(?:${YEAR4}|'\\d{2})\\b)?`,
      'gi',
    ),
    type: 'DATE',
    prio: 70,
    sugg: dateSugg,
  },
  // March 2024, March of 2024, Mar '24, 03/2024, 2024-03
  { re: new RegExp(`(?<![\\w])${MON}\\.?,?\\s+(?:of\\s+)?(?:${YEAR4}|'\\d{2})\\b`, 'gi'), type: 'DATE', prio: 68, sugg: dateSugg },
  { re: /(?<![\w/.-])(?:0?[1-9]|1[0-2])[/-](?:19|20)\d\d(?![\w/-])/g, type: 'DATE', prio: 66, sugg: dateSugg },
  // March fourteenth, the fourteenth of March
  {
    re: new RegExp(
      `\\b${MON}\\.?\\s+(?:the\\s+)?${ORD_WORD}\\b(?:,?\\s+${YEAR4})?|\\b(?:the\\s+)?${ORD_WORD}\\s+of\\s+${MON}\\b(?:,?\\s+${YEAR4})?`,
      'gi',
    ),
    type: 'DATE',
    prio: 70,
    sugg: dateSugg,
  },
  // month alone with a date-like preposition: "in March", "since May", "last October", "mid-March", "early June"
  {
    re: new RegExp(
      `\\b(?:in|since|until|till|through|thru|by|during|last|next|this|early|late|mid|mid-|end\\s+of|beginning\\s+of|start\\s+of|middle\\s+of|around|before|after|from|on)\\s*-?\\s*(${MON_FULL}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\b(?!\\s*\\d)`,
      'g',
    ),
    type: 'DATE',
    prio: 60,
    group: 1,
    sugg: () => '[month]',
  },
  // capitalised full month mid-sentence (not May/March/June which double as words or names)
  {
    re: /(?<=[a-z,]\s+)(January|February|April|July|August|September|October|November|December)\b/g,
    type: 'DATE',
    prio: 58,
    group: 1,
    sugg: () => '[month]',
  },
  // m/d with date context: "on 3/14", "DOB 3/14", "seen 11/2"
  {
    re: /(?:\b(?:on|since|until|till|dated|DOB|D\.O\.B\.|born|admit|admitted|admission|discharged?|seen|visit(?:ed)?|died|death|expired|deceased|passed|scheduled|effective|starting|beginning|from|as\s+of|through|thru|by|appt|appointment|surgery|scan|CT|MRI|PET|labs?|f\/u|follow-up|returns?|called)|\bd\/c(?:'?d)?)\s*:?\s*((?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01]))(?![\w/]|\.\d|\s*(?:mg|mcg|ml|%|pain|scale))/gi,
    type: 'DATE',
    prio: 62,
    group: 1,
    sugg: () => '[date]',
    check: (m, text) => {
      if (/^\s*(?:to|-|–|and|or)\s*\d{1,2}\/\d/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) return false;
      if (/\/(?:10|52)$/.test(m[1])) return false;
      const strong =
        /^(?:on|dated|DOB|D\.O\.B\.|born|admit|admitted|admission|discharged?|d\/c|died|death|expired|deceased|seen|visit|appt|appointment|scheduled|since|until)/i.test(
          m[0],
        );
      return strong || !/\/(?:7|12|15|21|24|27|30)$/.test(m[1]);
    },
  },
  // "on the 14th"
  {
    re: /\b(?:on|since|until|by|before|after|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\s+the\s+((?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b/gi,
    type: 'DATE',
    prio: 60,
    group: 1,
    sugg: () => '[date]',
  },
  // holidays tied to a year or a preposition
  {
    re: /\b(?:Christmas(?:\s+Eve|\s+Day)?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|New\s+Year'?s(?:\s+Eve|\s+Day)?|Halloween|Independence\s+Day|Fourth\s+of\s+July|Memorial\s+Day|Labor\s+Day|Valentine'?s\s+Day|Mother'?s\s+Day|Father'?s\s+Day|Hanukkah|Passover|Yom\s+Kippur|Rosh\s+Hashanah|Juneteenth|Veterans\s+Day)(?:\s*,?\s*(?:19|20)\d\d)?\b/g,
    type: 'DATE',
    prio: 50,
    check: (m, text) =>
      /\b(?:on|since|until|by|before|after|over|at|for|this|last|next|around)\s+$/i.test(text.slice(Math.max(0, m.index - 12), m.index)) ||
      /\d{4}$/.test(m[0]),
    sugg: () => '[holiday]',
  },
];

const AGE_WORDS = '(?:ninety|one\\s+hundred)(?:[\\s-]+(?:and[\\s-]+)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?';
const AGE_RULES: Rule[] = [
  { re: /\b(\d{2,3})(?=\s*(?:-|\s)?\s*(?:years?|yrs?|y)\.?\s*(?:-|\s)?\s*(?:old|o\.?\b|\/o\b))/gi, type: 'AGE', prio: 72, group: 1 },
  { re: /\b(\d{2,3})(?=\s*(?:y\/o|yo|y\.o\.|yr\.?\s*old|yoM|yoF|yom|yof)\b)/gi, type: 'AGE', prio: 72, group: 1 },
  { re: /\b(\d{2,3})(?=\s*(?:years?|yrs?)\s+of\s+age\b)/gi, type: 'AGE', prio: 72, group: 1 },
  // "(93 y)", "(101 yrs)": an age in parentheses after a name or a sex
  { re: /\((\d{2,3})\s{0,3}(?:y|yo|yrs?|years?)\.?\s{0,3}\)/gi, type: 'AGE', prio: 70, group: 1 },
  {
    re: /\b(\d{2,3})(?=[\s-]*(?:years?|yrs?|y)\.?[\s-]+(?:male|female|man|woman|gentleman|lady|gent|m|f|w|pt|patient|veteran|widow|widower)\b)/gi,
    type: 'AGE',
    prio: 70,
    group: 1,
  },
  { re: /\b(\d{2,3})(?=\s*-?\s*(?:M|F|W|B|m|f)\b(?!\.\s*[A-Z][a-z]))(?<=\b(?:a|an|is|\()\s*\d{2,3})/g, type: 'AGE', prio: 60, group: 1 },
  {
    re: /(?<![\w.°])(\d{2,3})\s?(?:M|F|yo\s?[MF]|y\/o\s?[MF])\b(?![-/])/g,
    type: 'AGE',
    prio: 60,
    group: 1,
    check: (m, text) =>
      !/\b(?:temp|temperature|t|tmax|fever|°|degrees?|febrile)\s*:?\s*$/i.test(text.slice(Math.max(0, m.index - 14), m.index)),
  },
  { re: /\b(?:M|F|male|female|man|woman)\s*,\s*(\d{2,3})\b(?!\s*(?:%|mg|kg|lb|cm))/g, type: 'AGE', prio: 60, group: 1 },
  { re: /\b(?:aged?|age:|ages|aged:)\s*(\d{2,3})\b(?!\s*(?:%|mg|mcg|ml|units|kg|lb))/gi, type: 'AGE', prio: 72, group: 1 },
  {
    re: /\b(?:turn(?:s|ed|ing)?|now|is|was|reached|celebrated|just|recently)\s+(\d{2,3})(?=\s*(?:[,.;)]|years|yrs|and\b|$|\s+(?:today|this|next|last|in|on|but|with|who|when|she|he)\b))/gi,
    type: 'AGE',
    prio: 62,
    group: 1,
    check: (m, text) => {
      if (/turn|now|celebrated|reached/i.test(m[0])) return true;
      const before = text.slice(Math.max(0, m.index - 60), m.index);
      if (
        /(?:rate|hr|bp|pressure|sodium|na|potassium|k|glucose|sugar|weight|wt|score|level|count|sat|sats|spo2|o2|temp|temperature|pulse|rr|platelets?|plt|hgb|hb|wbc|bun|creatinine|cr|inr|e?gfr|ef|qtc|qt|map|lvef|bmi|albumin|calcium|ca|chloride|cl|co2|bicarb|lactate|troponin|bnp|ldh|alt|ast|ammonia|lipase|ferritin|hba1c|a1c|mmse|moca|iq|volume|output|intake|dose|total|meq|mg|oral morphine equivalent|ome|mme)\s*$/i.test(
          before,
        )
      )
        return false;
      return /\b(?:he|she|they|patient|pt|who|mother|father|wife|husband|man|woman|mom|dad|grandmother|grandfather|her|his)\b|\b[A-Z][a-z]+\s*,?\s*$|\)\s*$/i.test(
        before,
      );
    },
  },
  {
    re: /\b(?:died|passed(?:\s+away)?|death|deceased|expired|at\s+age|at\s+the\s+age\s+of)\s+(?:at\s+(?:age\s+)?)?(\d{2,3})\b(?!\s*(?:%|mg|mcg|ml|kg|lb|units|hours?|hrs?|minutes?|min|days?|weeks?|am|pm|h\b))/gi,
    type: 'AGE',
    prio: 66,
    group: 1,
  },
  {
    re: /(?<=\b(?:[A-Z][\p{L}'’-]+|patient|pt|husband|wife|spouse|partner|mother|father|mom|dad|brother|sister|aunt|uncle|grandmother|grandfather|man|woman|widow|widower|veteran|resident)\s*,\s*(?:now\s+|aged?\s+)?)(\d{2,3})(?=\s*[,;)]|\s+(?:and|who|with|is|was)\b)/gu,
    type: 'AGE',
    prio: 62,
    group: 1,
  },
  { re: /\b(\d{2,3})(?:st|nd|rd|th)\s+birthday\b/gi, type: 'AGE', prio: 70, group: 1 },
  {
    re: /\bin\s+(?:his|her|their|the)\s+(?:early\s+|mid[\s-]?|late\s+|middle\s+)?((?:19)?90s|100s|nineties|hundreds)\b/gi,
    type: 'AGE',
    prio: 70,
    group: 1,
  },
  { re: new RegExp(`\\b${AGE_WORDS}(?=[\\s-]+(?:years?|yrs?)[\\s-]+old|[\\s-]+year-old)`, 'gi'), type: 'AGE', prio: 72 },
  { re: new RegExp(`\\b(?:aged?|turned|turns|is|was)\\s+(${AGE_WORDS})\\b`, 'gi'), type: 'AGE', prio: 70, group: 1 },
  { re: /\b(?:nonagenarian|centenarian|supercentenarian)s?\b/gi, type: 'AGE', prio: 70 },
];

const SIGNATURE_RULES: Rule[] = [
  // "k. morrow rn", "J. Alvarez, NP" alone at the end of a line: initial + surname + credential
  {
    re: /(?<=(?:^|\n)[ \t]{0,3})([A-Za-z]\.[ ]?[A-Za-z][a-z'’-]{1,30}(?:[ -][A-Za-z][a-z'’-]{1,30})?),?[ ]{1,3}(?:RN|rn|Rn|NP|np|MD|md|PA|LPN|lpn|RRT|rrt|SN|sn|BSN|bsn)\.?[ \t]*(?=\n|$)/g,
    type: 'NAME',
    prio: 75,
    group: 1,
  },
];

const CONTACT_RULES: Rule[] = [
  // email, also "name @ domain . com"
  {
    pre: /@/,
    re: /(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]{1,64}\s?@\s?[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}\b/g,
    type: 'EMAIL',
    prio: 92,
    sugg: () => '[email]',
  },
  // obfuscated: "jsmith at gmail dot com", "jsmith [at] gmail [dot] com", "jsmith(at)gmail.com"
  {
    re: new RegExp(
      `(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(?:\\s{0,2}(?:[\\[({<]\\s?dot\\s?[\\])}>]|\\s(?:dot|DOT)\\s)\\s{0,2}[A-Za-z0-9_%+-]{1,64}){0,4}\\s{0,2}(?:[\\[({<]\\s?at\\s?[\\])}>]|\\s(?:at|AT)\\s|@)\\s{0,2}[A-Za-z][A-Za-z0-9-]{0,62}(?:(?:\\s{0,2}[\\[({<]\\s?dot\\s?[\\])}>]\\s{0,2}|\\s(?:dot|DOT)\\s|\\.)[A-Za-z0-9-]{1,63}){0,6}(?:\\s{0,2}[\\[({<]\\s?dot\\s?[\\])}>]\\s{0,2}|\\s(?:dot|DOT)\\s|\\.)${TLD}\\b`,
      'g',
    ),
    type: 'EMAIL',
    prio: 91,
    sugg: () => '[email]',
    check: (m, text) =>
      !/^(?:is|it|was|be|me|us|them|him|her|home|here|there|arrive|arrived|look|looking|posted|posts|updates|found|available|online|listed|page|site|visit|donate|fundraiser|link|and|or|are|were|live|lives|log|logged|signed|up|noted|seen|started|given|stopped|held)\\s/i.test(
        m[0],
      ) && text[m.index + m[0].length] !== '/',
  },
  // URLs with a scheme or www
  { re: /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'`)\]]+[^\s<>"'`)\].,;:!?]/gi, type: 'URL', prio: 90, sugg: () => '[link]' },
  // bare domains with a path or a known TLD
  {
    pre: new RegExp(`\\.${TLD}\\b`, 'i'),
    re: new RegExp(
      `(?<![@\\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+${TLD}(?![\\w@-])(?:\\/[^\\s<>"'\`)\\]]*[^\\s<>"'\`)\\].,;:!?])?`,
      'gi',
    ),
    type: 'URL',
    prio: 88,
    sugg: () => '[link]',
  },
  // social handles
  {
    re: /(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])\b(?!\.[a-z]{2,})/g,
    type: 'OTHER_ID',
    prio: 70,
    sugg: () => '[handle]',
  },
  // IPv4
  {
    re: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\/\d{1,2})?(?![\w]|\.\d)/g,
    type: 'IP',
    prio: 90,
    sugg: () => '[IP address]',
  },
  // IPv6 (full or compressed)
  {
    pre: /[0-9A-Fa-f]:[0-9A-Fa-f]{0,4}:/,
    re: /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,7}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?(?![\w:])|(?<![\w:])::(?:[0-9A-Fa-f]{1,4}:){0,6}[0-9A-Fa-f]{1,4}(?![\w:])/g,
    type: 'IP',
    prio: 90,
    check: (m) => /[a-f]/i.test(m[0]) || m[0].split(':').length >= 5 || m[0].includes('::'),
    sugg: () => '[IP address]',
  },
  // MAC address
  {
    pre: /[0-9A-Fa-f]{2}[:-][0-9A-Fa-f]{2}[:-]/,
    re: /\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b/g,
    type: 'DEVICE',
    prio: 89,
    sugg: () => '[device ID]',
  },
  // SSN 123-45-6789 / 123 45 6789 / masked ***-**-6789
  { re: /(?<![\w-])(?:\d{3}|[X*]{3})([-\s.])(?:\d{2}|[X*]{2})\1\d{4}(?![\w-])/gi, type: 'SSN', prio: 86, sugg: () => '[SSN]' },
  // international phones: +44 20 7946 0958, +1 (555) 010-0199, 0044 ..., 011 44 ...
  {
    re: /(?<![\w+\-/.])(?:\+|00|011[\s.-]?)\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){1,5}(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?(?![\w])/g,
    type: 'PHONE',
    prio: 80,
    check: (m) => m[0].replace(/\D/g, '').length >= 8,
  },
  // NANP: (218) 555-0133, 218-555-0133, 218.555.0133, 218 555 0133, 1-800-555-0199, 2185550133 ext 12
  {
    re: /(?<![\w.+-])(?:1[\s.-]?)?(?:\(\s*\d{3}\s*\)|\d{3})[\s.\-/]{0,3}\d{3}[\s.-]{1,3}\d{4}(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?(?![\w]|[.-]\d)/g,
    type: 'PHONE',
    prio: 80,
  },
  {
    re: /(?<![\w.+-])\(?\d{3}\)?\d{3}\d{4}(?![\w])/g,
    type: 'PHONE',
    prio: 60,
    check: (m, text) =>
      /(?:phone|cell|call|tel|mobile|fax|reach|text|number|contact|home|work|#)\W{0,3}(?:\w+\W+){0,3}$/i.test(
        text.slice(Math.max(0, m.index - 40), m.index),
      ),
  },
  // UK/EU national numbers: 020 7946 0958, 07700 900123, (020) 7946 0958
  {
    re: /(?=[(0])(?<![\w.])\(?0\d{2,4}\)?[\s-]\d{3,4}[\s-]?\d{3,4}(?![\w])/g,
    type: 'PHONE',
    prio: 70,
    check: (m) => {
      const n = m[0].replace(/\D/g, '').length;
      return n >= 10 && n <= 11;
    },
  },
  // "555 0142" right after a phone word
  {
    re: /\b(?:phone|cell|call|tel|mobile|number|reach(?:ed)?|text|landline|fax)\W{1,4}(?:\w{1,30}\W{1,4}){0,2}?(\d{3}\s\d{4})(?![\w]|[-.]\d)/gi,
    type: 'PHONE',
    prio: 62,
    group: 1,
  },
  // local 7-digit 555-0142
  { re: /(?<![\w.\-/])\d{3}[-.]\d{4}(?![\w]|[-.]\d)/g, type: 'PHONE', prio: 64 },
  // spelled-out digits: "five five five, oh one four two"
  { re: new RegExp(`\\b${DIGIT_WORD}(?:[\\s,.-]+${DIGIT_WORD}){6,}\\b`, 'gi'), type: 'PHONE', prio: 66 },
];

const ADDRESS_SUFFIX =
  '(?:Street|St|Avenue|Ave|Av|Road|Rd|Drive|Dr|Lane|Ln|Boulevard|Blvd|Court|Ct|Circle|Cir|Way|Place|Pl|Terrace|Ter|Trail|Trl|Parkway|Pkwy|Highway|Hwy|Pike|Loop|Row|Square|Sq|Alley|Aly|Crescent|Cres|Close|Path|Run|Pass|Plaza|Expressway|Expy|Turnpike|Tpke|Bend|Crossing|Xing|Hollow|Ridge|Point|Pt|Landing|Commons|Walk|Cove|Glen|Heights|Hts|Grove|Mews|Green)';
const DIR = '(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Northeast|Northwest|Southeast|Southwest)\\.?';
const UNIT =
  '(?:,?\\s*(?:Apt|Apartment|Unit|Suite|Ste|#|Lot|Rm|Room|Bldg|Building|Fl|Floor|Trlr|Space|Box)\\.?\\s*#?\\s*[A-Za-z0-9-]{1,6})';
const STREET_WORD = "(?:[A-Z][\\p{L}'’.-]*|\\d{1,3}(?:st|nd|rd|th)|[A-Z]{2,})";

const LOCATION_RULES: Rule[] = [
  // 1409 W. Sprague Avenue NE, Apt 4
  {
    re: new RegExp(
      `(?<![\\w-])\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?\\s+(?:${DIR}\\s+)?(?:${STREET_WORD}\\s+){0,3}${STREET_WORD}?\\s*${ADDRESS_SUFFIX}\\b\\.?(?:\\s+${DIR}(?![\\w]))?${UNIT}?`,
      'gu',
    ),
    type: 'LOCATION',
    prio: 66,
    check: (m) => /\s/.test(m[0].trim()) && !/^\d+\s+(?:mg|mcg|ml|units?|tabs?)\b/i.test(m[0]),
    sugg: () => '[address]',
  },
  // lowercase addresses "1409 w sprague ave"
  {
    re: new RegExp(`(?<![\\w-])\\d{2,6}\\s+(?:${DIR}\\s+)?(?:[a-z][a-z'-]+\\s+){1,3}${ADDRESS_SUFFIX}\\b\\.?`, 'gi'),
    type: 'LOCATION',
    prio: 64,
    check: (m) =>
      !/\b(?:mg|mcg|ml|units?|hours?|days?|weeks?|times|minutes?|the|of|and|to|in|for|at|on|with|his|her|a|an)\b/i.test(
        m[0].replace(/\S+$/, ''),
      ),
    sugg: () => '[address]',
  },
  // named streets without a number: "on Maple Street", "off Route 9"
  {
    // starts only at a word's first letter: `\b` also matched after every hyphen, so a 60,000-character
    // hyphenated run (`A-A-A-…`) was re-read from each letter (quadratic, 4 s)
    re: /(?<![\p{L}\p{N}'’-])(?:[A-Z][\p{L}'’-]+\s+){1,3}(?:Street|Avenue|Boulevard|Road|Lane|Parkway|Highway|Turnpike|Expressway)\b/gu,
    type: 'LOCATION',
    prio: 56,
    sugg: () => '[street]',
  },
  {
    re: /\b(?:Route|Rte|Highway|Hwy|State\s+Route|County\s+Road|CR|Interstate|I-|US)\s*-?\s*\d{1,4}[A-Z]?\b/g,
    type: 'LOCATION',
    prio: 50,
    check: (m) => !/^I-\d{1,2}$/.test(m[0]) || true,
    sugg: () => '[road]',
  },
  // PO Box / rural routes
  {
    re: /\b(?:P\.?\s?O\.?\s*Box|Post\s+Office\s+Box|Box)\s*#?\s*\d{1,6}\b/gi,
    type: 'LOCATION',
    prio: 66,
    check: (m) => !/^box\s/i.test(m[0]) || /^Box/.test(m[0]),
    sugg: () => '[PO box]',
  },
  {
    re: /\b(?:RR|R\.R\.|Rural\s+Route|HC|Star\s+Route)\s*#?\s*\d{1,4}(?:\s*,?\s*Box\s*\d{1,6})?\b/g,
    type: 'LOCATION',
    prio: 66,
    sugg: () => '[rural route]',
  },
  // ZIP after a state: ", OH 44310", "Ohio 44310-1234"
  {
    re: /(?<![\w-])(\d{5}(?:-\d{4})?)(?![\w-])/g,
    type: 'LOCATION',
    prio: 70,
    group: 1,
    sugg: () => '[ZIP]',
    check: (m, text) => STATE_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index)),
  },
  {
    re: /\b(?:ZIP|zip\s*code|zipcode|postal\s+code|postcode)\s*(?:code)?\s*(?:is|of|:|#)?\s*(\d{5}(?:-\d{4})?|\d{3})\b/gi,
    type: 'LOCATION',
    prio: 70,
    group: 1,
    sugg: () => '[ZIP]',
  },
  { re: /(?<![\w-])\d{5}-\d{4}(?![\w-])/g, type: 'LOCATION', prio: 60, sugg: () => '[ZIP]' },
  // UK / Canadian postcodes
  {
    re: /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g,
    type: 'LOCATION',
    prio: 55,
    check: (m) => !/^(?:[A-Z]\d{1,2}|[A-Z]{2}\d)\s\d[A-Z]{2}$/.test(m[0]) || /\d[A-Z]{2}$/.test(m[0]),
    sugg: () => '[postcode]',
  },
  { re: /\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b/g, type: 'LOCATION', prio: 55, sugg: () => '[postcode]' },
];

function run(rules: Rule[], text: string, out: Cand[]): void {
  for (const r of rules) {
    if (r.pre && !r.pre.test(text)) continue;
    r.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = r.re.exec(text)) !== null) {
      if (m[0].length === 0) {
        r.re.lastIndex++;
        continue;
      }
      let type = r.type;
      if (r.check) {
        const c = r.check(m, text);
        if (!c) continue;
        if (typeof c === 'string') type = c;
      }
      let start = m.index;
      let end = m.index + m[0].length;
      if (r.group !== undefined && m[r.group] !== undefined) {
        start = m.index + m[0].indexOf(m[r.group]);
        end = start + m[r.group].length;
      }
      // trim whitespace/punctuation at the edges
      while (end > start && /[\s,;:.]/.test(text[end - 1])) end--;
      while (start < end && /[\s,;:]/.test(text[start])) start++;
      if (end <= start) continue;
      out.push({ start, end, type, prio: r.prio, suggestion: r.sugg ? r.sugg(m, text) : undefined });
    }
  }
}

/** Is there a fax keyword shortly before this phone number (and no phone keyword nearer)? */
function phoneType(text: string, start: number): PhiType {
  const before = text.slice(Math.max(0, start - 45), start).toLowerCase();
  const f = Math.max(before.lastIndexOf('fax'), before.lastIndexOf('facsimile'));
  if (f < 0) return 'PHONE';
  const p = Math.max(
    before.lastIndexOf('phone'),
    before.lastIndexOf('call'),
    before.lastIndexOf('cell'),
    before.lastIndexOf('tel'),
    before.lastIndexOf('mobile'),
    before.lastIndexOf(' or '),
  );
  return f > p ? 'FAX' : 'PHONE';
}

const ID_TOKEN = /(?<![\w@])(?=[A-Za-z0-9-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|[-/.](?=[A-Za-z0-9])){2,29}(?![\w@])/y;
const PLATE_TOKEN = /(?<![\w@])(?=[A-Za-z0-9 -]*\d)[A-Za-z0-9]{1,4}[ -]?[A-Za-z0-9]{2,5}(?![\w@])/y;
const UNIT_SUFFIX =
  /^\d+(?:\.\d+)?(?:mg|mcg|µg|ug|g|kg|ml|mL|l|L|iu|IU|units?|kcal|cal|mmhg|mmHg|bpm|hrs?|h|min|mins|sec|meq|mEq|mmol|mol|cc|cm|mm|m|km|lb|lbs|oz|s|x|yo|yrs?|wks?|mos?|days?|pm|am|th|st|nd|rd)$/;
const ICD = /^[A-TV-Z]\d{2}(?:\.[0-9A-Z]{1,4})?$/;

function looksLikeId(tok: string, strict: boolean): boolean {
  const digits = tok.replace(/\D/g, '').length;
  if (UNIT_SUFFIX.test(tok) || ICD.test(tok)) return false;
  if (/^\d+(?:[.,]\d+)+$/.test(tok) && !/^\d{1,4}(?:-\d+)+$/.test(tok)) return false; // 14,200 / 2.4
  if (/^(?:19|20)\d\d$/.test(tok)) return !strict ? false : false;
  if (/^(?:19|20)\d\d[-–](?:19|20)?\d\d$/.test(tok)) return false; // 2019-2023
  if (strict) return digits >= 2 && tok.length >= 4;
  return digits >= 2 && tok.length >= 3;
}

/** Keyword-led identifiers: "MRN 3751095", "DEA number of Dr. X, FA7312565", "plate on his sedan, JKF 4420". */
function keywordIds(text: string, out: Cand[]): void {
  for (const [re, type] of ID_KEYWORDS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const kw = m[0];
      if (type === 'OTHER_ID' && /^(?:number|#|no\.)$/i.test(kw)) {
        // bare "number"/"#": only when an identifier follows straight away
        const rest = text.slice(m.index + kw.length, m.index + kw.length + 30);
        const mm = /^\s*(?:is|was|:)?\s*([A-Za-z]*\d[A-Za-z0-9-]{3,})/.exec(rest);
        if (!mm || !looksLikeId(mm[1], true) || /^(?:19|20)\d\d$/.test(mm[1]) || UNIT_SUFFIX.test(mm[1])) continue;
      }
      if (type === 'OTHER_ID' && /^ID$/.test(kw) && /\b(?:ICD|IC)\s*$/i.test(text.slice(Math.max(0, m.index - 4), m.index))) continue;
      let pos = m.index + kw.length;
      let words = 0;
      const limit = Math.min(text.length, pos + 90);
      while (pos < limit && words <= 6) {
        const ch = text[pos];
        if (/[\s:#(),=-]/.test(ch) || ch === '\u2013') {
          pos++;
          continue;
        }
        if (ch === '.' && !/[A-Za-z0-9]/.test(text[pos + 1] ?? '')) {
          // sentence end?
          if (/\s[A-Z]/.test(text.slice(pos + 1, pos + 3)) && words > 0) break;
          pos++;
          continue;
        }
        if (ch === ';' || ch === '\n') break;
        const re2 = type === 'VEHICLE' ? PLATE_TOKEN : ID_TOKEN;
        re2.lastIndex = pos;
        const t = re2.exec(text);
        const tok = t ? t[0] : null;
        const ssnPart = type === 'SSN' && tok && /^\d{4}$/.test(tok);
        if (
          tok &&
          (ssnPart ||
            (type === 'VEHICLE'
              ? /\d/.test(tok) && /[A-Za-z0-9]{5,}|\s/.test(tok) && tok.replace(/[\s-]/g, '').length >= 5 && !UNIT_SUFFIX.test(tok)
              : looksLikeId(tok, type === 'OTHER_ID')))
        ) {
          if (/^(?:19|20)\d\d$/.test(tok) && type !== 'SSN') break;
          if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(tok)) break; // a date, not an id
          let s0 = pos;
          let e0 = pos + tok.length;
          // groups split by spaces: "2113 8785", "ABC 123456789", "123 456 789"
          if (type !== 'VEHICLE') {
            const more = /^(?:[ ](?:\d{2,}|[A-Z]{1,3}\d*)(?![\w]))+/.exec(text.slice(e0, e0 + 30));
            if (more && /^[A-Z0-9-]+$/.test(tok)) e0 += more[0].length;
            const prefix = /(?:^|[\s:#(])([A-Z]{1,4})[ ]$/.exec(text.slice(Math.max(0, s0 - 6), s0));
            if (
              prefix &&
              !/^(?:ID|NO|MRN|MBI|DEA|NPI|VIN|SSN|DL|SN|HR|BP|IS|OF|AT|THE)$/.test(prefix[1]) &&
              text.slice(Math.max(0, s0 - 6), s0).length > prefix[0].length - 1
            )
              s0 -= prefix[1].length + 1;
          }
          out.push({
            start: s0,
            end: e0,
            type,
            prio: type === 'OTHER_ID' ? 70 : 82,
            suggestion: `[${type === 'OTHER_ID' ? 'ID' : type === 'HEALTH_PLAN' ? 'plan ID' : type.toLowerCase()}]`,
          });
          // several ids in a row ("MRN 123, account 456") are picked up by their own keywords
          break;
        }
        // skip a word
        const w = /^[^\s,;:()]+/.exec(text.slice(pos, pos + 40));
        if (!w) break;
        pos += w[0].length;
        words++;
      }
    }
  }
}

/** Context-free identifiers: long numbers and letter-digit codes, DEA, MBI, VIN, card numbers. */
function genericIds(text: string, out: Cand[]): void {
  const re = /(?<![\w@./-])[A-Za-z0-9](?:[A-Za-z0-9]|[-/](?=[A-Za-z0-9])){3,39}(?![\w@]|[-/]\w)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const tok = m[0];
    const digits = tok.replace(/\D/g, '').length;
    const letters = tok.replace(/[^A-Za-z]/g, '').length;
    if (digits < 4) continue;
    if (UNIT_SUFFIX.test(tok) || ICD.test(tok)) continue;
    if (/^(?:19|20)\d\d[-–/](?:19|20)?\d\d$/.test(tok)) continue;
    if (/^\d{1,4}\/\d{1,4}$/.test(tok)) continue; // ratios, BP, scores
    if (/^\d{1,2}[-/]\d{1,2}$/.test(tok)) continue;
    if (/^(?:19|20)\d\d(?:s)?$/.test(tok)) continue;
    if (/^\d{3,4}(?:h|hrs?|hours)?$/i.test(tok)) continue; // times, small numbers
    const before = text.slice(Math.max(0, m.index - 14), m.index);
    if (/\b(?:CPT|HCPCS|code|codes|ICD-?10|DRG|RVU)s?\s*[:#]?\s*(?:\d{5}\s*(?:,|and|or)\s*)*$/i.test(before)) continue;
    if (/[$€£]\s*$/.test(before)) continue;
    if (
      letters === 0 &&
      /\b(?:platelets?|plts?|wbc|rbc|anc|count|counts|level|levels|titer|titre|ldh|ferritin|ck|cpk|viral\s+load|cd4|copies|bnp|nt-?probnp|d-?dimer|ige|psa|cea|afp|ca\s?19-9|ca-?125|dose|doses|total|volume|units?|steps|calories|kcal|mg|mcg|ml)\s*(?:of|was|is|=|:|at|to)?\s*$/i.test(
        before,
      )
    )
      continue;
    if (
      letters === 0 &&
      /^\s*(?:\/(?:uL|µL|mm3|mcL|L)|cells|copies|units|IU|mg|mcg|mL|steps|kcal|cal|pg|ng)\b/i.test(
        text.slice(m.index + tok.length, m.index + tok.length + 8),
      )
    )
      continue;
    let type: PhiType = 'OTHER_ID';
    let sugg = '[ID]';
    if (/^[A-Z][A-Z9]\d{7}$/.test(tok) && dea(tok)) {
      type = 'LICENSE';
      sugg = '[DEA number]';
    } else if (/^[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d[AC-HJKMNP-RT-Y]{2}\d{2}$/.test(tok)) {
      type = 'HEALTH_PLAN';
      sugg = '[Medicare ID]';
    } else if (/^[A-HJ-NPR-Z0-9]{17}$/.test(tok) && letters >= 2) {
      type = 'VEHICLE';
      sugg = '[VIN]';
    } else if (/^\d{13,19}$/.test(tok) && luhn(tok)) {
      type = 'ACCOUNT';
      sugg = '[card number]';
    } else if (letters === 0 && digits < 5)
      continue; // 4-digit plain numbers: times, doses, years
    else if (letters === 0 && digits === 5 && !/-/.test(tok)) {
      // 5-digit bare numbers: ZIP after a place word, otherwise an unknown id
      if (/\b(?:in|near|area|zip|of)\s*$/i.test(before)) {
        type = 'LOCATION';
        sugg = '[ZIP]';
      }
    }
    out.push({ start: m.index, end: m.index + tok.length, type, prio: type === 'OTHER_ID' ? 30 : 74, suggestion: sugg });
  }
}

/** Birth years that reveal an age over 89 ("born in 1931", "DOB: 1930"). */
function birthYears(text: string, out: Cand[], refYear: number): void {
  const re =
    /\b(?:born|b\.|DOB|D\.O\.B\.|date\s+of\s+birth|birth\s*year|year\s+of\s+birth|birthdate|birthday)\s*[:-]?\s*(?:(?:in|on)\s+)?(?:(?:the\s+)?(?:early|mid|late)\s*-?\s*)?(?:[A-Za-z]+\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?)?((?:18|19|20)\d\d)s?\b/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const y = Number(m[1]);
    if (refYear - y >= 89) {
      const s = m.index + m[0].lastIndexOf(m[1]);
      out.push({ start: s, end: s + m[1].length + (text[s + 4] === 's' ? 1 : 0), type: 'AGE', prio: 72, suggestion: '90+' });
    }
  }
}

export function patternCandidates(text: string, refYear: number): Cand[] {
  const out: Cand[] = [];
  run(CONTACT_RULES, text, out);
  run(SIGNATURE_RULES, text, out);
  for (const c of out)
    if (c.type === 'PHONE') {
      c.type = phoneType(text, c.start);
      c.suggestion = c.type === 'FAX' ? '[fax]' : '[phone]';
    }
  run(DATE_RULES, text, out);
  const ages: Cand[] = [];
  run(AGE_RULES, text, ages);
  for (const a of ages) {
    const num = text.slice(a.start, a.end);
    if (/^\s*\+|^\s*(?:or|and)\s+(?:older|over|above)/.test(text.slice(a.end, a.end + 12))) continue; // "90+" is the safe form
    const n = /^\d+$/.test(num) ? Number(num) : /9\d|ninet|hundred|nonagen|centen/i.test(num) ? 100 : 0;
    if (bigAge(n) || /^(?:ninety|one hundred|nonagen|centen|supercent|9\ds|100s|nineties|hundreds)/i.test(num))
      out.push({ ...a, suggestion: '90+' });
  }
  // dates of birth that reveal an age over 89 suggest "90+"
  for (const c of out) {
    if (c.type !== 'DATE') continue;
    const y = year(text, c.start, c.end);
    if (y && refYear - Number(y) >= 89 && /\b(?:born|DOB|D\.O\.B|birth)/i.test(text.slice(Math.max(0, c.start - 25), c.start)))
      c.suggestion = '90+';
  }
  birthYears(text, out, refYear);
  run(LOCATION_RULES, text, out);
  keywordIds(text, out);
  genericIds(text, out);
  return out;
}
