/**
 * Places: lowercase towns after a place preposition, lowercase and Title Case facility names,
 * counties, "City, ST" and dictionary cities.
 */
import {
  CLINICAL_WORDS,
  DAYS,
  DRUGS,
  EPONYMS_SAFE,
  FACILITY_GENERIC,
  FACILITY_HEADS,
  LOC_PREPS,
  MONTHS,
  ORGS,
  STATE_NAMES,
  STOP_CAPS,
  US_STATES,
} from '../allow';
import type { RuleContext } from './context';

/** lowercase cities after a place preposition: "lives in akron" */
export function lowercaseCities(c: RuleContext): void {
  const { toks, W, labels, masked, vocab, prevWord, gap, set } = c;
  for (const i of W) {
    const t = toks[i];
    if (!t.lower || labels[i] || masked[i] || t.s.length < 4 || vocab.isEng(t.lo) || vocab.hardSafe(t.lo) || vocab.softSafe(t.lo)) continue;
    const p = prevWord(i);
    if (p < 0 || !LOC_PREPS.has(toks[p].lo) || !/^\s+$/.test(gap(p, i)) || !vocab.lx.cities.has(t.lo) || vocab.medical(t.lo, true))
      continue;
    set(i, 'LOCATION', 44);
  }
}

/** lowercase facilities after a preposition: "admitted to pine hollow skilled nursing" */
export function lowercaseFacilities(c: RuleContext): void {
  const { toks, W, masked, out, nextWord, prevWord, gap } = c;
  for (const i of W) {
    const t = toks[i];
    if (
      !t.lower ||
      masked[i] ||
      !FACILITY_HEADS.has(t.lo) ||
      /^(?:house|home|homes|care|health|place|point|court|park|post|station|base|store|market|club|bank|hall|plant|mill|farm|unit|view|general)$/.test(
        t.lo,
      )
    )
      continue;
    // extend right over further heads ("medical center", "hospice house")
    let e = i;
    for (let k = nextWord(e); k >= 0 && toks[k].lower && FACILITY_HEADS.has(toks[k].lo) && /^\s+$/.test(gap(e, k)); k = nextWord(k)) e = k;
    const run: number[] = [];
    let k = prevWord(i);
    let last = i;
    while (
      k >= 0 &&
      run.length < 4 &&
      toks[k].lower &&
      /^\s+$/.test(gap(k, last)) &&
      !LOC_PREPS.has(toks[k].lo) &&
      !STOP_CAPS.has(toks[k].lo)
    ) {
      run.unshift(k);
      last = k;
      k = prevWord(k);
    }
    if (k < 0 || !/^(?:to|at|from|of|in|into|with|near)$/.test(toks[k].lo) || run.length === 0 || !/^\s+$/.test(gap(k, last))) continue;
    const specific = run.filter((q) => {
      const lo = toks[q].lo;
      return (
        !FACILITY_GENERIC.has(lo) &&
        !FACILITY_HEADS.has(lo) &&
        !MONTHS.has(lo) &&
        !DAYS.has(lo) &&
        !CLINICAL_WORDS.has(lo) &&
        !ORGS.has(lo) &&
        !DRUGS.has(lo) &&
        !EPONYMS_SAFE.has(lo) &&
        !STOP_CAPS.has(lo) &&
        !/(?:ed|ing|ous|ive)$/.test(lo)
      );
    });
    if (specific.length === 0) continue;
    // "home hospice support": the head is a modifier when a noun follows
    const after = nextWord(e);
    if (
      after >= 0 &&
      /^\s+$/.test(gap(e, after)) &&
      toks[after].lower &&
      !/^(?:on|in|at|for|and|or|is|was|where|with|to|of|from|by|when|which|who|that|since|until|last|this|yesterday|today|tomorrow|tonight|overnight|after|before|about|because|but|so|then|are|were|has|had|will|can|could|would|should)$/.test(
        toks[after].lo,
      )
    )
      continue;
    out.push({ start: toks[run[0]].start, end: toks[e].end, type: 'LOCATION', prio: 60, suggestion: '[facility]' });
  }
}

