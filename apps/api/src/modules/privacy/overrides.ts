/** Pure override checks (no Nest imports; unit-tested). */
export interface FindingRef {
  field: string;
  start: number;
  end: number;
}

/**
 * Index of the first confirmation that names no finding (a confirmation must point at exactly what
 * the gate reported: same field, same offsets), or null when all of them match one.
 */
export function matchConfirmations(findings: FindingRef[], confirmations: FindingRef[]): number | null {
  for (let i = 0; i < confirmations.length; i++) {
    const c = confirmations[i];
    if (!findings.some((f) => f.field === c.field && f.start === c.start && f.end === c.end)) return i;
  }
  return null;
}
