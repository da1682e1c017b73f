import { ESAS_ITEMS, type Esas } from '@casebridge/contracts';

/** ESAS-r: the highest item score including "other" (the `esasHigh` filter: any item ≥ 7). */
export function esasMax(esas: Esas | undefined): number | undefined {
  if (!esas) return undefined;
  const scores = ESAS_ITEMS.map((k) => esas[k]);
  if (esas.other) scores.push(esas.other.score);
  return Math.max(...scores);
}

export const ESAS_HIGH = 7;