/** proper-noun runs that end with a facility head noun ("Valley Regional Medical Center"), joined by spaces, "of", "and", "&", "St.", "'s" */
export function facilityRuns(c: RuleContext): void {
  const { text, toks, n, W, prot, masked, out, vocab, nextWord, gap } = c;
  const used = new Uint8Array(n);
  for (let a = 0; a < W.length; a++) {
    const i = W[a];
    if (!toks[i].cap || used[i] || masked[i]) continue;
    const run: number[] = [i];
    let j = i;
    for (;;) {
      let nj = nextWord(j);
      if (nj < 0) break;
      let g = gap(j, nj);
      if (g === "'s " || g === '’s ' || (toks[j + 1]?.lo === "'s" && /^\s*$/.test(text.slice(toks[j + 1].end, toks[nj].start)))) g = ' ';
      if (!/^(?:\s+|\.\s+|\s*&\s*)$/.test(g) || /\n\s*\n/.test(g)) break;
      if (g.includes('.') && !/^(?:St|Mt|Ft)$/.test(toks[j].s)) break;
      let t = toks[nj];
      if (
        !t.cap &&
        (t.lo === 'of' ||
          t.lo === 'and' ||
          t.lo === 'the' ||
          t.lo === 'de' ||
          t.lo === 'del' ||
          t.lo === 'la' ||
          t.lo === 'for' ||
          t.lo === 'on')
      ) {
        const nn = nextWord(nj);
        if (nn < 0 || !toks[nn].cap || !/^\s+$/.test(gap(nj, nn))) break;
        // "X and Y" only continues when Y is a facility-like word (Hospice and Palliative Care)
        if ((t.lo === 'and' || t.lo === 'on') && !FACILITY_HEADS.has(toks[nn].lo) && !FACILITY_GENERIC.has(toks[nn].lo)) break;
        run.push(nj);
        nj = nn;
        t = toks[nj];
      }
      if (!t.cap) break;
      run.push(nj);
      j = nj;
      if (run.length > 12) break;
    }
    const words = run.filter((k) => toks[k].cap);
    if (words.length < 2) continue;
    // facility: must end with a head noun (optionally "of Place"), or start with a leading head (Temple Beth Shalom)
    let lastHead = -1;
    for (let q = 0; q < run.length; q++) if (toks[run[q]].cap && FACILITY_HEADS.has(toks[run[q]].lo)) lastHead = q;
    if (lastHead < 0) continue;
    const tail = run.slice(lastHead + 1);
    const leading =
      /^(?:temple|church|congregation|synagogue|mosque|parish|university|college|shrine|cathedral|basilica|abbey|chapel)$/.test(
        toks[run[0]].lo,
      );
    let endQ = run.length - 1;
    if (
      tail.length &&
      !(toks[tail[0]].lo === 'of' || toks[tail[0]].lo === 'at' || toks[tail[0]].lo === 'for' || toks[tail[0]].lo === 'on')
    ) {
      // "Medicare Hospice Benefit": the head is a modifier, not a facility name ("Sunrise Gardens ALF" is fine)
      if (!leading) {
        if (tail.some((k) => toks[k].cap && !toks[k].allCaps && !FACILITY_HEADS.has(toks[k].lo))) continue;
        endQ = lastHead;
      }
    }
    // "Father Dominic Szymanski of Holy Rosary Parish": the facility starts after an "of" that precedes every head
    const firstHead = run.findIndex((k) => toks[k].cap && FACILITY_HEADS.has(toks[k].lo));
    let ofBefore = -1;
    for (let q = 0; q < firstHead; q++) if (toks[run[q]].lo === 'of' || toks[run[q]].lo === 'at') ofBefore = q;
    // leading words that are sentence furniture: "The", "Discharge To" (lowercase "to" already breaks)
    let startQ = ofBefore >= 0 ? ofBefore + 1 : 0;
    while (
      startQ < endQ &&
      ((STOP_CAPS.has(toks[run[startQ]].lo) && !FACILITY_HEADS.has(toks[run[startQ]].lo)) ||
        (toks[run[startQ]].init &&
          vocab.isEng(toks[run[startQ]].lo) &&
          /(?:ed|ing)$/.test(toks[run[startQ]].lo) &&
          !vocab.isLast(toks[run[startQ]].lo)))
    )
      startQ++;
    const core = run.slice(startQ, endQ + 1).filter((k) => toks[k].cap);
    const specific = core.filter((k) => {
      const lo = toks[k].lo;
      return (
        !FACILITY_GENERIC.has(lo) &&
        !FACILITY_HEADS.has(lo) &&
        !STOP_CAPS.has(lo) &&
        !MONTHS.has(lo) &&
        !DAYS.has(lo) &&
        !(vocab.isEng(lo) && CLINICAL_WORDS.has(lo)) &&
        !ORGS.has(lo) &&
        !DRUGS.has(lo) &&
        !EPONYMS_SAFE.has(lo) &&
        !prot[k]
      );
    });
    if (specific.length === 0 || core.length < 2) continue;
    const s = toks[run[startQ]].start;
    const e = toks[run[endQ]].end;
    for (const k of run) used[k] = 1;
    const headLo = toks[run[lastHead]].lo;
    const sugg = /hospital|medical|center|centre|infirmary|clinic/.test(headLo)
      ? 'a hospital'
      : /hospice/.test(headLo)
        ? 'a hospice'
        : /nursing|living|manor|village|residence|home|care|rehab/.test(headLo)
          ? 'a care facility'
          : /church|parish|temple|synagogue|mosque|chapel|cathedral|congregation|ministr|fellowship/.test(headLo)
            ? 'a faith community'
            : /county|district/.test(headLo)
              ? '[county]'
              : '[facility]';
    out.push({ start: s, end: e, type: 'LOCATION', prio: 72, suggestion: sugg });
  }
}

