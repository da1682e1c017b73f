/**
 * Secondary indexes: a sorted array of (key, record) entries kept ordered by BSON comparison.
 * Lookups (equality, ranges, unique checks) are binary searches: O(log n) plus the matches.
 */
import { mongoError, ErrorCodes } from '../errors';
import {
  collatorFor,
  compareStrings,
  compareValues,
  Doc,
  formatValue,
  isNumeric,
  isPlainObject,
  toNumber,
  typeOrder,
} from '../bson/values';
import { compileFilter, Matcher, valuesAtPath } from '../query/matcher';
import { SortedList } from './sorted-list';
import { docTerms, isSupportedLanguage } from '../text/text';

export interface IndexSpec {
  v: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  weights?: Doc;
  default_language?: string;
  language_override?: string;
  textIndexVersion?: number;
  [k: string]: unknown;
}

interface Entry {
  k: unknown[];
  id: string;
}

export interface Bound {
  value: unknown;
  inclusive: boolean;
}

export function isTextSpec(key: Doc): boolean {
  return Object.values(key).some((v) => v === 'text') || '_fts' in key;
}

/**
 * Index types kept as catalog entries only: `2d`, `2dsphere` and `hashed` indexes are listed,
 * compared and dropped like others, but hold no entries; queries on those fields scan.
 */
const UNINDEXED_TYPES = ['2d', '2dsphere', 'hashed'];

export function isUnindexedSpec(key: Doc): boolean {
  return Object.values(key).some((v) => typeof v === 'string' && UNINDEXED_TYPES.includes(v));
}

function compareKeys(a: unknown[], b: unknown[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i], b[i]);
    if (c) return c;
  }
  return 0;
}

export class SecondaryIndex {
  readonly fields: string[];
  private readonly paths: string[][];
  readonly text: boolean;
  readonly unique: boolean;
  readonly sparse: boolean;
  private readonly partial: Matcher | null;
  private entries = new SortedList<Entry>();
  /** text indexes: stemmed term -> record ids */
  readonly postings = new Map<string, Set<string>>();
  multikey = false;
  /** a 2d, 2dsphere or hashed index: metadata only (see isUnindexedSpec) */
  readonly unindexed: boolean;

  constructor(readonly spec: IndexSpec) {
    this.text = isTextSpec(spec.key);
    this.unindexed = isUnindexedSpec(spec.key);
    this.fields = this.text ? Object.keys(spec.weights ?? {}) : Object.keys(spec.key);
    this.paths = this.fields.map((f) => f.split('.'));
    this.unique = !!spec.unique;
    this.sparse = !!spec.sparse;
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
  }

