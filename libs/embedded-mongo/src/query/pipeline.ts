/**
 * Aggregation pipeline. Stages whose semantics depend on BSON comparison or on other
 * collections ($match, $sort, $lookup, $unwind, $facet, ...) are implemented here; expression-heavy
 * stages ($project, $addFields, $group, ...) are delegated to mingo on a plain view of the documents.
 */
import { Aggregator } from 'mingo';
import { mongoError, badValue, ErrorCodes } from '../errors';
import { Decimal128 } from 'bson';
import {
  arith,
  compareValues,
  deepClone,
  Doc,
  isNumeric,
  isPlainObject,
  keyOf,
  numKind,
  plainify,
  toNumber,
  typeOrder,
  valuesEqual,
} from '../bson/values';
import { compileFilter, evalExpression, valuesAtPath, getPath } from './matcher';
import { parseSort, sortDocs, topK } from './sort';

export const SCORE_FIELD = '__embedded_text_score__';

export interface PipelineEnv {
  /** documents of a collection in the current database */
  resolve(coll: string, db?: string): Doc[];
  variables?: Doc;
  /** writes the result of $out */
  out?(target: string | Doc, docs: Doc[]): void;
  /** writes the result of $merge */
  merge?(spec: Doc, docs: Doc[]): void;
}

const MINGO_STAGES = new Set([
  '$project',
  '$addFields',
  '$set',
  '$group',
  '$replaceRoot',
  '$replaceWith',
  '$bucket',
  '$bucketAuto',
  '$sample',
  '$redact',
  '$setWindowFields',
  '$densify',
  '$fill',
]);

const UNSUPPORTED = new Set([
  '$geoNear',
  '$search',
  '$searchMeta',
  '$vectorSearch',
  '$changeStream',
  '$collStats',
  '$indexStats',
  '$currentOp',
  '$listSessions',
  '$listLocalSessions',
  '$planCacheStats',
  '$graphLookup',
]);

export function runPipeline(input: Doc[], pipeline: Doc[], env: PipelineEnv): Doc[] {
  if (!Array.isArray(pipeline)) throw mongoError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array");
  let docs = input;
  for (let i = 0; i < pipeline.length; i++) {
    const stage = pipeline[i];
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      throw mongoError(40323, 'A pipeline stage specification object must contain exactly one field.');
    }
    const name = Object.keys(stage)[0];
    // a $sort names {$meta: 'textScore'} itself (parseSort maps it to the hidden score field)
    const arg = name === '$sort' ? stage[name] : rewriteMeta(stage[name]);
    const next = pipeline[i + 1];
    if (name === '$sort' && isPlainObject(next) && isNumeric(next.$limit) && toNumber(next.$limit) > 0) {
      // $sort + $limit: keep only the top k instead of sorting everything
      const spec = parseSort(arg);
      if (spec) {
        const fixed = spec.map(([p, d]) => (d === 'textScore' ? ([SCORE_FIELD, -1] as [string, -1]) : ([p, d] as [string, 1 | -1])));
        docs = topK(docs, fixed, toNumber(next.$limit));
        i++;
        continue;
      }
    }
    docs = runStage(docs, name, arg, env, i, pipeline.length);
  }
  return docs;
}

/** Replaces {$meta:'textScore'} with a reference to the hidden score field. */
function rewriteMeta(v: unknown): any {
  if (Array.isArray(v)) return v.map(rewriteMeta);
  if (!isPlainObject(v)) return v;
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0] === '$meta') {
    if (v.$meta === 'textScore') return '$' + SCORE_FIELD;
    return v;
  }
  const out: Doc = {};
  for (const k of keys) out[k] = rewriteMeta(v[k]);
  return out;
}

function mingoStage(docs: Doc[], stage: Doc, env: PipelineEnv): Doc[] {
  const agg = new Aggregator([stage], {
    variables: env.variables ? plainify(env.variables) : undefined,
    collectionResolver: (name: string) => env.resolve(name).map(plainify),
  });
  try {
    return agg.run(docs.map(plainify)) as Doc[];
  } catch (e) {
    if (e instanceof Error && !(e as { code?: number }).code) throw mongoError(ErrorCodes.BadValue, e.message.replace(/^MingoError: /, ''));
    throw e;
  }
}