/** counties ("Bernalillo County") and "City, ST" / "City, Statename" */
export function countiesAndStates(c: RuleContext): void {
  const { text, toks, W, prot, masked, out, vocab, nextWord, prevWord, gap } = c;
  for (const i of W) {
    const t = toks[i];
    if (masked[i]) continue;
    // counties: "Bernalillo County", "St. Louis County", "Orleans Parish"
    if (t.lo === 'county' || t.lo === 'parish' || t.lo === 'borough') {
      let j = prevWord(i);
      let s = -1;
      let c = 0;
      while (
        j >= 0 &&
        c < 3 &&
        (toks[j].cap || vocab.lx.counties.has(toks[j].lo)) &&
        /^(?:\s+|\.\s+)$/.test(gap(j, j === prevWord(i) ? i : s)) &&
        !STOP_CAPS.has(toks[j].lo)
      ) {
        s = j;
        c++;
        j = prevWord(j);
      }
      if (s >= 0 && (t.cap || vocab.lx.counties.has(toks[s].lo))) {
        out.push({ start: toks[s].start, end: t.end, type: 'LOCATION', prio: 62, suggestion: '[county]' });
      }
    }
    // "City, ST" / "City, Statename" (lowercase too when the city is known: "akron, oh 44310")
    if ((t.cap || (t.lower && vocab.lx.cities.has(t.lo) && !vocab.isEng(t.lo))) && !prot[i]) {
      const j = nextWord(i);
      if (j < 0) continue;
      const g = gap(i, j);
      if (!/^,?\s{1,2}$/.test(g)) continue;
      const st = toks[j];
      let stateName = '';
      if (/^[A-Z]{2}$/.test(st.s) && US_STATES[st.s]) stateName = US_STATES[st.s];
      else if (t.lower && /^[a-z]{2}$/.test(st.s) && US_STATES[st.s.toUpperCase()] && /^\s*\d{5}/.test(text.slice(st.end, st.end + 8)))
        stateName = US_STATES[st.s.toUpperCase()];
      else if (STATE_NAMES.has(st.lo)) stateName = st.s;
      else {
        const two = nextWord(j);
        if (two >= 0 && STATE_NAMES.has(st.lo + ' ' + toks[two].lo)) stateName = st.s + ' ' + toks[two].s;
      }
      if (!stateName) continue;
      if (STATE_NAMES.has(t.lo) || (vocab.hardSafe(t.lo) && !vocab.lx.cities.has(t.lo))) continue;
      const abbrOnly = /^[A-Za-z]{2}$/.test(st.s);
      const after = text.slice(st.end, st.end + 8);
      if (abbrOnly && !g.includes(',') && !/^\s*\d{5}/.test(after)) continue;
      // "Helen Cho, MD" / "Smith, PA": credential-like state codes need a city match or a ZIP
      if (abbrOnly && /^(?:MD|PA|DO|ME|OR|IN|OK|HI|MA|MS|DE|CO|LA|ID|AL|GA|NP)$/.test(st.s) && !/^\s*\d{5}/.test(after)) {
        // still a place if the word is a known city and not a known name
        if (!(vocab.lx.cities.has(t.lo) && !vocab.isFirst(t.lo) && !vocab.isLast(t.lo))) continue;
      }
      // extend left over capitalised words that form the city name (St. Louis, Yellow Springs)
      let s = i;
      let c = 0;
      for (let p = prevWord(s); p >= 0 && c < 2; p = prevWord(s)) {
        const pg = gap(p, s);
        if (!(toks[p].cap && /^(?:\s+|\.\s+)$/.test(pg) && !STOP_CAPS.has(toks[p].lo) && !LOC_PREPS.has(toks[p].lo))) break;
        const phrase = text.slice(toks[p].start, t.end).toLowerCase().replace(/\s+/g, ' ');
        if (
          !vocab.lx.cities.has(phrase) &&
          !/^(?:st|mt|ft|saint|mount|fort|port|new|east|west|north|south|lake|grand|san|santa|los|las|el|la|des|du|le|little|big|glen|palm|cedar)$/.test(
            toks[p].lo,
          )
        )
          break;
        s = p;
        c++;
      }
      const key = text.slice(toks[s].start, t.end).toLowerCase().replace(/\s+/g, ' ');
      if (vocab.isFirst(key) && vocab.isLast(key) && !vocab.lx.cities.has(key)) {
        // ambiguous person-name-looking word before a state: only with ZIP or full state name
        if (abbrOnly && !/^\s*\d{5}/.test(after)) continue;
      }
      out.push({ start: toks[s].start, end: t.end, type: 'LOCATION', prio: 63, suggestion: stateName });
    }
  }
}

