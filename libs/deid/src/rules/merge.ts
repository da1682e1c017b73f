/**
 * Typing and merging: labelled name and place tokens become spans (adjacent tokens joined, name
 * particles and "Jr"/"Sr" kept inside, a suggestion from the relation that introduced the name),
 * and overlapping candidates merge into one span typed by the strongest recognizer.
 */
import type { PhiSpan, PhiType } from '@casebridge/contracts';
import type { Cand } from '../patterns';
import type { RuleContext } from './context';

/** A rule-pass span with the priority of its strongest recognizer. */
export type RuleSpan = PhiSpan & { prio: number };

const NAME_PARTICLES = /^\s+(?:(?:de|del|della|der|den|di|da|dos|das|du|la|le|van|von|bin|ibn|bint|al|el|ter|ten|y|st\.?)\s+){1,3}$/i;

/** emit name and place spans from the token labels, joining adjacent tokens of one type */
export function emitNames(c: RuleContext): void {
  const { text, toks, W, labels, out, vocab } = c;
  for (let a = 0; a < W.length; a++) {
    const i = W[a];
    const l = labels[i];
    if (!l) continue;
    let end = toks[i].end;
    let b = a;
    while (b + 1 < W.length) {
      let j = W[b + 1];
      let lj = labels[j];
      if (!lj && l.type === 'NAME') {
        // skip name particles to the next name token ("de la", "van der")
        let c = b + 1;
        while (
          c < W.length &&
          c - b <= 3 &&
          !labels[W[c]] &&
          /^(?:de|del|della|der|den|di|da|dos|das|du|la|le|van|von|bin|ibn|bint|al|el|ter|ten|y)$/.test(toks[W[c]].lo)
        )
          c++;
        if (c > b + 1 && c < W.length && labels[W[c]]?.type === 'NAME' && NAME_PARTICLES.test(text.slice(end, toks[W[c]].start))) {
          j = W[c];
          lj = labels[j];
          b = c - 1;
        }
      }
      if (!lj || lj.type !== l.type) break;
      const g = text.slice(end, toks[j].start);
      if (!/^(?:[ \t]+|\.\s*|\s*-\s*|\n)$/.test(g) && !(l.type === 'NAME' && NAME_PARTICLES.test(g))) break;
      end = toks[j].end;
      b++;
    }
    if (l.type === 'NAME') {
      const suf = /^,?\s+(?:Jr|Sr|II|III)\b\.?/.exec(text.slice(end, end + 8));
      if (suf) end += suf[0].replace(/\.$/, '').length;
    }
    let start = toks[i].start;
    const span = text.slice(start, end);
    if (!span.trim()) continue;
    const propagatedRel =
      l.rel && !l.appos && !['patient', 'pt', 'pt.', 'client', 'resident', 'decedent', 'deceased', 'initials'].includes(l.rel)
        ? l.rel.replace(/^(?:np|rn|md|pa|lpn|cna|pcp|hcp|poa)$/, (x) => x.toUpperCase())
        : undefined;
    const sugg =
      l.type === 'NAME'
        ? propagatedRel
          ? /^(?:nurse|aide|physician|doctor|oncologist|cardiologist|neurologist|surgeon|resident|intern|fellow|attending|hospitalist|pharmacist|therapist|counselor|counsellor|psychologist|psychiatrist|chaplain|pastor|priest|rabbi|imam|minister|volunteer|worker|planner|manager|coordinator|navigator|liaison|director|administrator|interpreter|translator|doula|dietitian|nutritionist|clerk|receptionist|secretary|assistant|practitioner|NP|RN|MD|PA|LPN|CNA|PCP)$/.test(
              propagatedRel,
            )
            ? `the ${propagatedRel}`
            : `the patient's ${propagatedRel}`
          : '[name]'
        : vocab.citySuggestion(span);
    out.push({ start, end, type: l.type, prio: l.prio, suggestion: sugg });
    start = end;
    a = b;
  }
}

export const TYPE_SUGGESTION: Partial<Record<PhiType, string>> = {
  NAME: '[name]',
  LOCATION: '[place]',
  DATE: '[date]',
  AGE: '90+',
  PHONE: '[phone]',
  FAX: '[fax]',
  EMAIL: '[email]',
  SSN: '[SSN]',
  MRN: '[MRN]',
  HEALTH_PLAN: '[plan ID]',
  ACCOUNT: '[account]',
  LICENSE: '[licence]',
  VEHICLE: '[vehicle]',
  DEVICE: '[device ID]',
  URL: '[link]',
  IP: '[IP address]',
  OTHER_ID: '[ID]',
};

/** Sort, merge overlapping candidates (union of extents, type of the highest-priority one). */
export function merge(text: string, cands: Cand[], keepPrio = false): PhiSpan[] {
  cands.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Array<Cand> = [];
  for (const c of cands) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      if (c.prio > last.prio || (c.prio === last.prio && c.end - c.start > last.end - last.start)) {
        last.type = c.type;
        last.prio = c.prio;
        last.suggestion = c.suggestion;
      }
      if (c.end > last.end) last.end = c.end;
      continue;
    }
    out.push({ ...c });
  }
  return out.map((c) => {
    let suggestion = c.suggestion ?? TYPE_SUGGESTION[c.type];
    const original = text.slice(c.start, c.end);
    // a suggestion never carries identifying text: only a bare year may survive from a date
    if (
      suggestion &&
      suggestion !== original &&
      original.toLowerCase().includes(suggestion.toLowerCase()) &&
      !/^(?:19|20)\d\d$/.test(suggestion)
    )
      suggestion = TYPE_SUGGESTION[c.type];
    if (suggestion && /^(?:19|20)\d\d$/.test(suggestion) && c.type !== 'DATE') suggestion = TYPE_SUGGESTION[c.type];
    const span: PhiSpan = { start: c.start, end: c.end, type: c.type };
    if (keepPrio) (span as RuleSpan).prio = c.prio;
    if (suggestion) span.suggestion = suggestion;
    return span;
  });
}
