import type { PhiSpan } from '@casebridge/contracts';

/** Letters/digits of `needle` (first occurrence in `text`) that no span covers. */
export function uncovered(text: string, spans: PhiSpan[], needle: string): string {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`test bug: "${needle}" not in text`);
  const cov = new Uint8Array(text.length);
  for (const s of spans) cov.fill(1, s.start, s.end);
  let miss = '';
  for (let k = i; k < i + needle.length; k++) if (/[\p{L}\p{N}]/u.test(text[k]) && !cov[k]) miss += text[k];
  return miss;
}

/** Is any character of `needle` (first occurrence) inside a span? */
export function touched(text: string, spans: PhiSpan[], needle: string): boolean {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`test bug: "${needle}" not in text`);
  return spans.some((s) => s.start < i + needle.length && i < s.end);
}

export const show = (text: string, spans: PhiSpan[]): string =>
  spans.map((s) => `${s.type}:${JSON.stringify(text.slice(s.start, s.end))}`).join(' ');

/** The same any-overlap metric as ../shared/deid/score.mjs. */
export function score(corpus: Array<{ text: string; spans: Array<{ start: number; end: number }> }>, detect: (t: string) => PhiSpan[]) {
  let gold = 0,
    goldHit = 0,
    pred = 0,
    predHit = 0,
    tokGold = 0,
    tokCovered = 0;
  const overlap = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
  for (const c of corpus) {
    const P = detect(c.text);
    for (const g of c.spans) {
      gold++;
      if (P.some((p) => overlap(g, p))) goldHit++;
    }
    for (const p of P) {
      pred++;
      if (c.spans.some((g) => overlap(g, p))) predHit++;
    }
    const cov = new Uint8Array(c.text.length);
    for (const p of P) cov.fill(1, p.start, p.end);
    for (const m of c.text.matchAll(/[\p{L}\p{M}\p{N}]+/gu)) {
      const t = { start: m.index!, end: m.index! + m[0].length };
      if (!c.spans.some((g) => overlap(g, t))) continue;
      tokGold++;
      let full = true;
      for (let i = t.start; i < t.end; i++)
        if (!cov[i]) {
          full = false;
          break;
        }
      if (full) tokCovered++;
    }
  }
  return { recall: goldHit / gold, precision: pred ? predHit / pred : 0, tokenRecall: tokGold ? tokCovered / tokGold : 0, gold, pred };
}