  get name(): string {
    return this.spec.name;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Usable by the planner for arbitrary queries (not sparse/partial/text). */
  get general(): boolean {
    return !this.text && !this.sparse && !this.partial && !this.unindexed;
  }

  /** The index keys of a document, or null when the document is not indexed. */
  /** Fast path: every indexed path reaches a non-array value through plain sub-documents. */
  private scalarKey(doc: Doc): unknown[] | null {
    const key: unknown[] = [];
    let allMissing = true;
    for (const parts of this.paths) {
      let cur: unknown = doc;
      for (const p of parts) {
        if (cur === undefined || cur === null) {
          cur = undefined;
          break;
        }
        if (Array.isArray(cur) || !isPlainObject(cur)) return null;
        cur = cur[p];
      }
      if (Array.isArray(cur)) return null;
      if (cur !== undefined) allMissing = false;
      key.push(cur === undefined ? null : cur);
    }
    if (this.sparse && allMissing) return null;
    return key;
  }

  keysFor(doc: Doc): unknown[][] | null {
    if (this.text || this.unindexed) return null;
    if (this.partial && !this.partial(doc)) return null;
    const fast = this.scalarKey(doc);
    if (fast) return [fast];
    const perField: unknown[][] = [];
    let arrays = 0;
    let allMissing = true;
    for (const f of this.fields) {
      const raw = valuesAtPath(doc, f);
      const vals: unknown[] = [];
      for (const v of raw) {
        if (v !== undefined) allMissing = false;
        if (Array.isArray(v)) {
          if (v.length === 0) vals.push(undefined);
          else for (const e of v) vals.push(e);
        } else vals.push(v === undefined ? null : v);
      }
      const uniq = dedupe(vals);
      if (uniq.length > 1 || raw.some(Array.isArray) || raw.length > 1) arrays++;
      perField.push(uniq.length ? uniq : [null]);
    }
    if (this.sparse && allMissing) return null;
    if (arrays > 1) {
      throw mongoError(171, `cannot index parallel arrays [${this.fields.join('] [')}]`);
    }
    if (arrays) this.multikey = true;
    let keys: unknown[][] = [[]];
    for (const vals of perField) {
      const next: unknown[][] = [];
      for (const k of keys) for (const v of vals) next.push([...k, v]);
      keys = next;
    }
    return keys;
  }

  private pos(k: unknown[], id: string) {
    return this.entries.seek((e) => compareKeys(e.k, k) || compareStrings(e.id, id));
  }

  add(doc: Doc, id: string): void {
    if (this.text) {
      for (const t of docTerms(this.spec, doc)) {
        let set = this.postings.get(t);
        if (!set) this.postings.set(t, (set = new Set()));
        set.add(id);
      }
      return;
    }
    const keys = this.keysFor(doc);
    if (!keys) return;
    for (const k of keys) {
      // ascending keys (ObjectIds, counters, dates; and replaying a compacted log) append in O(1)
      const last = this.entries.last();
      if (!last || (compareKeys(last.k, k) || compareStrings(last.id, id)) < 0) {
        this.entries.push({ k, id });
        continue;
      }
      const p = this.pos(k, id);
      const e = this.entries.at(p);
      if (e && e.id === id && compareKeys(e.k, k) === 0) continue;
      this.entries.insertAt(p, { k, id });
    }
  }

  remove(doc: Doc, id: string): void {
    if (this.text) {
      for (const t of docTerms(this.spec, doc)) {
        const set = this.postings.get(t);
        if (!set) continue;
        set.delete(id);
        if (!set.size) this.postings.delete(t);
      }
      return;
    }
    let keys: unknown[][] | null;
    try {
      keys = this.keysFor(doc);
    } catch {
      keys = null;
    }
    if (!keys) return;
    for (const k of keys) {
      const p = this.pos(k, id);
      const e = this.entries.at(p);
      if (e && e.id === id && compareKeys(e.k, k) === 0) this.entries.removeAt(p);
    }
  }

  /** Throws E11000 if doc would duplicate a key owned by another record. */
  checkUnique(doc: Doc, id: string, ns: string, ignore?: (id: string) => boolean): void {
    if (!this.unique) return;
    const keys = this.keysFor(doc);
    if (!keys) return;
    for (const k of keys) {
      const dup = this.findOther(k, id, ignore);
      if (dup !== undefined) throw this.dupError(ns, k);
    }
  }

  /** Another record with exactly key k (ignoring `self` and ids the caller masks). */
  findOther(k: unknown[], self: string, ignore?: (id: string) => boolean): string | undefined {
    for (const e of this.entries.from(this.entries.seek((x) => compareKeys(x.k, k)))) {
      if (compareKeys(e.k, k) !== 0) return undefined;
      if (e.id !== self && !(ignore && ignore(e.id))) return e.id;
    }
    return undefined;
  }

  dupError(ns: string, k: unknown[]): Error {
    const keyPattern: Doc = {};
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => {
      keyPattern[f] = this.spec.key[f];
      keyValue[f] = k[i];
    });
    const shown = this.fields.map((f, i) => `${f}: ${formatValue(k[i])}`).join(', ');
    return mongoError(ErrorCodes.DuplicateKey, `E11000 duplicate key error collection: ${ns} index: ${this.name} dup key: { ${shown} }`, {
      keyPattern,
      keyValue,
    });
  }

  /** Record ids whose first key field lies within the bounds (same BSON type bracket). */
  range(lower: Bound | null, upper: Bound | null, out: Set<string>): void {
    const ref = lower ?? upper;
    if (!ref) return;
    const bracket = typeOrder(ref.value);
    const start = this.entries.seek((e) => {
      const v = e.k[0];
      if (!lower) return typeOrder(v) < bracket ? -1 : 1;
      const c = compareValues(v, lower.value);
      return c === 0 && !lower.inclusive ? -1 : c;
    });
    for (const e of this.entries.from(start)) {
      const v = e.k[0];
      if (typeOrder(v) !== bracket) break;
      if (upper) {
        const c = compareValues(v, upper.value);
        if (c > 0 || (c === 0 && !upper.inclusive)) break;
      }
      out.add(e.id);
    }
  }

  /** Records whose leading key fields equal `prefix` and whose next field lies within the bounds. */
  scanCompound(prefix: unknown[], lower: Bound | null, upper: Bound | null, out: Set<string>): void {
    const p = prefix.length;
    const ref = lower ?? upper;
    const bracket = ref ? typeOrder(ref.value) : 0;
    const samePrefix = (e: Entry): number => {
      for (let i = 0; i < p; i++) {
        const c = compareValues(e.k[i], prefix[i]);
        if (c) return c;
      }
      return 0;
    };
    const start = this.entries.seek((e) => {
      const c = samePrefix(e);
      if (c || !ref) return c;
      const v = e.k[p];
      if (!lower) return typeOrder(v) < bracket ? -1 : 1;
      const d = compareValues(v, lower.value);
      return d === 0 && !lower.inclusive ? -1 : d;
    });
    for (const e of this.entries.from(start)) {
      if (samePrefix(e) !== 0) break;
      if (ref) {
        const v = e.k[p];
        if (typeOrder(v) !== bracket) break;
        if (upper) {
          const c = compareValues(v, upper.value);
          if (c > 0 || (c === 0 && !upper.inclusive)) break;
        }
      }
      out.add(e.id);
    }
  }

