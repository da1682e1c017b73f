/** Update operators ($set, $inc, $push ... with positional and array-filter paths) and upsert seeding. */
import { ObjectId, Timestamp, Long } from 'bson';
import { mongoError, badValue, ErrorCodes } from '../errors';
import {
  arith,
  compareValues,
  deepClone,
  Doc,
  field,
  formatValue,
  hasField,
  isNumeric,
  isPlainObject,
  makeNumber,
  numKind,
  setField,
  toNumber,
  valuesEqual,
} from '../bson/values';
import { compileFilter, isLogicalFilter, isOperatorObject, Matcher } from './matcher';
import { positionalIndex } from './projection';
import { makeComparator, parseSort } from './sort';
import { bsonTypeNumber } from './matcher';

export interface UpdateContext {
  arrayFilters?: Doc[];
  isInsert?: boolean;
  filter?: Doc;
  /** pipeline updates are delegated to the aggregation engine */
  runPipeline?: (doc: Doc, pipeline: Doc[]) => Doc;
}

const UPDATE_OPS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$rename',
  '$currentDate',
  '$setOnInsert',
  '$bit',
]);

export function isOperatorUpdate(u: unknown): boolean {
  if (!isPlainObject(u)) return false;
  const keys = Object.keys(u);
  return keys.length > 0 && keys[0].startsWith('$');
}

const TYPE_NAMES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  16: 'int',
  18: 'long',
  19: 'decimal',
  17: 'timestamp',
  11: 'regex',
};
export const typeName = (v: unknown) => TYPE_NAMES[bsonTypeNumber(v) ?? 10] ?? 'object';

/** Validates replacement documents (no $ operators, no _id change is checked by the caller). */
export function validateReplacement(doc: Doc): void {
  for (const k of Object.keys(doc)) {
    if (k.startsWith('$'))
      throw mongoError(
        ErrorCodes.DollarPrefixedFieldName,
        `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`,
      );
  }
}

