/**
 * Aggregation pipeline. Stages whose semantics depend on BSON comparison or on other
 * collections ($match, $sort, $lookup, $unwind, $facet, ...) are implemented here; expression-heavy
 * stages ($project, $addFields, $group, ...) are delegated to mingo on a plain view of the documents.
 */
import { Aggregator } from 'mingo';
import { mongoError, badValue, ErrorCodes } from '../errors';
import { deepClone, Doc, isNumeric, isPlainObject, keyOf, plainify, toNumber } from '../bson/values';
import { compileFilter, evalExpression, valuesAtPath, getPath } from './matcher';
import { parseSort, sortDocs } from './sort';

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
    const arg = rewriteMeta(stage[name]);
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
    const fast = constantCountGroup(docs, arg);
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