function runStage(docs: Doc[], name: string, arg: any, env: PipelineEnv, index: number, length: number): Doc[] {
  if (UNSUPPORTED.has(name)) {
    if (name === '$changeStream') throw mongoError(40573, 'change streams are not supported by the embedded engine');
    throw mongoError(40324, `${name} is not supported by the embedded engine`);
  }
  if (name === '$group') {
    const fast = constantCountGroup(docs, arg) ?? nativeGroup(docs, arg);
    if (fast) return fast;
  }
  if (MINGO_STAGES.has(name)) {
    const out = mingoStage(docs, { [name]: arg }, env);
    return name === '$project' && out.length === docs.length ? out.map((d, i) => reorderProjected(docs[i], d, arg)) : out;
  }
  switch (name) {
    case '$match': {
      if (!isPlainObject(arg)) throw mongoError(15959, 'the match filter must be an expression in an object');
      if ('$text' in arg && index > 0) throw mongoError(17313, '$match with $text is only allowed as the first pipeline stage');
      const m = compileFilter(stripText(arg), { variables: env.variables });
      return docs.filter(m);
    }
    case '$sort': {
      const spec = parseSort(arg);
      if (!spec) throw mongoError(15976, '$sort stage must have at least one sort key');
      const fixed = spec.map(([p, d]) => (d === 'textScore' ? ([SCORE_FIELD, -1] as [string, -1]) : ([p, d] as [string, 1 | -1])));
      return sortDocs(docs, fixed);
    }
    case '$skip': {
      const n = toNumber(arg);
      if (!isNumeric(arg) || n < 0) throw mongoError(15956, 'invalid argument to $skip stage: Expected a non-negative number');
      return docs.slice(n);
    }
    case '$limit': {
      const n = toNumber(arg);
      if (!isNumeric(arg) || n <= 0) throw mongoError(15958, 'the limit must be positive');
      return docs.slice(0, n);
    }
    case '$count': {
      if (typeof arg !== 'string' || !arg || arg.startsWith('$') || arg.includes('.'))
        throw mongoError(40156, 'the count field must be a non-empty string');
      return docs.length ? [{ [arg]: docs.length }] : [];
    }
    case '$sortByCount': {
      const grouped = mingoStage(docs, { $group: { _id: arg, count: { $sum: 1 } } }, env);
      return sortDocs(grouped, [['count', -1]]);
    }
    case '$unset': {
      const fields = typeof arg === 'string' ? [arg] : arg;
      if (!Array.isArray(fields)) throw mongoError(31002, '$unset specification must be a string or an array');
      return docs.map((d) => {
        const c = deepClone(d);
        for (const f of fields) unsetPath(c, String(f).split('.'));
        return c;
      });
    }
    case '$unwind':
      return unwind(docs, arg);
    case '$lookup':
      return lookup(docs, arg, env);
    case '$facet': {
      if (!isPlainObject(arg)) throw mongoError(15947, 'a facet must be an object');
      const out: Doc = {};
      for (const k of Object.keys(arg)) out[k] = runPipeline(docs, arg[k], env);
      return [out];
    }
    case '$unionWith': {
      const spec = typeof arg === 'string' ? { coll: arg } : arg;
      let other = env.resolve(spec.coll);
      if (spec.pipeline) other = runPipeline(other, spec.pipeline, env);
      return [...docs, ...other];
    }
    case '$documents': {
      const v = evalExpression(arg, {}, env.variables);
      if (!Array.isArray(v)) throw badValue('$documents must evaluate to an array');
      return v as Doc[];
    }
    case '$merge': {
      if (index !== length - 1) throw mongoError(40601, '$merge can only be the final stage in the pipeline');
      if (!env.merge) throw badValue('$merge is not allowed here');
      const spec = typeof arg === 'string' ? { into: arg } : arg;
      if (!isPlainObject(spec) || spec.into === undefined) throw mongoError(ErrorCodes.FailedToParse, "$merge requires an 'into' field");
      env.merge(spec, docs);
      return [];
    }
    case '$out': {
      if (index !== length - 1) throw mongoError(40601, '$out can only be the final stage in the pipeline');
      if (!env.out) throw badValue('$out is not allowed here');
      env.out(arg, docs);
      return [];
    }
    default:
      throw mongoError(40324, `Unrecognized pipeline stage name: '${name}'`);
  }
}

