/**
 * In-memory catalog: databases, collections, documents (hashed by _id) and secondary indexes.
 * All mutations go through apply* methods so that replaying the log and live writes share code.
 */
import { UUID } from 'bson';
import { mongoError, ErrorCodes } from '../errors';
import { Doc, formatValue, isPlainObject, keyOf, typeOrder, isNumeric } from '../bson/values';
import { IndexSpec, SecondaryIndex, Bound } from './indexes';
import { isOperatorObject } from '../query/matcher';
import { queryTerms } from '../text/text';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * Commit clock shared by a catalog's collections: every document change gets a sequence number,
 * and while transactions are open the version each change replaced is kept, so transactions read
 * the snapshot they started from.
 */
export interface Clock {
  seq: number;
  tracking(): boolean;
}

export interface Version {
  seq: number;
  before: Doc | undefined;
}

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly sizes = new Map<string, number>();
  readonly indexes: SecondaryIndex[] = [];
  /** ordered _id index, used for _id range queries (the hash map answers equality) */
  private readonly idOrder = new SecondaryIndex(ID_INDEX);
  liveBytes = 0;
  /** replaced versions kept for open transactions' snapshots (id -> changes in seq order) */
  readonly history = new Map<string, Version[]>();

  constructor(
    readonly db: string,
    readonly name: string,
    public options: Doc,
    readonly uuid: UUID,
    private readonly clock: Clock = { seq: 0, tracking: () => false },
  ) {}

  /**
   * When set (by explain), the names of the indexes the next lookups use are appended here
   * ('_id_' for the _id index); nothing is appended for a collection scan.
   */
  planTrace: string[] | null = null;

  private record(id: string, before: Doc | undefined): void {
    const seq = ++this.clock.seq;
    if (!this.clock.tracking()) return;
    let h = this.history.get(id);
    if (!h) this.history.set(id, (h = []));
    h.push({ seq, before });
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  get specs(): IndexSpec[] {
    return [ID_INDEX, ...this.indexes.map((i) => i.spec)];
  }

  index(name: string): SecondaryIndex | undefined {
    return this.indexes.find((i) => i.name === name);
  }

  textIndex(): SecondaryIndex | undefined {
    return this.indexes.find((i) => i.text);
  }

  /** Unique constraint checks for a new version of a document (including _id). */
  checkInsert(doc: Doc, ignore?: (id: string) => boolean): void {
    const id = keyOf(doc._id);
    if (this.docs.has(id) && !(ignore && ignore(id))) {
      throw mongoError(
        ErrorCodes.DuplicateKey,
        `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${fmt(doc._id)} }`,
        {
          keyPattern: { _id: 1 },
          keyValue: { _id: doc._id },
        },
      );
    }
    for (const ix of this.indexes) ix.checkUnique(doc, id, this.ns, ignore);
    // validate multikey constraints even for non-unique indexes
    for (const ix of this.indexes) if (!ix.unique) ix.keysFor(doc);
  }

  checkReplace(newDoc: Doc, ignore?: (id: string) => boolean): void {
    const id = keyOf(newDoc._id);
    for (const ix of this.indexes) {
      ix.checkUnique(newDoc, id, this.ns, ignore);
      if (!ix.unique) ix.keysFor(newDoc);
    }
  }

  noteSize(id: string, size: number): void {
    if (!this.docs.has(id)) return;
    this.liveBytes += size - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, size);
  }

  applyInsert(doc: Doc, size: number): void {
    const id = keyOf(doc._id);
    const old = this.docs.get(id);
    if (old) {
      this.applyReplace(old, doc, size);
      return;
    }
    this.record(id, undefined);
    this.docs.set(id, doc);
    this.sizes.set(id, size);
    this.liveBytes += size;
    this.idOrder.add(doc, id);
    for (const ix of this.indexes) ix.add(doc, id);
  }

  applyReplace(oldDoc: Doc, doc: Doc, size: number): void {
    const id = keyOf(doc._id);
    this.record(id, oldDoc);
    for (const ix of this.indexes) ix.remove(oldDoc, id);
    this.docs.set(id, doc);
    this.liveBytes += size - (this.sizes.get(id) ?? 0);
    this.sizes.set(id, size);
    for (const ix of this.indexes) ix.add(doc, id);
  }

  applyDelete(doc: Doc): void {
    const id = keyOf(doc._id);
    if (!this.docs.has(id)) return;
    const cur = this.docs.get(id)!;
    this.record(id, cur);
    for (const ix of this.indexes) ix.remove(cur, id);
    this.idOrder.remove(cur, id);
    this.docs.delete(id);
    this.liveBytes -= this.sizes.get(id) ?? 0;
    this.sizes.delete(id);
  }

  addIndex(spec: IndexSpec, validate: boolean): SecondaryIndex {
    const ix = new SecondaryIndex(spec);
    for (const [id, d] of this.docs) {
      if (validate) ix.checkUnique(d, id, this.ns);
      ix.add(d, id);
    }
    this.indexes.push(ix);
    return ix;
  }

  dropIndex(name: string): void {
    const i = this.indexes.findIndex((x) => x.name === name);
    if (i >= 0) this.indexes.splice(i, 1);
  }

  /**
   * Candidate documents for a filter: an _id or secondary index lookup when the filter has a
   * usable equality/range condition, otherwise a collection scan. Callers still apply the filter.
   */
  candidates(filter: Doc | undefined, hint?: string): Iterable<Doc> {
    if (filter && isPlainObject(filter)) {
      const ids = this.plan(filter, hint);
      if (ids) {
        const out: Doc[] = [];
        for (const id of ids) {
          const d = this.docs.get(id);
          if (d) out.push(d);
        }
        return out;
      }
    }
    return this.docs.values();
  }

  /**
   * Documents in the order `sort` asks for, read from an index, or null when no index gives that
   * order or the filter can use an index itself (then sorting its few matches is cheaper). An
   * index serves a sort on a prefix of its fields when all sort directions are the same (entries
   * are kept ascending on every field, so all -1 walks it backwards); it must hold every document
   * exactly once (not sparse, partial or multikey).
   */
  orderedBy(filter: Doc | undefined, sort: [string, 1 | -1 | 'textScore'][], hint?: string): Iterable<Doc> | null {
    if (!sort.length || sort.some(([, d]) => d === 'textScore')) return null;
    const dir = sort[0][1];
    if (sort.some(([, d]) => d !== dir)) return null;
    if (filter && isPlainObject(filter) && Object.keys(filter).length && this.plan(filter, hint) !== null) return null;
    const usable = [this.idOrder, ...this.indexes].filter((ix) => {
      if (hint && ix.name !== hint) return false;
      if (!ix.general || ix.multikey) return false;
      const fields = Object.keys(ix.spec.key);
      return sort.length <= fields.length && sort.every(([f], i) => fields[i] === f);
    });
    const ix = usable[0];
    if (!ix) return null;
    this.planTrace?.push(ix.name);
    const docs = this.docs;
    return (function* () {
      for (const id of ix.orderedIds(dir === -1)) {
        const d = docs.get(id);
        if (d) yield d;
      }
    })();
  }

  /** Returns record ids from an index, or null when a scan is needed. */
  plan(filter: Doc, hint?: string): Iterable<string> | null {
    if (isPlainObject(filter.$text)) {
      const ix = this.textIndex();
      if (!ix) return null;
      const ids = new Set<string>();
      for (const t of queryTerms(ix.spec, filter.$text)) for (const id of ix.postings.get(t) ?? []) ids.add(id);
      this.planTrace?.push(ix.name);
      return ids;
    }
    const conds: [string, unknown][] = [];
    for (const k of Object.keys(filter)) {
      if (k === '$and' && Array.isArray(filter.$and)) {
        for (const sub of filter.$and)
          if (isPlainObject(sub)) for (const sk of Object.keys(sub)) if (!sk.startsWith('$')) conds.push([sk, sub[sk]]);
      } else if (!k.startsWith('$')) conds.push([k, filter[k]]);
    }
    if (!conds.length) return filter.$or !== undefined ? this.planOr(filter.$or, hint) : null;
    const idCond = conds.find(([k]) => k === '_id');
    if (idCond && (!hint || hint === '_id_')) {
      const eq = equalityValues(idCond[1]);
      if (eq) {
        this.planTrace?.push('_id_');
        return eq.map(keyOf);
      }
      const r = rangeBounds(idCond[1]);
      if (r && (r.lower || r.upper)) {
        const ids = new Set<string>();
        this.idOrder.range(r.lower, r.upper, ids);
        this.planTrace?.push('_id_');
        return ids;
      }
    }
    // choose the index with the longest equality prefix (then a range on the next field)
    let best: {
      ix: SecondaryIndex;
      prefix: unknown[];
      inFirst: unknown[] | null;
      range: ReturnType<typeof rangeBounds>;
      score: number;
    } | null = null;
    for (const ix of this.indexes) {
      if (hint ? ix.name !== hint : !ix.general) continue;
      if (ix.text || ix.unindexed) continue;
      const prefix: unknown[] = [];
      let inFirst: unknown[] | null = null;
      for (const f of ix.fields) {
        const cond = conds.find(([k]) => k === f);
        const eq = cond ? equalityValues(cond[1]) : null;
        if (!eq) break;
        if (eq.length !== 1 || eq[0] === null) {
          if (prefix.length === 0) inFirst = eq;
          break;
        }
        prefix.push(eq[0]);
      }
      let range: ReturnType<typeof rangeBounds> = null;
      if (!inFirst && prefix.length < ix.fields.length) {
        const cond = conds.find(([k]) => k === ix.fields[prefix.length]);
        if (cond) range = rangeBounds(cond[1]);
      }
      if (!prefix.length && !inFirst && !range) continue;
      const score = prefix.length * 2 + (inFirst ? 2 : 0) + (range ? 1 : 0);
      if (!best || score > best.score) best = { ix, prefix, inFirst, range, score };
    }
    if (!best) return filter.$or !== undefined ? this.planOr(filter.$or, hint) : null;
    const { ix, prefix, inFirst, range } = best;
    this.planTrace?.push(ix.name);
    const ids = new Set<string>();
    if (inFirst) {
      for (const v of inFirst) ix.range({ value: v, inclusive: true }, { value: v, inclusive: true }, ids);
      // missing fields / empty arrays are indexed as null/undefined
      if (inFirst.some((v) => v === null)) ix.range({ value: undefined, inclusive: true }, { value: undefined, inclusive: true }, ids);
      return ids;
    }
    let lower = range?.lower ?? null;
    let upper = range?.upper ?? null;
    // on a multikey index, different array elements may satisfy each bound: use one bound only
    if (ix.multikey && lower && upper) upper = null;
    if (!prefix.length) {
      ix.range(lower, upper, ids);
      return ids;
    }
    if (!lower && !upper) lower = upper = null;
    ix.scanCompound(prefix, lower, upper, ids);
    return ids;
  }

  /** $or: the union of every branch's index lookup, or null if any branch needs a scan. */
  private planOr(branches: unknown, hint?: string): Iterable<string> | null {
    if (!Array.isArray(branches) || !branches.length) return null;
    const ids = new Set<string>();
    for (const b of branches) {
      if (!isPlainObject(b)) return null;
      const r = this.plan(b, hint);
      if (!r) return null;
      for (const id of r) ids.add(id);
    }
    return ids;
  }
}

