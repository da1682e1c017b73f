/**
 * Stand-in for `@casebridge/deid` while libs/deid has no source yet (it is written in
 * parallel). It detects nothing and says so: `DEID_MISSING` makes lib/phi.ts fall back to
 * the server's `/api/privacy/scan`, so the user still sees real findings.
 * vite.config.ts, tsconfig paths and jest pick the real library as soon as it exists.
 */
import type { PhiSpan } from '@casebridge/contracts';

export const DEID_MISSING = true;

export function detectPhi(_text: string): PhiSpan[] {
  return [];
}