/**
 * MongoDB's $project output order: _id, then included fields in the input document's order,
 * then computed fields in the order of the specification (mingo orders them differently).
 */
function reorderProjected(input: Doc, out: Doc, spec: unknown): Doc {
  if (!isPlainObject(out) || !isPlainObject(input)) return out;
  const res: Doc = {};
  if ('_id' in out) res._id = out._id;
  for (const k of Object.keys(input)) if (k in out && !(k in res)) res[k] = out[k];
  if (isPlainObject(spec)) for (const k of Object.keys(spec)) if (k in out && !(k in res)) res[k] = out[k];
  for (const k of Object.keys(out)) if (!(k in res)) res[k] = out[k];
  return res;
}

type Getter = (d: Doc) => unknown;

/** Aggregation field path semantics: a path through an array yields the array of the values. */
function aggPath(v: unknown, parts: string[], i: number): unknown {
  if (i === parts.length) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      if (!isPlainObject(e) && !Array.isArray(e)) continue;
      const r = aggPath(e, parts, i);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  if (!isPlainObject(v)) return undefined;
  return aggPath(v[parts[i]], parts, i + 1);
}

/** A getter for '$field.path' or a constant; null for anything that needs the expression engine. */
function simpleOperand(e: unknown): Getter | null {
  if (typeof e === 'string') {
    if (e.startsWith('$$')) return null;
    if (e.startsWith('$')) {
      const parts = e.slice(1).split('.');
      return (d) => aggPath(d, parts, 0);
    }
    return () => e;
  }
  if (e === null || typeof e === 'number' || typeof e === 'boolean') return () => e;
  if (isNumeric(e)) return () => e;
  return null;
}

/**
 * $group with field-path keys and the common accumulators, evaluated with BSON semantics
 * (int/long/double/decimal sums keep MongoDB's result types, $min/$max use BSON order).
 * Returns null when the stage needs the general expression engine.
 */