const fmt = formatValue;

/** Values for an equality / $in condition, or null if the condition is anything else. */
function equalityValues(cond: unknown): unknown[] | null {
  const scalar = (v: unknown) =>
    !Array.isArray(v) &&
    !(v instanceof RegExp) &&
    !(isPlainObject(v) && isOperatorObject(v)) &&
    (v as { _bsontype?: string })?._bsontype !== 'BSONRegExp';
  if (isOperatorObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length === 1 && keys[0] === '$eq' && scalar(cond.$eq)) return [cond.$eq];
    if (keys.length === 1 && keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(scalar)) return cond.$in;
    return null;
  }
  return scalar(cond) ? [cond] : null;
}

function rangeBounds(cond: unknown): { lower: Bound | null; upper: Bound | null } | null {
  if (!isOperatorObject(cond)) return null;
  let lower: Bound | null = null;
  let upper: Bound | null = null;
  for (const k of Object.keys(cond)) {
    const v = cond[k];
    const ok = isNumeric(v) || typeof v === 'string' || v instanceof Date || typeOrder(v) === 8;
    if (!ok) return null;
    if (k === '$gt' || k === '$gte') lower = { value: v, inclusive: k === '$gte' };
    else if (k === '$lt' || k === '$lte') upper = { value: v, inclusive: k === '$lte' };
    else return null;
  }
  if (lower && upper && typeOrder(lower.value) !== typeOrder(upper.value)) return null;
  if (lower && isNumeric(lower.value) && Number.isNaN(Number(lower.value))) return null;
  return { lower, upper };
}

export class Catalog {
  readonly dbs = new Map<string, Map<string, Collection>>();
  readonly clock: Clock = { seq: 0, tracking: () => false };

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  create(db: string, name: string, options: Doc, uuid: UUID): Collection {
    let m = this.dbs.get(db);
    if (!m) this.dbs.set(db, (m = new Map()));
    const existing = m.get(name);
    if (existing) return existing;
    const c = new Collection(db, name, options, uuid, this.clock);
    m.set(name, c);
    return c;
  }

  drop(db: string, name: string): boolean {
    const m = this.dbs.get(db);
    if (!m) return false;
    const had = m.delete(name);
    if (!m.size) this.dbs.delete(db);
    return had;
  }

  dropDatabase(db: string): void {
    this.dbs.delete(db);
  }

  *collections(): Generator<Collection> {
    for (const m of this.dbs.values()) yield* m.values();
  }

  get liveBytes(): number {
    let n = 0;
    for (const c of this.collections()) n += c.liveBytes;
    return n;
  }
}
