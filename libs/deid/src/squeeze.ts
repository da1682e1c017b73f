/**
 * Linear-time guard: long runs of whitespace or of one repeated punctuation character carry no
 * identifier, but they are what makes backtracking regexes slow (each position of the run is
 * tried against each optional space). The detector scans a squeezed copy in which every such run
 * longer than RUN_MAX keeps only its first and last RUN_KEEP characters, and maps the spans back.
 */
const RUN_MAX = 8;
const RUN_KEEP = 4;
const RUN = /\s{9,}|([^\w\s])\1{8,}/g;

export interface Squeezed {
  text: string;
  /** original offset of an offset in the squeezed text */
  toOriginal(i: number): number;
}

export function squeeze(text: string): Squeezed {
  // segments: [squeezedStart, originalStart], ascending
  const segS: number[] = [0];
  const segO: number[] = [0];
  let out = '';
  let last = 0;
  RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RUN.exec(text)) !== null) {
    if (m[0].length <= RUN_MAX) continue;
    const runEnd = m.index + m[0].length;
    out += text.slice(last, m.index + RUN_KEEP);
    segS.push(out.length);
    segO.push(runEnd - RUN_KEEP);
    out += text.slice(runEnd - RUN_KEEP, runEnd);
    last = runEnd;
  }
  if (last === 0) return { text, toOriginal: (i) => i };
  out += text.slice(last);
  return {
    text: out,
    toOriginal(i: number): number {
      let lo = 0;
      let hi = segS.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (segS[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      return segO[lo] + (i - segS[lo]);
    },
  };
}