/** Applies an update (operator document, replacement or pipeline) and returns the new document. */
export function applyUpdate(doc: Doc, update: Doc | Doc[], ctx: UpdateContext = {}): Doc {
  if (Array.isArray(update)) {
    if (!ctx.runPipeline) throw badValue('pipeline updates are not available here');
    let out = ctx.runPipeline(deepClone(doc), update);
    // the server keeps _id when a pipeline stage (e.g. $replaceRoot) drops it
    if (out._id === undefined && doc._id !== undefined) out = { _id: doc._id, ...out };
    checkId(doc, out);
    return withIdFirst(out);
  }
  if (!isOperatorUpdate(update)) {
    validateReplacement(update);
    const out: Doc = {};
    if (doc._id !== undefined) out._id = doc._id;
    for (const k of Object.keys(update)) if (k !== '_id' || doc._id === undefined) setField(out, k, deepClone(update[k]));
    if ('_id' in update && doc._id !== undefined && !valuesEqual(update._id, doc._id)) {
      throw mongoError(
        ErrorCodes.ImmutableField,
        `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(update._id)}`,
      );
    }
    return out;
  }
  const out = deepClone(doc);
  const paths: string[] = [];
  const ops = Object.keys(update);
  for (const op of ops) {
    if (!UPDATE_OPS.has(op)) {
      throw mongoError(
        ErrorCodes.FailedToParse,
        `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    const args = update[op];
    if (!isPlainObject(args)) {
      throw mongoError(
        ErrorCodes.FailedToParse,
        `Modifiers operate on fields but we found type ${typeName(args)} instead. For example: {$mod: {<field>: ...}} not {$set: ${formatValue(args)}}`,
      );
    }
    for (const p of Object.keys(args)) {
      if (p === '') throw mongoError(56, 'An empty update path is not valid.');
      paths.push(p);
      if (op === '$rename') paths.push(String(args[p]));
    }
  }
  checkConflicts(paths);
  const filters = compileArrayFilters(ctx.arrayFilters);
  const usedFilters = new Set<string>();
  for (const op of ops) {
    if (op === '$setOnInsert' && !ctx.isInsert) continue;
    const args = update[op];
    for (const path of Object.keys(args)) {
      const arg = args[path];
      if (op === '$rename') {
        applyRename(out, path, arg);
        continue;
      }
      // the positional $ names the element the query matched in the document before the update
      // (an earlier $set of the same statement may have changed the matched field)
      const parts = resolvePositional(doc, path, ctx.filter);
      const create = !['$unset', '$pull', '$pullAll', '$pop'].includes(op);
      walk(out, parts, 0, create, filters, usedFilters, path, (container, key) => applyOp(op, container, key, arg, path, out));
    }
  }
  for (const id of filters.keys()) {
    if (!usedFilters.has(id))
      throw mongoError(
        ErrorCodes.FailedToParse,
        `The array filter for identifier '${id}' was not used in the update ${formatValue(update)}`,
      );
  }
  checkId(doc, out);
  return out;
}

function withIdFirst(d: Doc): Doc {
  if (!('_id' in d) || Object.keys(d)[0] === '_id') return d;
  const { _id, ...rest } = d;
  return { _id, ...rest };
}

function checkId(before: Doc, after: Doc): void {
  if (before._id === undefined) return;
  if (!('_id' in after) || !valuesEqual(before._id, after._id) || bsonTypeNumber(before._id) !== bsonTypeNumber(after._id)) {
    throw mongoError(ErrorCodes.ImmutableField, `Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
}

function checkConflicts(paths: string[]): void {
  const norm = paths.map((p) => p.split('.'));
  for (let i = 0; i < norm.length; i++) {
    for (let j = 0; j < norm.length; j++) {
      if (i === j) continue;
      const a = norm[i];
      const b = norm[j];
      if (a.length > b.length) continue;
      if (a.length === b.length && i > j) continue;
      let prefix = true;
      for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) prefix = false;
      if (prefix) {
        throw mongoError(ErrorCodes.ConflictingUpdateOperators, `Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`);
      }
    }
  }
}

function compileArrayFilters(afs: Doc[] | undefined): Map<string, Matcher> {
  const out = new Map<string, Matcher>();
  for (const f of afs ?? []) {
    if (!isPlainObject(f)) throw badValue('arrayFilters entries must be objects');
    let id: string | undefined;
    for (const k of Object.keys(f)) {
      const top = k.startsWith('$') ? undefined : k.split('.')[0];
      if (top !== undefined) {
        if (id !== undefined && id !== top)
          throw mongoError(
            ErrorCodes.FailedToParse,
            `Error parsing array filter :: caused by :: Expected a single top-level field name, found '${id}' and '${top}'`,
          );
        id = top;
      }
    }
    if (id === undefined)
      throw mongoError(ErrorCodes.FailedToParse, 'Cannot use an expression without a top-level field name in arrayFilters');
    if (out.has(id)) throw mongoError(ErrorCodes.FailedToParse, `Found multiple array filters with the same top-level field name ${id}`);
    out.set(id, compileFilter(f));
  }
  return out;
}

function resolvePositional(doc: Doc, path: string, filter?: Doc): string[] {
  const parts = path.split('.');
  const pos = parts.indexOf('$');
  if (pos < 0) return parts;
  const prefix = parts.slice(0, pos).join('.');
  const idx = filter ? positionalIndex(doc, prefix, filter) : undefined;
  if (idx === undefined) throw badValue('The positional operator did not find the match needed from the query.');
  parts[pos] = String(idx);
  return parts;
}

type Leaf = (container: Doc | unknown[], key: string) => void;

function walk(
  cur: any,
  parts: string[],
  i: number,
  create: boolean,
  filters: Map<string, Matcher>,
  used: Set<string>,
  fullPath: string,
  leaf: Leaf,
): void {
  const key = parts[i];
  const last = i === parts.length - 1;
  if (key === '$[]' || /^\$\[[^\]]*\]$/.test(key)) {
    if (!Array.isArray(cur)) {
      if (cur === undefined && !create) return;
      throw badValue(`The path '${parts.slice(0, i).join('.')}' must exist in the document in order to apply array updates.`);
    }
    const id = key === '$[]' ? null : key.slice(2, -1);
    let m: Matcher | undefined;
    if (id !== null) {
      m = filters.get(id);
      if (!m) throw badValue(`No array filter found for identifier '${id}' in path '${fullPath}'`);
      used.add(id);
    }
    for (let j = 0; j < cur.length; j++) {
      if (m && !m({ [id!]: cur[j] })) continue;
      if (last) leaf(cur, String(j));
      else {
        if (cur[j] === null || typeof cur[j] !== 'object') {
          if (!create) continue;
          throw mongoError(ErrorCodes.PathNotViable, `Cannot create field '${parts[i + 1]}' in element {${j}: ${formatValue(cur[j])}}`);
        }
        walk(cur[j], parts, i + 1, create, filters, used, fullPath, leaf);
      }
    }
    return;
  }
  // MongoDB 5+ stores other $-prefixed names ('$myKey', a field named '$each') as ordinary fields
  if (key === '$') throw badValue(`Too many positional (i.e. '$') elements found in path '${fullPath}'`);
  if (last) {
    if (Array.isArray(cur) && !/^\d+$/.test(key)) {
      if (!create) return;
      throw mongoError(ErrorCodes.PathNotViable, `Cannot create field '${key}' in element {${parts[i - 1] ?? ''}: ${formatValue(cur)}}`);
    }
    leaf(cur, key);
    return;
  }
  let next: any;
  if (Array.isArray(cur)) {
    if (!/^\d+$/.test(key)) {
      if (!create) return;
      throw mongoError(ErrorCodes.PathNotViable, `Cannot create field '${key}' in element {${parts[i - 1] ?? ''}: ${formatValue(cur)}}`);
    }
    next = cur[Number(key)];
  } else next = field(cur, key);
  if (next === undefined || next === null) {
    if (!create) return;
    if (next === null && !Array.isArray(cur)) {
      throw mongoError(ErrorCodes.PathNotViable, `Cannot create field '${parts[i + 1]}' in element {${key}: null}`);
    }
    next = {};
    if (Array.isArray(cur)) {
      const idx = Number(key);
      while (cur.length < idx) cur.push(null);
      cur[idx] = next;
    } else setField(cur, key, next);
  } else if (typeof next !== 'object' || !(Array.isArray(next) || isPlainObject(next))) {
    if (!create) return;
    throw mongoError(ErrorCodes.PathNotViable, `Cannot create field '${parts[i + 1]}' in element {${key}: ${formatValue(next)}}`);
  }
  walk(next, parts, i + 1, create, filters, used, fullPath, leaf);
}

function getAt(c: Doc | unknown[], k: string): unknown {
  return Array.isArray(c) ? c[Number(k)] : field(c, k);
}

function setAt(c: Doc | unknown[], k: string, v: unknown): void {
  if (Array.isArray(c)) {
    const idx = Number(k);
    while (c.length < idx) c.push(null);
    c[idx] = v;
  } else setField(c, k, v);
}

function applyOp(op: string, c: Doc | unknown[], k: string, arg: any, path: string, root: Doc): void {
  const cur = getAt(c, k);
  const exists = Array.isArray(c) ? Number(k) < c.length : hasField(c, k);
  switch (op) {
    case '$set':
    case '$setOnInsert':
      setAt(c, k, deepClone(arg));
      return;
    case '$unset':
      if (!exists) return;
      if (Array.isArray(c)) c[Number(k)] = null;
      else delete c[k];
      return;
    case '$inc':
    case '$mul': {
      if (!isNumeric(arg))
        throw badValue(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(arg)}}`);
      if (!exists || cur === undefined) {
        setAt(c, k, op === '$inc' ? arg : makeNumber(numKind(arg), 0));
        return;
      }
      if (!isNumeric(cur)) {
        throw mongoError(
          ErrorCodes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(root._id)}} has the field '${k}' of non-numeric type ${typeName(cur)}`,
        );
      }
      setAt(c, k, arith(op === '$inc' ? '+' : '*', cur, arg));
      return;
    }
    case '$min':
    case '$max': {
      if (!exists) {
        setAt(c, k, deepClone(arg));
        return;
      }
      const cmp = compareValues(arg, cur);
      if ((op === '$min' && cmp < 0) || (op === '$max' && cmp > 0)) setAt(c, k, deepClone(arg));
      return;
    }
    case '$currentDate': {
      const wantTs = isPlainObject(arg) && arg.$type === 'timestamp';
      if (isPlainObject(arg) && arg.$type !== 'date' && arg.$type !== 'timestamp')
        throw badValue("The '$type' string field is required to be 'date' or 'timestamp'");
      setAt(c, k, wantTs ? new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 }) : new Date());
      return;
    }
    case '$push':
    case '$addToSet': {
      let arr: unknown[];
      if (!exists || cur === undefined) arr = [];
      else if (!Array.isArray(cur)) {
        throw badValue(`The field '${k}' must be an array but is of type ${typeName(cur)} in document {_id: ${formatValue(root._id)}}`);
      } else arr = cur;
      const hasEach = isPlainObject(arg) && '$each' in arg;
      if (op === '$addToSet') {
        const items = hasEach ? arg.$each : [arg];
        if (!Array.isArray(items)) throw badValue('The argument to $each in $addToSet must be an array');
        for (const it of items)
          // numbers compare by value, as on the server: 1, 1.0 and NumberLong(1) are one element
          if (!arr.some((e) => valuesEqual(e, it))) arr.push(deepClone(it));
        setAt(c, k, arr);
        return;
      }
      if (!hasEach) {
        if (isPlainObject(arg) && Object.keys(arg).some((x) => x.startsWith('$'))) {
          // modifiers without $each
          throw badValue(`Unrecognized clause in $push: ${Object.keys(arg)[0]}`);
        }
        arr.push(deepClone(arg));
        setAt(c, k, arr);
        return;
      }
      for (const mk of Object.keys(arg)) {
        if (!['$each', '$slice', '$sort', '$position'].includes(mk)) throw badValue(`Unrecognized clause in $push: ${mk}`);
      }
      const each = arg.$each;
      if (!Array.isArray(each)) throw badValue(`The argument to $each in $push must be an array but it was of type: ${typeName(each)}`);
      let pos = arr.length;
      if (arg.$position !== undefined) {
        const p = toNumber(arg.$position);
        if (!Number.isInteger(p)) throw badValue('The value for $position must be an integer value');
        pos = p < 0 ? Math.max(0, arr.length + p) : Math.min(p, arr.length);
      }
      arr.splice(pos, 0, ...each.map(deepClone));
      if (arg.$sort !== undefined) {
        const s = arg.$sort;
        if (isPlainObject(s)) {
          const spec = parseSort(s);
          if (spec) {
            const cmp = makeComparator(spec);
            arr.sort((a, b) => cmp(isPlainObject(a) ? a : {}, isPlainObject(b) ? b : {}));
          }
        } else {
          const dir = toNumber(s);
          if (dir !== 1 && dir !== -1) throw badValue('The $sort element value must be either 1 or -1');
          arr.sort((a, b) => dir * compareValues(a, b));
        }
      }
      if (arg.$slice !== undefined) {
        const n = toNumber(arg.$slice);
        if (!Number.isInteger(n)) throw badValue('The value for $slice must be an integer value');
        arr = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n));
      }
      setAt(c, k, arr);
      return;
    }
    case '$pop': {
      if (!exists || cur === undefined) return;
      if (!Array.isArray(cur)) throw badValue(`Path '${path}' contains an element of non-array type '${typeName(cur)}'`);
      const n = toNumber(arg);
      if (n !== 1 && n !== -1) throw mongoError(ErrorCodes.FailedToParse, `Expected a number in: ${path}: ${formatValue(arg)}`);
      if (n === 1) cur.pop();
      else cur.shift();
      return;
    }
    case '$pull':
    case '$pullAll': {
      if (!exists || cur === undefined) return;
      if (!Array.isArray(cur)) throw badValue(`Cannot apply ${op} to a non-array value`);
      let keep: (e: unknown) => boolean;
      if (op === '$pullAll') {
        if (!Array.isArray(arg)) throw badValue(`$pullAll requires an array argument but was given a ${typeName(arg)}`);
        keep = (e) => !arg.some((x: unknown) => valuesEqual(e, x));
      } else if (isPlainObject(arg) && (!isOperatorObject(arg) || isLogicalFilter(arg))) {
        const m = compileFilter(arg);
        keep = (e) => !(isPlainObject(e) && m(e));
      } else if (isOperatorObject(arg)) {
        const m = compileFilter({ v: arg });
        keep = (e) => !m({ v: e });
      } else keep = (e) => !valuesEqual(e, arg);
      setAt(c, k, cur.filter(keep));
      return;
    }
    case '$bit': {
      if (!isPlainObject(arg)) throw badValue('$bit needs an object');
      let v: bigint = exists ? BigInt(Math.trunc(toNumber(cur))) : 0n;
      let kind = exists ? numKind(cur) : 'int';
      for (const bop of Object.keys(arg)) {
        const x = BigInt(Math.trunc(toNumber(arg[bop])));
        if (numKind(arg[bop]) === 'long') kind = 'long';
        if (bop === 'and') v &= x;
        else if (bop === 'or') v |= x;
        else if (bop === 'xor') v ^= x;
        else throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${bop}'`);
      }
      setAt(c, k, kind === 'long' ? Long.fromBigInt(v) : Number(BigInt.asIntN(32, v)));
      return;
    }
  }
}