function nativeGroup(docs: Doc[], spec: unknown): Doc[] | null {
  if (!isPlainObject(spec) || !('_id' in spec)) return null;
  const idSpec = spec._id;
  let idOf: Getter;
  if (isPlainObject(idSpec) && !Object.keys(idSpec).some((k) => k.startsWith('$'))) {
    const parts: [string, Getter][] = [];
    for (const [k, e] of Object.entries(idSpec)) {
      const g = simpleOperand(e);
      if (!g) return null;
      parts.push([k, g]);
    }
    idOf = (d) => {
      const o: Doc = {};
      for (const [k, g] of parts) {
        const v = g(d);
        if (v !== undefined) o[k] = v;
      }
      return o;
    };
  } else {
    const g = simpleOperand(idSpec);
    if (!g) return null;
    idOf = (d) => g(d) ?? null;
  }
  type Acc = { op: string; get: Getter };
  const accs: [string, Acc][] = [];
  for (const [k, a] of Object.entries(spec)) {
    if (k === '_id') continue;
    if (!isPlainObject(a) || Object.keys(a).length !== 1) return null;
    const op = Object.keys(a)[0];
    if (!['$sum', '$avg', '$min', '$max', '$first', '$last', '$push', '$addToSet', '$count'].includes(op)) return null;
    if (op === '$count') {
      accs.push([k, { op: '$sum', get: () => 1 }]);
      continue;
    }
    const g = simpleOperand(a[op]);
    if (!g) return null;
    accs.push([k, { op, get: g }]);
  }
  const groups = new Map<string, { id: unknown; state: unknown[]; n: number[] }>();
  for (const d of docs) {
    const id = idOf(d);
    const key = keyOf(id);
    let g = groups.get(key);
    if (!g) {
      g = {
        id,
        state: accs.map(([, a]) => (a.op === '$push' || a.op === '$addToSet' ? [] : a.op === '$sum' || a.op === '$avg' ? 0 : undefined)),
        n: accs.map(() => 0),
      };
      groups.set(key, g);
    }
    for (let i = 0; i < accs.length; i++) {
      const { op, get } = accs[i][1];
      const v = get(d);
      switch (op) {
        case '$sum':
        case '$avg':
          if (isNumeric(v)) {
            g.state[i] = arith('+', g.state[i], v);
            g.n[i]++;
          }
          break;
        case '$min':
        case '$max':
          if (v === undefined || v === null) break;
          if (g.state[i] === undefined || (op === '$min' ? compareValues(v, g.state[i]) < 0 : compareValues(v, g.state[i]) > 0))
            g.state[i] = v;
          break;
        case '$first':
          if (g.n[i]++ === 0) g.state[i] = v === undefined ? null : v;
          break;
        case '$last':
          g.state[i] = v === undefined ? null : v;
          break;
        case '$push':
          if (v !== undefined) (g.state[i] as unknown[]).push(v);
          break;
        case '$addToSet': {
          if (v === undefined) break;
          const arr = g.state[i] as unknown[];
          if (!arr.some((x) => valuesEqual(x, v) && typeOrder(x) === typeOrder(v))) arr.push(v);
          break;
        }
        default:
          break;
      }
    }
  }
  const out: Doc[] = [];
  for (const g of groups.values()) {
    const o: Doc = { _id: g.id };
    accs.forEach(([k, { op }], i) => {
      let v = g.state[i];
      if (op === '$avg')
        v = g.n[i] ? (numKind(v) === 'decimal' ? Decimal128.fromString(String(toNumber(v) / g.n[i])) : toNumber(v) / g.n[i]) : null;
      else if ((op === '$min' || op === '$max') && v === undefined) v = null;
      o[k] = v;
    });
    out.push(o);
  }
  return out;
}

/** {$group: {_id: <constant>, n: {$sum: <number>}}} (what countDocuments sends) without copying documents. */
function constantCountGroup(docs: Doc[], spec: unknown): Doc[] | null {
  if (!isPlainObject(spec)) return null;
  const id = spec._id;
  const constant = id === null || typeof id === 'number' || (typeof id === 'string' && !id.startsWith('$')) || typeof id === 'boolean';
  if (!constant) return null;
  const out: Doc = { _id: id };
  for (const k of Object.keys(spec)) {
    if (k === '_id') continue;
    const acc = spec[k];
    if (!isPlainObject(acc) || Object.keys(acc).length !== 1 || !isNumeric(acc.$sum)) return null;
    out[k] = toNumber(acc.$sum) * docs.length;
  }
  return docs.length ? [out] : [];
}

function stripText(filter: Doc): Doc {
  if (!('$text' in filter)) return filter;
  const { $text: _t, ...rest } = filter;
  void _t;
  return { ...rest, [SCORE_FIELD]: { $exists: true } };
}

function unsetPath(d: any, parts: string[]): void {
  if (Array.isArray(d)) {
    for (const e of d) unsetPath(e, parts);
    return;
  }
  if (!isPlainObject(d)) return;
  if (parts.length === 1) delete d[parts[0]];
  else unsetPath(d[parts[0]], parts.slice(1));
}

