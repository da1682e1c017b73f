/**
 * The case form's problems in plain language (pure; unit-tested). The schema speaks in request
 * paths and validator wording ("esas.dyspnea: Required", "Expected array length to be greater or
 * equal to 1"); people read "Shortness of breath (ESAS-r): enter a score from 0 to 10".
 */
import { ESAS_ITEMS, type EsasItem } from '@casebridge/contracts';

export const ESAS_LABELS: Record<EsasItem, string> = {
  pain: 'Pain',
  tiredness: 'Tiredness',
  drowsiness: 'Drowsiness',
  nausea: 'Nausea',
  appetite: 'Lack of appetite',
  dyspnea: 'Shortness of breath',
  depression: 'Depression',
  anxiety: 'Anxiety',
  wellbeing: 'Wellbeing',
};

/** Composer field (draft path) → its visible label and what to do when it is missing or wrong. */
const FIELDS: Record<string, { label: string; fix: string }> = {
  cohortId: { label: 'Cohort', fix: 'Choose the cohort to post the case in.' },
  title: { label: 'Title', fix: 'Give the case a short clinical title.' },
  setting: { label: 'Setting', fix: 'Choose where care happens.' },
  illness: { label: 'Serious illness', fix: 'Choose the main serious illness.' },
  age: { label: 'Age', fix: 'Enter an age from 0 to 89, or 90+.' },
  sex: { label: 'Sex / gender', fix: 'Choose sex or gender (or “unknown”).' },
  state: { label: 'State', fix: 'Choose the US state or territory.' },
  questionText: { label: 'Question', fix: 'Write the question you want answered.' },
  questionType: { label: 'Question type', fix: 'Choose what kind of question it is.' },
  domains: { label: 'NCP domains', fix: 'Choose at least one NCP domain.' },
  professions: { label: 'Preferred responder professions', fix: 'Choose from the listed professions.' },
  urgency: { label: 'Urgency', fix: 'Choose routine or urgent.' },
  esasCompletedBy: { label: 'ESAS-r completed by', fix: 'Say who completed the ESAS-r.' },
  esasOtherName: { label: 'Other problem', fix: 'Name the other problem in a few words.' },
  esasOtherScore: { label: 'Other problem score', fix: 'Enter a whole number from 0 to 10.' },
  pps: { label: 'Palliative Performance Scale', fix: 'Choose a PPS level.' },
  medications: { label: 'Relevant medications', fix: 'Keep each medication to one short line.' },
  attestation: { label: 'De-identification', fix: 'Confirm that you removed every identifier.' },
};
for (const item of ESAS_ITEMS) FIELDS[`esas.${item}`] = { label: `${ESAS_LABELS[item]} (ESAS-r)`, fix: 'Enter a score from 0 to 10.' };

export function fieldLabel(path: string): string {
  const narrative = /^narrative\.(\w+)$/.exec(path);
  if (narrative) return `Narrative: ${narrative[1].replace(/([A-Z])/g, ' $1').toLowerCase()}`;
  return FIELDS[path]?.label ?? path;
}

/** One plain sentence for a validator message on a composer field. */
export function plainMessage(path: string, raw: string): string {
  const tooLong = /length less or equal to (\d+)/.exec(raw);
  if (tooLong) return `Shorten it to ${tooLong[1]} characters or fewer.`;
  const tooMany = /array length to be less or equal to (\d+)/.exec(raw);
  if (tooMany) return `Choose at most ${tooMany[1]}.`;
  return FIELDS[path]?.fix ?? (/^narrative\./.test(path) ? 'Check this text.' : 'Check this field.');
}

export interface FormProblem {
  /** The composer field to focus, or null for problems of the whole form. */
  field: string | null;
  label: string;
  message: string;
}

/** Problems in the order of the form, so the summary reads top to bottom like the page. */
const ORDER = [
  'cohortId',
  'title',
  'setting',
  'illness',
  'age',
  'sex',
  'state',
  'questionText',
  'questionType',
  'urgency',
  'domains',
  'professions',
  ...ESAS_ITEMS.map((i) => `esas.${i}`),
  'esasOtherName',
  'esasOtherScore',
  'esasCompletedBy',
  'pps',
  'medications',
];
export function sortProblems(problems: FormProblem[]): FormProblem[] {
  const rank = (p: FormProblem) => {
    if (p.field === null) return 1000;
    const i = ORDER.indexOf(p.field);
    return i === -1 ? 500 : i;
  };
  return [...problems].sort((a, b) => rank(a) - rank(b));
}

/**
 * An ESAS-r entry as typed: a whole number 0–10 is a score; anything else gets a warning that says
 * what is wrong, and is never silently rounded or clamped (12 is not turned into 10).
 */
export function readEsasScore(text: string): { score: number | null; warning?: string } {
  const t = text.trim();
  if (t === '') return { score: null };
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return { score: null, warning: 'Use a number from 0 to 10.' };
  const n = Number(t.replace(',', '.'));
  if (n < 0 || n > 10) return { score: null, warning: `${t} is off the scale: ESAS-r goes from 0 (none) to 10 (worst possible).` };
  if (!Number.isInteger(n)) return { score: null, warning: `ESAS-r uses whole numbers: choose ${Math.floor(n)} or ${Math.ceil(n)}.` };
  return { score: n };
}
