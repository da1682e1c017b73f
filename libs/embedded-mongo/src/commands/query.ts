/** Shared read path: candidate selection (index or scan), filtering, text search, sort, skip, limit. */
import { BSON, Long } from 'bson';
import { badValue, mongoError, ErrorCodes } from '../errors';
import { Doc, isPlainObject, isNumeric, toNumber, compareValues, collationActive, withCollation } from '../bson/values';
import { compileFilter, evalExpression, valuesAtPath } from '../query/matcher';
import { findNear } from '../query/geo';
import { parseSort, sortDocs, topK } from '../query/sort';
import { findTextSpec, TextSearch } from '../text/text';
import type { CollectionView } from '../storage/engine';
import type { CommandContext } from './context';

export interface QueryOptions {
  filter?: Doc;
  sort?: unknown;
  skip?: number;
  limit?: number;
  hint?: unknown;
  variables?: Doc;
  /** the command's collation (else the collection's default) */
  collation?: unknown;
}

export interface QueryResult {
  docs: Doc[];
  text?: TextSearch;
}

export function resolveHint(view: CollectionView, hint: unknown): string | undefined {
  if (hint === undefined || hint === null) return undefined;
  const coll = view.base();
  if (typeof hint === 'string') {
    if (!coll && hint)
      throw badValue(
        'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index',
      );
    if (hint === '_id_' || coll?.index(hint)) return hint;
    throw badValue('error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
  }
  if (isPlainObject(hint)) {
    const keys = Object.keys(hint);
    if (!keys.length) return undefined;
    if (keys[0] === '$natural') return undefined;
    if (keys.length === 1 && keys[0] === '_id') return '_id_';
    const spec = coll?.specs.find((s) => compareValues(s.key, hint) === 0);
    if (spec) return spec.name;
    throw badValue('error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
  }
  throw badValue('hint must be a string or an object');
}

export function runQuery(view: CollectionView, q: QueryOptions): QueryResult {
  const collation = q.collation ?? view.base()?.options.collation;
  return withCollation(collation, () => runCollated(view, q));
}

function runCollated(view: CollectionView, q: QueryOptions): QueryResult {
  // index entries are in binary string order: under a collation, scan instead
  const collated = collationActive();
  const filter = q.filter ?? {};
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const hint = resolveHint(view, q.hint);
  let text: TextSearch | undefined;
  const textSpec = findTextSpec(filter);
  if (textSpec) {
    const ix = view.base()?.textIndex();
    if (!ix) throw mongoError(ErrorCodes.IndexNotFound, 'text index required for $text query');
    text = new TextSearch(ix.spec, textSpec);
  }
  const t = text;
  const matcher = compileFilter(filter, { text: t ? (d) => t.test(d) : undefined, variables: q.variables });
  let docs: Doc[] = [];
  const sortSpec = parseSort(q.sort);
  const skip = q.skip ?? 0;
  const limit = q.limit ?? 0;
  // a sort with a limit walks an index in sort order when one fits, stopping after skip + limit matches
  let walk = sortSpec && limit > 0 && !t && !collated && view.ordered ? view.ordered(filter, sortSpec, hint) : null;
  // with a hinted index and no sort, documents come in that index's order, as on the server
  const hinted = !sortSpec && !t && hint && hint !== '_id_' ? view.base()?.index(hint)?.spec.key : undefined;
  if (hinted && view.ordered && !collated) {
    const order = Object.entries(hinted).map(([f, d]) => [f, isNumeric(d) && toNumber(d) < 0 ? -1 : 1] as [string, 1 | -1]);
    walk = view.ordered(filter, order, hint);
  }
  const near = findNear(filter);
  const early = (!sortSpec || walk) && limit > 0 && !near ? skip + limit : Infinity;
  let examined = 0;
  for (const d of walk ?? view.candidates(collated ? undefined : filter, hint === '_id_' ? undefined : hint)) {
    examined++;
    if (matcher(d)) {
      docs.push(d);
      if (docs.length >= early) break;
    }
  }
  view.engine.docsExamined += examined;
  if (near && !sortSpec) {
    // $near and $nearSphere return the nearest documents first
    const dist = (d: Doc) =>
      Math.min(
        ...valuesAtPath(d, near.path)
          .flatMap((v) => [v, ...(Array.isArray(v) ? v : [])])
          .map((v) => near.near.distance(v) ?? Infinity),
      );
    const keyed = docs.map((d) => ({ d, k: dist(d) }));
    keyed.sort((a, b) => a.k - b.k);
    docs = keyed.map((x) => x.d);
  }
  if (sortSpec && !walk) {
    const scoreOf = t ? (d: Doc) => t.score(d) : undefined;
    docs = limit > 0 ? topK(docs, sortSpec, skip + limit, scoreOf) : sortDocs(docs, sortSpec, scoreOf);
  }
  if (skip) docs = docs.slice(skip);
  if (limit > 0) docs = docs.slice(0, limit);
  return { docs, text };
}

const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 16 * 1024;

/** Takes up to n docs (or until the reply would exceed 16MB) starting at pos. */
export function takeBatch(docs: Doc[], pos: number, n: number, transform?: (d: Doc) => Doc): Doc[] {
  const end = Math.min(docs.length, pos + (n > 0 ? n : docs.length));
  let bytes = 0;
  const out: Doc[] = [];
  for (let i = pos; i < end; i++) {
    const d = transform ? transform(docs[i]) : docs[i];
    bytes += BSON.calculateObjectSize(d, { ignoreUndefined: true, checkKeys: false } as never) + 8;
    if (out.length && bytes > MAX_BATCH_BYTES) break;
    out.push(d);
  }
  return out;
}

/** Builds a cursor reply: first batch and, when more remain, a live cursor. */
export function cursorReply(
  ctx: CommandContext,
  ns: string,
  docs: Doc[],
  batchSize: number | undefined,
  singleBatch = false,
  transform?: (d: Doc) => Doc,
): Doc {
  const first = batchSize === 0 ? [] : takeBatch(docs, 0, batchSize ?? 101, transform);
  let id = Long.fromNumber(0);
  if (!singleBatch && first.length < docs.length) id = ctx.cursors.create(ns, docs, first.length, ctx.sessionKey, transform);
  return { cursor: { firstBatch: first, id, ns } };
}

export function parseBatchSize(body: Doc, field = 'batchSize'): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!isNumeric(v) || toNumber(v) < 0) throw badValue(`BSON field '${field}' value must be >= 0, actual value '${String(v)}'`);
  return toNumber(v);
}

/** Evaluates a command's `let` document: each value is an aggregation expression. */
export function parseLet(v: unknown): Doc | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw mongoError(ErrorCodes.TypeMismatch, "BSON field 'let' is the wrong type, expected type 'object'");
  const out: Doc = {};
  for (const [k, e] of Object.entries(v)) out[k] = evalExpression(e, {});
  return out;
}