function unwind(docs: Doc[], arg: unknown): Doc[] {
  const spec: Doc = typeof arg === 'string' ? { path: arg } : (arg as Doc);
  if (!isPlainObject(spec) || typeof spec.path !== 'string' || !spec.path.startsWith('$')) {
    throw mongoError(28650, "path option to $unwind stage should be prefixed with a '$'");
  }
  const path = spec.path.slice(1);
  const preserve = !!spec.preserveNullAndEmptyArrays;
  const idxField = spec.includeArrayIndex as string | undefined;
  const out: Doc[] = [];
  for (const d of docs) {
    const v = getPath(d, path);
    if (Array.isArray(v)) {
      if (!v.length) {
        if (preserve) {
          const c = { ...d };
          removeTop(c, path);
          if (idxField) c[idxField] = null;
          out.push(c);
        }
        continue;
      }
      v.forEach((e, i) => {
        const c = setTop(d, path, e);
        if (idxField) c[idxField] = i;
        out.push(c);
      });
    } else if (v === undefined || v === null) {
      if (preserve) {
        const c = { ...d };
        if (idxField) c[idxField] = null;
        out.push(c);
      }
    } else {
      const c = { ...d };
      if (idxField) c[idxField] = null;
      out.push(c);
    }
  }
  return out;
}

function setTop(d: Doc, path: string, value: unknown): Doc {
  const parts = path.split('.');
  const root = { ...d };
  let cur: Doc = root;
  for (let i = 0; i < parts.length - 1; i++) {
    cur[parts[i]] = { ...cur[parts[i]] };
    cur = cur[parts[i]];
  }
  cur[parts[parts.length - 1]] = value;
  return root;
}

function removeTop(d: Doc, path: string): void {
  const parts = path.split('.');
  let cur: any = d;
  for (let i = 0; i < parts.length - 1; i++) {
    cur[parts[i]] = { ...cur[parts[i]] };
    cur = cur[parts[i]];
  }
  delete cur[parts[parts.length - 1]];
}

function lookup(docs: Doc[], spec: Doc, env: PipelineEnv): Doc[] {
  if (!isPlainObject(spec) || typeof spec.as !== 'string') throw mongoError(40321, '$lookup requires an "as" field');
  const from = typeof spec.from === 'string' ? spec.from : isPlainObject(spec.from) ? spec.from.coll : undefined;
  const foreign = from !== undefined ? env.resolve(from, isPlainObject(spec.from) ? spec.from.db : undefined) : [];
  const hasFields = spec.localField !== undefined || spec.foreignField !== undefined;
  let index: Map<string, Doc[]> | null = null;
  if (hasFields) {
    if (typeof spec.localField !== 'string' || typeof spec.foreignField !== 'string') {
      throw mongoError(ErrorCodes.FailedToParse, '$lookup requires both localField and foreignField');
    }
    index = new Map();
    for (const f of foreign) {
      const keys = new Set<string>();
      const vals = valuesAtPath(f, spec.foreignField);
      for (const v of vals) {
        if (Array.isArray(v)) {
          keys.add(keyOf(v));
          for (const e of v) keys.add(keyOf(e));
        } else keys.add(keyOf(v === undefined ? null : v));
      }
      for (const k of keys) {
        let list = index.get(k);
        if (!list) index.set(k, (list = []));
        list.push(f);
      }
    }
  }
  return docs.map((d) => {
    let matches: Doc[] = foreign;
    if (index) {
      const keys = new Set<string>();
      for (const v of valuesAtPath(d, spec.localField)) {
        if (Array.isArray(v)) {
          if (!v.length) keys.add(keyOf(null));
          for (const e of v) keys.add(keyOf(e));
        } else keys.add(keyOf(v === undefined ? null : v));
      }
      const seen = new Set<Doc>();
      matches = [];
      for (const k of keys) {
        for (const f of index.get(k) ?? []) {
          if (seen.has(f)) continue;
          seen.add(f);
          matches.push(f);
        }
      }
    }
    if (spec.pipeline) {
      const vars: Doc = { ...(env.variables ?? {}) };
      if (isPlainObject(spec.let)) for (const [k, e] of Object.entries(spec.let)) vars[k] = evalExpression(e, d, env.variables);
      matches = runPipeline(matches, spec.pipeline, { ...env, variables: vars });
    }
    return setTop(d, spec.as, matches);
  });
}
