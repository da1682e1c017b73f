/**
 * Dictionary questions the rules ask of a word (lowercased): English vocabulary, given name,
 * surname, allow-listed vocabulary (never a name on its own), medical-looking word.
 */
import {
  CLINICAL_WORDS,
  DAYS,
  DEMONYMS,
  DRUGS,
  EPONYMS_AMBIGUOUS,
  EPONYMS_SAFE,
  HOLIDAYS,
  MEDICAL_SUFFIX,
  MONTHS,
  ORGANISMS,
  ORGS,
  RELIGION,
  STATE_WORDS,
  STOP_CAPS,
  STRONG_TITLES,
  US_STATES,
} from '../allow';
import { isClinical } from '../clinical';
import type { Lexicon } from '../lexicon';

export class Vocab {
  constructor(readonly lx: Lexicon) {}

  isEng(lo: string): boolean {
    const e = this.lx.english;
    if (e.has(lo)) return true;
    if (lo.includes('-')) return lo.split('-').every((p) => p.length === 0 || e.has(p) || /^\d+$/.test(p));
    if (lo.endsWith("'s")) return e.has(lo.slice(0, -2));
    return false;
  }
  isFirst(lo: string): boolean {
    return this.lx.first.has(lo);
  }
  isLast(lo: string): boolean {
    return this.lx.last.has(lo) || (lo.includes('-') && lo.split('-').some((p) => this.lx.last.has(p)));
  }

  /** words that are never names (unless a title or relation says so) */
  hardSafe(lo: string): boolean {
    return (
      MONTHS.has(lo) ||
      DAYS.has(lo) ||
      HOLIDAYS.has(lo) ||
      RELIGION.has(lo) ||
      ORGS.has(lo) ||
      EPONYMS_SAFE.has(lo) ||
      DRUGS.has(lo) ||
      ORGANISMS.has(lo) ||
      CLINICAL_WORDS.has(lo) ||
      STOP_CAPS.has(lo) ||
      STRONG_TITLES.has(lo) ||
      DEMONYMS.has(lo)
    );
  }
  /** states, countries, languages: capitalised and allowed, but also given names (Georgia, Jordan) */
  softSafe(lo: string): boolean {
    return this.lx.geoSafe.has(lo) || STATE_WORDS.has(lo);
  }

  private readonly medMemo = new Map<string, number>();
  /** a drug, organism or medical-suffixed word (`broad` adds the looser suffix list) */
  medical(lo: string, broad: boolean): boolean {
    let v = this.medMemo.get(lo);
    if (v === undefined) {
      v = (DRUGS.has(lo) || ORGANISMS.has(lo) ? 3 : 0) | (MEDICAL_SUFFIX.test(lo) ? 1 : 0) | (this.narrowMedical(lo) ? 2 : 0);
      if (this.medMemo.size > 50000) this.medMemo.clear();
      this.medMemo.set(lo, v);
    }
    return (v & (broad ? 1 | 2 : 2)) !== 0;
  }
  private narrowMedical(lo: string): boolean {
    return /(?:azepam|azolam|idone|odone|orphone|phine|profen|oxacin|cillin|mycin|cycline|statin|sartan|pril|olol|dipine|parin|xaban|gatran|tidine|prazole|setron|tinib|mab|platin|taxel|rubicin|tecan|itis|osis|oma|emia|algia|pathy|ectomy|otomy|ostomy|oscopy|plegia|phagia|pnea|pnoea|aemia|rrhoea|rrhea|rrhage|ase|azine|apine|amide|etine|oxetine|afil|lukast)$/.test(
      lo,
    );
  }

  /** allow-listed vocabulary: never a name or place on its own */
  readonly safeWord = (lo: string): boolean =>
    this.hardSafe(lo) ||
    this.softSafe(lo) ||
    EPONYMS_AMBIGUOUS.has(lo) ||
    (isClinical(lo) && !this.lx.first.has(lo) && !this.lx.last.has(lo)) ||
    // a common English word that is no given name, surname or US city ("Cont", "JUDGEMENT", "Trace")
    (this.lx.english.has(lo) && !this.lx.first.has(lo) && !this.lx.last.has(lo) && !this.lx.cities.has(lo));

  /** safeWord, or a word with a disease/drug ending (`Dyspnea`, `Haemorrhage`) that is no given name or surname: never a name or place on its own when only the model saw one */
  readonly modelSafeWord = (lo: string): boolean =>
    this.safeWord(lo) || (this.medical(lo, false) && !this.lx.first.has(lo) && !this.lx.last.has(lo));

  /** what a place span may be replaced by: its state when the dictionary knows the city */
  citySuggestion(span: string): string {
    const st = this.lx.cities.get(span.toLowerCase());
    if (st && st.length === 2) return US_STATES[st] ?? '[city]';
    return '[place]';
  }
}