  /**
   * Record ids in key order (ascending by BSON comparison on every field, whatever the declared
   * directions), or reversed. Only meaningful when every document has exactly one entry: a
   * general, non-multikey index.
   */
  *orderedIds(reverse: boolean): Generator<string> {
    const it = reverse ? this.entries.reversed() : this.entries.from({ b: 0, i: 0 });
    for (const e of it) yield e.id;
  }

  /** Entries in index order from the first key >= lower (used for TTL scans). */
  scanFrom(lower: Bound): Generator<Entry> {
    return this.entries.from(this.entries.seek((e) => compareValues(e.k[0], lower.value)));
  }

  clear(): void {
    this.entries.clear();
  }
}

function dedupe(vals: unknown[]): unknown[] {
  if (vals.length < 2) return vals;
  const out: unknown[] = [];
  for (const v of vals) if (!out.some((o) => compareValues(o, v) === 0 && typeOrder(o) === typeOrder(v))) out.push(v);
  return out;
}

/** Validates an index key pattern and returns the normalised spec stored in the catalog. */
export function normalizeIndexSpec(raw: Doc): IndexSpec {
  const key = raw.key;
  if (!isPlainObject(key) || Object.keys(key).length === 0) throw mongoError(ErrorCodes.CannotCreateIndex, 'Index keys cannot be empty.');
  if (typeof raw.name !== 'string' || !raw.name) throw mongoError(ErrorCodes.CannotCreateIndex, 'index name must be a non-empty string');
  const spec: IndexSpec = { v: 2, key, name: raw.name };
  if (isTextSpec(key)) {
    const weights: Doc = {};
    const plain: Doc = {};
    for (const [f, v] of Object.entries(key)) {
      if (v === 'text') weights[f] = 1;
      else if (f !== '_fts' && f !== '_ftsx') plain[f] = v;
    }
    if (isPlainObject(raw.weights)) for (const [f, w] of Object.entries(raw.weights)) weights[f] = toNumber(w);
    if ('_fts' in key && !Object.keys(weights).length) Object.assign(weights, raw.weights ?? {});
    spec.key = { ...plain, _fts: 'text', _ftsx: 1 };
    spec.weights = weights;
    spec.default_language = typeof raw.default_language === 'string' ? raw.default_language : 'english';
    // rejected here rather than accepted and failing on every query
    if (!isSupportedLanguage(spec.default_language)) {
      throw mongoError(
        ErrorCodes.CannotCreateIndex,
        `default_language '${spec.default_language}' is not supported: the embedded engine's text search handles 'english' (or 'en') and 'none' only`,
      );
    }
    spec.language_override = typeof raw.language_override === 'string' ? raw.language_override : 'language';
    spec.textIndexVersion = 3;
  } else {
    for (const [f, v] of Object.entries(key)) {
      if (typeof v === 'string') {
        if (UNINDEXED_TYPES.includes(v)) {
          if (v === 'hashed' && raw.unique)
            throw mongoError(ErrorCodes.CannotCreateIndex, 'Currently hashed indexes cannot guarantee uniqueness. Use a regular index.');
          continue;
        }
        if (v === 'geoHaystack') {
          throw mongoError(ErrorCodes.CannotCreateIndex, `index type '${v}' is not supported by the embedded engine (field ${f})`);
        }
        throw mongoError(ErrorCodes.CannotCreateIndex, `Unknown index plugin '${v}'`);
      }
      if (!isNumeric(v) || toNumber(v) === 0)
        throw mongoError(
          ErrorCodes.CannotCreateIndex,
          `Values in the index key pattern can't be 0 or non-numeric: ${f}: ${formatValue(v)}`,
        );
    }
  }
  for (const opt of ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'hidden', 'collation']) {
    if (raw[opt] !== undefined) (spec as Doc)[opt] = raw[opt];
  }
  if (spec.unique === false) delete spec.unique;
  if (spec.sparse === false) delete spec.sparse;
  if (spec.expireAfterSeconds !== undefined) spec.expireAfterSeconds = toNumber(spec.expireAfterSeconds);
  // index entries compare strings in binary order: a collated unique index would enforce the wrong
  // uniqueness, so it is refused; other indexes keep their collation as metadata (collated queries scan)
  if (collatorFor(raw.collation) && raw.unique)
    throw mongoError(ErrorCodes.CannotCreateIndex, 'unique indexes with a non-simple collation are not supported by the embedded engine');
  return spec;
}

/** Whether two specs describe the same index (key pattern and options that matter). */
export function sameIndexKey(a: IndexSpec, b: IndexSpec): boolean {
  if (compareValues(a.key, b.key) !== 0) return false;
  if (isTextSpec(a.key)) return compareValues(a.weights ?? {}, b.weights ?? {}) === 0;
  return true;
}

export function sameIndexOptions(a: IndexSpec, b: IndexSpec): boolean {
  return (
    !!a.unique === !!b.unique &&
    !!a.sparse === !!b.sparse &&
    compareValues(a.partialFilterExpression ?? null, b.partialFilterExpression ?? null) === 0 &&
    (a.expireAfterSeconds ?? null) === (b.expireAfterSeconds ?? null)
  );
}
