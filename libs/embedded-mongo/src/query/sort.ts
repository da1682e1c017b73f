import { badValue } from '../errors';
import { compareValues, Doc, isNumeric, isPlainObject, toNumber } from '../bson/values';
import { valuesAtPath } from './matcher';

export type SortSpec = [path: string, dir: 1 | -1 | 'textScore'][];

export function parseSort(sort: unknown): SortSpec | null {
  if (sort === undefined || sort === null) return null;
  if (!isPlainObject(sort)) throw badValue('sort must be an object');
  const out: SortSpec = [];
  for (const k of Object.keys(sort)) {
    const v = sort[k];
    if (isPlainObject(v) && v.$meta === 'textScore') out.push([k, 'textScore']);
    else if (isNumeric(v) && (toNumber(v) === 1 || toNumber(v) === -1)) out.push([k, toNumber(v) as 1 | -1]);
    else throw badValue(`$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
  }
  return out.length ? out : null;
}

/** Sort key of one document for a field: min element ascending, max element descending. */
function sortKey(doc: Doc, path: string, dir: 1 | -1): unknown {
  const vals = valuesAtPath(doc, path);
  let best: unknown = undefined;
  let first = true;
  for (const v of vals) {
    const items = Array.isArray(v) ? (v.length ? v : [EMPTY_ARRAY]) : [v];
    for (const x of items) {
      if (first) {
        best = x;
        first = false;
      } else {
        const c = compareSortable(x, best);
        if ((dir === 1 && c < 0) || (dir === -1 && c > 0)) best = x;
      }
    }
  }
  return best;
}

const EMPTY_ARRAY = Symbol('emptyArray');

function compareSortable(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY) return b === EMPTY_ARRAY ? 0 : -1;
  if (b === EMPTY_ARRAY) return 1;
  return compareValues(a, b);
}

export function makeComparator(spec: SortSpec, scoreOf?: (d: Doc) => number): (a: Doc, b: Doc) => number {
  return (a, b) => {
    for (const [path, dir] of spec) {
      if (dir === 'textScore') {
        const c = (scoreOf?.(b) ?? 0) - (scoreOf?.(a) ?? 0);
        if (c) return c;
        continue;
      }
      const c = compareSortable(sortKey(a, path, dir), sortKey(b, path, dir));
      if (c) return dir === 1 ? c : -c;
    }
    return 0;
  };
}

export function sortDocs(docs: Doc[], spec: SortSpec | null, scoreOf?: (d: Doc) => number): Doc[] {
  if (!spec) return docs;
  const cmp = makeComparator(spec, scoreOf);
  // precompute keys for speed on big inputs
  if (docs.length > 64 && spec.every(([, d]) => d !== 'textScore')) {
    const keyed = docs.map((d, i) => ({ d, i, k: spec.map(([p, dir]) => sortKey(d, p, dir as 1 | -1)) }));
    keyed.sort((x, y) => {
      for (let j = 0; j < spec.length; j++) {
        const c = compareSortable(x.k[j], y.k[j]);
        if (c) return spec[j][1] === 1 ? c : -c;
      }
      return x.i - y.i;
    });
    return keyed.map((x) => x.d);
  }
  return docs.slice().sort(cmp);
}

/** The first k documents in sort order without sorting everything (O(n log k)). */
export function topK(docs: Doc[], spec: SortSpec, k: number, scoreOf?: (d: Doc) => number): Doc[] {
  if (k <= 0 || docs.length <= k * 4) return sortDocs(docs, spec, scoreOf).slice(0, Math.max(k, 0));
  const cmp = makeComparator(spec, scoreOf);
  const best: { d: Doc; i: number }[] = [];
  const order = (a: { d: Doc; i: number }, b: { d: Doc; i: number }) => cmp(a.d, b.d) || a.i - b.i;
  for (let i = 0; i < docs.length; i++) {
    const item = { d: docs[i], i };
    if (best.length === k && order(item, best[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(best[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, item);
    if (best.length > k) best.pop();
  }
  return best.map((x) => x.d);
}
