/**
 * Worker-thread entry for the privacy scan (run by ScanPool through piscina): the detector loads
 * its dictionaries once per worker, and a long scan never holds the API's event loop.
 */
import type { PhiFinding } from '@casebridge/contracts';
import { scanFields, warmUp } from '@casebridge/deid';

warmUp();

export function scan(fields: Record<string, string | undefined>): PhiFinding[] {
  return scanFields(fields);
}