/** dictionary cities: multi-word anywhere (capitalised), single-word after a place preposition */
export function dictionaryCities(c: RuleContext): void {
  const { toks, W, prot, masked, out, vocab, nextWord, prevWord, gap } = c;
  // dictionary cities: multi-word anywhere (capitalised), single-word after a place preposition
  for (const i of W) {
    const t = toks[i];
    if (!t.cap || masked[i] || prot[i] === 1) continue;
    const maxw = vocab.lx.cityHeads.get(t.lo) ?? (/^(?:st|mt|ft)$/.test(t.lo) ? 4 : 0);
    let matched = false;
    if (maxw > 1) {
      let j = i;
      let phrase = t.lo;
      const idx: number[] = [i];
      for (let k = 1; k < maxw; k++) {
        const nj = nextWord(j);
        if (nj < 0 || !toks[nj].cap || !/^(?:\s+|\.\s+)$/.test(gap(j, nj))) break;
        phrase += (gap(j, nj).includes('.') ? '. ' : ' ') + toks[nj].lo;
        idx.push(nj);
        j = nj;
        const alt = phrase
          .replace(/^st\. /, 'saint ')
          .replace(/^mt\. /, 'mount ')
          .replace(/^ft\. /, 'fort ');
        const found = vocab.lx.cities.get(phrase) ?? vocab.lx.cities.get(alt) ?? vocab.lx.cities.get(phrase.replace(/\. /g, ' '));
        if (found !== undefined && !STATE_NAMES.has(phrase) && !idx.some((q) => prot[q])) {
          const allEngWords = idx.every((q) => vocab.isEng(toks[q].lo) || FACILITY_GENERIC.has(toks[q].lo));
          const p = prevWord(i);
          const ctx = p >= 0 && LOC_PREPS.has(toks[p].lo);
          if (!allEngWords || ctx || toks[i].init === false) {
            out.push({
              start: t.start,
              end: toks[j].end,
              type: 'LOCATION',
              prio: allEngWords && !ctx ? 44 : 57,
              suggestion: found.length === 2 ? (US_STATES[found] ?? '[city]') : '[city]',
            });
            matched = true;
          }
        }
      }
    }
    if (matched) continue;
    const st = vocab.lx.cities.get(t.lo);
    if (st === undefined || STATE_NAMES.has(t.lo) || vocab.hardSafe(t.lo) || vocab.softSafe(t.lo) || prot[i]) continue;
    const p = prevWord(i);
    if (p >= 0 && LOC_PREPS.has(toks[p].lo) && /^\s+$/.test(gap(p, i))) {
      const nx = nextWord(i);
      if (nx >= 0 && toks[nx].cap && FACILITY_HEADS.has(toks[nx].lo)) continue; // facility rule decides
      if (vocab.isEng(t.lo) && nx >= 0 && toks[nx].cap && /^\s+$/.test(gap(i, nx))) continue; // part of a Title Case phrase
      out.push({
        start: t.start,
        end: t.end,
        type: 'LOCATION',
        prio: 56,
        suggestion: st.length === 2 ? (US_STATES[st] ?? '[city]') : '[city]',
      });
    }
  }
}
