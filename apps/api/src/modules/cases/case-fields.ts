/** The free-text fields of a case, as the gate sees them (pure; unit-tested). */
import type { CreateCaseRequest, FollowUpRequest } from '@casebridge/contracts';

function put(out: Record<string, string>, field: string, value: string | undefined): void {
  if (typeof value === 'string' && value.length > 0) out[field] = value;
}

/** title, question.text, narrative.<name>, medications.<i>, esas.other.name: every text a case stores. */
export function caseTextFields(c: CreateCaseRequest): Record<string, string> {
  const out: Record<string, string> = {};
  put(out, 'title', c.title);
  put(out, 'question.text', c.question.text);
  for (const [k, v] of Object.entries(c.narrative ?? {})) put(out, `narrative.${k}`, v);
  (c.medications ?? []).forEach((m, i) => put(out, `medications.${i}`, m));
  put(out, 'esas.other.name', c.esas?.other?.name);
  return out;
}

export function followUpTextFields(f: FollowUpRequest): Record<string, string> {
  const out: Record<string, string> = {};
  put(out, 'outcome', f.outcome);
  put(out, 'esas.other.name', f.esas?.other?.name);
  return out;
}

/** Required text that is only whitespace is as empty as no text: the first such field, or null. */
export function blankRequired(fields: Record<string, string | undefined>): string | null {
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string' && v.trim() === '') return k;
  return null;
}
