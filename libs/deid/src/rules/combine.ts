/**
 * Model combination: the sequence model's token labels decide which names, places, dates and
 * numbers are identifiers; the rule spans keep the exact extent and type of structured
 * identifiers, and category vetoes (rules/vetoes.ts) drop clinical numbers and vocabulary.
 */
import type { PhiSpan, PhiType } from '@casebridge/contracts';
import type { Cand } from '../patterns';
import { LABELS, type MTok, type TokenAtoms } from '../model/features';
import {
  clinicalNumberNotDate,
  clinicalNumberNotId,
  phoneWithoutDigits,
  safeRun,
  shorthandNotPlace,
  temperature,
  weekdayOnly,
} from './vetoes';
import { merge, type RuleSpan } from './merge';

/** What the sequence model sees for one text (also used by scripts/train-model.mjs). */
export interface View {
  toks: MTok[];
  atoms: TokenAtoms;
  rule: Uint8Array;
  ruleSpans: RuleSpan[];
  prior: Uint8Array;
}

const STRUCTURED_PLACE = /^\[(?:address|street|road|PO box|ZIP|postcode)\]$/;
const ALWAYS_KEEP = new Set<PhiType>(['SSN', 'MRN', 'HEALTH_PLAN', 'ACCOUNT', 'LICENSE', 'VEHICLE', 'FAX', 'EMAIL', 'IP', 'DEVICE']);
const MODEL_TYPES: PhiType[] = ['NAME', 'NAME', 'LOCATION', 'DATE', 'AGE', 'PHONE', 'OTHER_ID'];

const isWordTok = (s: string): boolean => /[\p{L}\p{N}]/u.test(s[0]);

/**
 * Union of (a) rule spans that the model confirms on at least one of their tokens (rules keep the
 * exact extent and type of structured identifiers) and (b) runs of tokens the model labels as an
 * identifier, joined across short gaps so that a span covers the whole identifier.
 */
export function combine(
  text: string,
  v: View,
  lab: Uint8Array,
  safeWord: (lo: string) => boolean,
  isGiven: (lo: string) => boolean,
): PhiSpan[] {
  const { toks } = v;
  const n = toks.length;
  const cands: Cand[] = [];
  let k = 0;
  for (const s of v.ruleSpans) {
    while (k < n && toks[k].end <= s.start) k++;
    let yes = false;
    for (let i = k; i < n && toks[i].start < s.end; i++)
      if (lab[i] > 0) {
        yes = true;
        break;
      }
    // names and places come from the model's own token runs below; structured identifiers keep the
    // rule's extent; keyword-led and checksum-validated identifiers and ages in words stand on their own
    const always =
      ALWAYS_KEEP.has(s.type) || (s.type === 'URL' && s.prio >= 90) || (s.type === 'AGE' && /[a-z]{4}/i.test(text.slice(s.start, s.end)));
    const structured = s.type !== 'NAME' && (s.type !== 'LOCATION' || (s.suggestion !== undefined && STRUCTURED_PLACE.test(s.suggestion)));
    // ventilator settings, fractions, murmur grades and lone weekdays are not dates, whoever found them
    if (s.type === 'DATE' && (clinicalNumberNotDate(text, s) || weekdayOnly(text, s))) continue;
    if ((s.type === 'LOCATION' || s.type === 'URL') && shorthandNotPlace(text, s, s.type)) continue; // `0530 as pt`, `peaches.family`
    // drip rates, outputs, temperatures, vent volumes, shift times found by the context-free number pattern
    if ((s.type === 'OTHER_ID' || s.type === 'PHONE') && ((s.prio < 60 && clinicalNumberNotId(text, s)) || temperature(text, s))) continue;
    if ((yes || always || (structured && s.type === 'LOCATION' && s.prio >= 64)) && structured)
      cands.push({ start: s.start, end: s.end, type: s.type, prio: 100, suggestion: s.suggestion });
  }
  let rp = 0;
  for (let i = 0; i < n; i++) {
    if (!lab[i] || !isWordTok(toks[i].s)) continue;
    let j = i;
    const votes = new Uint16Array(LABELS.length);
    votes[lab[i]]++;
    for (let q = i + 1; q < n && q <= j + 3; q++) {
      const g = text.slice(toks[q - 1].end, toks[q].start);
      if (g.length > 2 || g.includes('\n')) break;
      if (!lab[q]) {
        if (isWordTok(toks[q].s)) break;
        continue;
      }
      if (lab[q] !== lab[i] && isWordTok(toks[q].s)) break; // a place next to a date stays two spans
      votes[lab[q]]++;
      if (isWordTok(toks[q].s)) j = q;
    }
    let best = 1;
    for (let c = 2; c < LABELS.length; c++) if (votes[c] > votes[best]) best = c;
    let type = MODEL_TYPES[best];
    // the real notes' annotators typed some relatives as IDs: a run without digits is a name
    if (type === 'OTHER_ID' && !/\d/.test(text.slice(toks[i].start, toks[j].end))) type = 'NAME';
    // where the rules typed the same words as a name or place, keep their type and suggestion
    // rule spans are sorted and non-overlapping, and runs move left to right: one pointer keeps this linear
    while (rp < v.ruleSpans.length && v.ruleSpans[rp].end <= toks[i].start) rp++;
    let r: RuleSpan | undefined;
    let touchedByRule = false;
    let strongId = false;
    for (let x = rp; x < v.ruleSpans.length && v.ruleSpans[x].start < toks[j].end; x++) {
      touchedByRule = true;
      const rs = v.ruleSpans[x];
      if (!r && (rs.type === 'NAME' || rs.type === 'LOCATION')) r = rs;
      if (rs.type !== 'NAME' && rs.type !== 'LOCATION' && rs.type !== 'DATE' && rs.prio >= 60) strongId = true;
    }
    if (!r && !touchedByRule && safeRun(text, toks, i, j, type, safeWord)) {
      i = j;
      continue;
    }
    const run = { start: toks[i].start, end: toks[j].end };
    // the model's PHONE label on plain words (`visits weekly`): a phone has digits or digit words
    if (type === 'PHONE' && !r && !strongId && phoneWithoutDigits(text, run)) {
      i = j;
      continue;
    }
    if ((type === 'OTHER_ID' || type === 'PHONE') && !strongId && (clinicalNumberNotId(text, run) || temperature(text, run))) {
      i = j;
      continue;
    }
    // the same shorthand "place" or "link" (vetoes.ts), labelled by the model
    if (r && shorthandNotPlace(text, r, r.type)) {
      i = j;
      continue;
    }
    // a name or place found only by a weak rule (capitalised word, "pt" + word) whose words are all
    // clinical or plain English vocabulary: "Pt Cont on levo", "Afebrile", "JUDGEMENT"
    if (r && r.prio < 80 && r.type === 'NAME' && type === 'NAME' && safeRun(text, toks, i, j, type, (lo) => safeWord(lo) && !isGiven(lo))) {
      i = j;
      continue;
    }
    if (type === 'DATE' && (!r || r.type === 'DATE')) {
      const span = { start: toks[i].start, end: toks[j].end };
      if (clinicalNumberNotDate(text, span) || weekdayOnly(text, span)) {
        i = j;
        continue;
      }
    }
    cands.push({
      start: toks[i].start,
      end: toks[j].end,
      type: r ? r.type : type,
      prio: 50,
      suggestion: r && r.type === type ? r.suggestion : undefined,
    });
    i = j;
  }
  return merge(text, cands);
}
