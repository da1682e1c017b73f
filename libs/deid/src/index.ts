/**
 * @casebridge/deid: the PHI detector behind the privacy gate (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)).
 * Pure TypeScript, no Node APIs: the web composer bundles the same code.
 */
import type { PhiFinding, PhiSpan } from '@casebridge/contracts';
import { Detector } from './detect';

export type { PhiFinding, PhiSpan, PhiType } from '@casebridge/contracts';

let detector: Detector | null = null;

/** Load the dictionaries now (otherwise the first call does it). */
export function warmUp(): void {
  detector ??= new Detector();
}

/** PHI spans in `text`: sorted by start, non-overlapping, each with a type and (where one exists) a safe rewrite. */
export function detectPhi(text: string): PhiSpan[] {
  warmUp();
  return detector!.detect(text ?? '');
}

/** Scan several named free-text fields; findings carry the field name, never the text. */
export function scanFields(fields: Record<string, string | undefined>): PhiFinding[] {
  const out: PhiFinding[] = [];
  for (const [field, text] of Object.entries(fields)) {
    if (typeof text !== 'string' || !text) continue;
    for (const s of detectPhi(text)) out.push({ field, ...s });
  }
  return out;
}