function applyRename(doc: Doc, from: string, to: unknown): void {
  if (typeof to !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${from}: ${formatValue(to)}`);
  if (from === to) throw badValue(`The source and target field for $rename must differ: ${from}: "${to}"`);
  const parts = from.split('.');
  let c: any = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    c = isPlainObject(c) ? field(c, parts[i]) : undefined;
    if (Array.isArray(c))
      throw badValue(
        `The source field cannot be an array element, '${from}' in doc with _id: ${formatValue(doc._id)} has an array field called '${parts[i]}'`,
      );
    if (!isPlainObject(c)) return;
  }
  const last = parts[parts.length - 1];
  if (!isPlainObject(c) || !hasField(c, last)) return;
  const v = c[last];
  delete c[last];
  const tp = to.split('.');
  let d: any = doc;
  for (let i = 0; i < tp.length - 1; i++) {
    if (field(d, tp[i]) === undefined) setField(d, tp[i], {});
    d = field(d, tp[i]);
    if (Array.isArray(d))
      throw badValue(
        `The destination field cannot be an array element, '${to}' in doc with _id: ${formatValue(doc._id)} has an array field called '${tp[i]}'`,
      );
    if (!isPlainObject(d)) throw mongoError(ErrorCodes.PathNotViable, `cannot rename to ${to}`);
  }
  setField(d, tp[tp.length - 1], v);
}

/** Seeds an upsert document from the equality conditions of a filter. */
export function upsertSeed(filter: Doc | undefined): Doc {
  const out: Doc = {};
  const add = (f: Doc) => {
    for (const k of Object.keys(f)) {
      const v = f[k];
      if (k === '$and' && Array.isArray(v)) {
        for (const s of v) if (isPlainObject(s)) add(s);
        continue;
      }
      if (k.startsWith('$')) continue;
      let val: unknown;
      if (isOperatorObject(v)) {
        if ('$eq' in v) val = v.$eq;
        else if (Array.isArray(v.$in) && v.$in.length === 1) val = v.$in[0];
        else if (isPlainObject(v.$elemMatch) || '$all' in v) continue;
        else continue;
      } else if (v instanceof RegExp) continue;
      else val = v;
      setPath(out, k, deepClone(val));
    }
  };
  if (filter) add(filter);
  return out;
}

function setPath(doc: Doc, path: string, v: unknown): void {
  const parts = path.split('.');
  let c: any = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isPlainObject(field(c, parts[i]))) setField(c, parts[i], {});
    c = field(c, parts[i]);
  }
  setField(c, parts[parts.length - 1], v);
}

export function ensureId(doc: Doc): Doc {
  if (doc._id !== undefined) {
    if (Object.keys(doc)[0] === '_id') return doc;
    const { _id, ...rest } = doc;
    return { _id, ...rest };
  }
  return { _id: new ObjectId(), ...doc };
}
