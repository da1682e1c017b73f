/**
 * The case composer's form model: what the inputs hold (strings while typing), how it
 * becomes a CreateCaseRequest, and which texts the PHI check reads, by the same dotted
 * field names the server's gate reports (`question.text`, `narrative.social`, ...).
 */
import { ESAS_ITEMS, NARRATIVE_FIELDS, type CreateCaseRequest, type EsasItem, type PhiFinding, type PhiSpan } from '@casebridge/contracts';
import { pruneEmpty } from '../../../lib/forms';

export type NarrativeField = (typeof NARRATIVE_FIELDS)[number];

export interface CaseDraft {
  cohortId: string;
  title: string;
  setting: string;
  age: string;
  sex: string;
  state: string;
  illness: string;
  questionText: string;
  questionType: string;
  domains: string[];
  professions: string[];
  urgency: string;
  esasEnabled: boolean;
  esas: Record<EsasItem, number | null>;
  esasOtherName: string;
  esasOtherScore: number | null;
  esasCompletedBy: string;
  pps: string;
  medications: string;
  narrative: Record<NarrativeField, string>;
  anonymous: boolean;
  attestation: boolean;
}

export function emptyDraft(): CaseDraft {
  return {
    cohortId: '',
    title: '',
    setting: '',
    age: '',
    sex: '',
    state: '',
    illness: '',
    questionText: '',
    questionType: '',
    domains: [],
    professions: [],
    urgency: 'routine',
    esasEnabled: true,
    esas: Object.fromEntries(ESAS_ITEMS.map((i) => [i, null])) as Record<EsasItem, number | null>,
    esasOtherName: '',
    esasOtherScore: null,
    esasCompletedBy: 'patient',
    pps: '',
    medications: '',
    narrative: Object.fromEntries(NARRATIVE_FIELDS.map((f) => [f, ''])) as Record<NarrativeField, string>,
    anonymous: false,
    attestation: false,
  };
}

/** Safe Harbor (C): every age over 89 is "90+". */
export function normaliseAge(raw: string): number | '90+' | undefined {
  const t = raw.trim();
  if (t === '') return undefined;
  if (/^9\d\+?$|^\d{3,}$|^90\+$/.test(t)) return '90+';
  const n = Number(t);
  if (!Number.isInteger(n) || n < 0) return undefined;
  return n > 89 ? '90+' : n;
}

const medicationLines = (d: CaseDraft) =>
  d.medications
    .split('\n')
    .map((m) => m.trim())
    .filter(Boolean);

export function toRequest(d: CaseDraft): CreateCaseRequest {
  const esasComplete = ESAS_ITEMS.every((i) => d.esas[i] !== null);
  const req = {
    cohortId: d.cohortId,
    title: d.title.trim(),
    setting: d.setting,
    patient: { age: normaliseAge(d.age), sex: d.sex, state: d.state },
    illness: d.illness,
    question: {
      text: d.questionText.trim(),
      type: d.questionType,
      domains: d.domains.map(Number),
      professions: d.professions.length ? d.professions : undefined,
      urgency: d.urgency,
    },
    esas: d.esasEnabled
      ? {
          ...(esasComplete ? d.esas : Object.fromEntries(ESAS_ITEMS.map((i) => [i, d.esas[i] ?? undefined]))),
          other:
            d.esasOtherName.trim() && d.esasOtherScore !== null ? { name: d.esasOtherName.trim(), score: d.esasOtherScore } : undefined,
          completedBy: d.esasCompletedBy,
        }
      : undefined,
    pps: d.pps === '' ? undefined : Number(d.pps),
    medications: medicationLines(d).length ? medicationLines(d) : undefined,
    narrative: d.narrative,
    anonymous: d.anonymous || undefined,
    attestation: d.attestation,
  };
  return pruneEmpty(req) as unknown as CreateCaseRequest;
}

/** Every free text the PHI check reads, keyed like the server's findings. */
export function textFields(d: CaseDraft): Record<string, string> {
  const out: Record<string, string> = {
    title: d.title,
    'question.text': d.questionText,
    medications: d.medications,
    'esas.other.name': d.esasOtherName,
  };
  for (const f of NARRATIVE_FIELDS) out[`narrative.${f}`] = d.narrative[f];
  return out;
}

/**
 * Server findings by composer field. The gate reports list items by index
 * (`medications.2`); the composer edits them as one text, one per line.
 */
export function serverSpansByField(d: CaseDraft, findings: PhiFinding[]): Record<string, PhiSpan[]> {
  const out: Record<string, PhiSpan[]> = {};
  const meds = d.medications.split('\n');
  for (const { field, ...span } of findings) {
    const m = /^medications\.(\d+)$/.exec(field);
    if (m) {
      // map item i of the trimmed, non-empty lines back to its line in the text
      const wanted = Number(m[1]);
      let item = -1;
      let offset = 0;
      for (const line of meds) {
        if (line.trim()) item++;
        if (item === wanted) {
          const lead = line.length - line.trimStart().length;
          (out.medications ??= []).push({ ...span, start: offset + lead + span.start, end: offset + lead + span.end });
          break;
        }
        offset += line.length + 1;
      }
      continue;
    }
    (out[field] ??= []).push(span);
  }
  return out;
}

/** Form errors by the request's paths, mapped to the composer's inputs. */
export function draftPathOf(requestPath: string): string {
  const map: Record<string, string> = {
    'question.text': 'questionText',
    'question.type': 'questionType',
    'question.domains': 'domains',
    'question.professions': 'professions',
    'question.urgency': 'urgency',
    'patient.age': 'age',
    'patient.sex': 'sex',
    'patient.state': 'state',
    'esas.completedBy': 'esasCompletedBy',
    'esas.other.name': 'esasOtherName',
  };
  if (map[requestPath]) return map[requestPath];
  const esas = /^esas\.(\w+)$/.exec(requestPath);
  if (esas) return `esas.${esas[1]}`;
  if (requestPath.startsWith('medications')) return 'medications';
  return requestPath;
}

/**
 * The text of one field of a request by the server's dotted name (`narrative.social`,
 * `medications.2`), so the composer can show the author the words a finding points at.
 */
export function requestTextOf(req: CreateCaseRequest, field: string): string {
  let at: unknown = req;
  for (const part of field.split('.')) {
    if (at === null || typeof at !== 'object') return '';
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'string' ? at : '';
}
