/**
 * Query filter evaluation with MongoDB semantics (array traversal, type brackets,
 * null matching missing fields, negations as the complement of the positive match).
 */
import { Aggregator } from 'mingo';
import type { Binary, DBRef, Long } from 'bson';
import { intersectsPredicate, parseNear, withinPredicate } from './geo';
import { badValue, mongoError } from '../errors';
import {
  bsonType,
  compareValues,
  collationActive,
  Doc,
  field,
  isNumeric,
  isPlainObject,
  toNumber,
  typeOrder,
  valuesEqual,
  plainify,
  regexParts,
} from '../bson/values';

export interface MatchOptions {
  /** Evaluates a $text clause for one document (set by the caller that owns the text index). */
  text?: (doc: Doc, spec: Doc) => boolean;
  variables?: Doc;
}

type Pred = (v: unknown, isElement: boolean) => boolean;

const isIndex = (s: string) => /^\d+$/.test(s);

/**
 * A field of a document: own fields only (a field named `constructor` or `__proto__` is data,
 * never Object's), and a DBRef's `$ref`, `$id` and `$db` as stored.
 */
export function sub(o: Doc, key: string): unknown {
  if ((o as { _bsontype?: string })._bsontype === 'DBRef') {
    const r = o as unknown as DBRef;
    if (key === '$ref') return r.collection;
    if (key === '$id') return r.oid;
    if (key === '$db') return r.db;
    return field(r.fields, key);
  }
  return field(o, key);
}

/** Applies pred to the values found at path (array-expanding like the server does). */
export function matchPath(value: unknown, parts: string[], i: number, pred: Pred, isElement = false): boolean {
  if (i === parts.length) {
    if (pred(value, isElement)) return true;
    if (Array.isArray(value)) {
      for (const e of value) if (pred(e, true)) return true;
    }
    return false;
  }
  const key = parts[i];
  if (Array.isArray(value)) {
    if (isIndex(key)) {
      const idx = Number(key);
      if (idx < value.length && matchPath(value[idx], parts, i + 1, pred)) return true;
    }
    let sawDoc = false;
    for (const e of value) {
      if (isPlainObject(e)) {
        sawDoc = true;
        if (matchPath(sub(e, key), parts, i + 1, pred)) return true;
      } else if (Array.isArray(e) && !isIndex(key)) {
        // nested arrays are not traversed by field names
      }
    }
    if (!sawDoc && !isIndex(key)) return false;
    return false;
  }
  if (isPlainObject(value)) return matchPath(sub(value, key), parts, i + 1, pred);
  return pred(undefined, false);
}

/** The values reachable at a dotted path (used for index keys, sort keys and distinct). */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const key = parts[i];
  if (Array.isArray(value)) {
    if (isIndex(key)) {
      collect(value[Number(key)], parts, i + 1, out);
      return;
    }
    for (const e of value) if (isPlainObject(e)) collect(sub(e, key), parts, i + 1, out);
    return;
  }
  if (isPlainObject(value)) collect(sub(value, key), parts, i + 1, out);
  else out.push(undefined);
}

/** Plain (non-array-expanding) path lookup. */
export function getPath(doc: unknown, path: string): unknown {
  let cur: any = doc;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!isIndex(p)) return undefined;
      cur = cur[Number(p)];
    } else if (isPlainObject(cur)) cur = sub(cur, p);
    else return undefined;
  }
  return cur;
}

/** The fields of a DBRef: names that start with `$` and are fields, not operators. */
const DBREF_FIELDS = new Set(['$ref', '$id', '$db']);

export function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys[0].startsWith('$') && !DBREF_FIELDS.has(keys[0]);
}

/** Operators that combine whole-document conditions ({$or: [...]}), as opposed to value operators ({$gt: 1}). */
export function isLogicalFilter(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const k = Object.keys(v)[0];
  return k === '$and' || k === '$or' || k === '$nor' || k === '$expr' || k === '$where' || k === '$text' || k === '$comment';
}

function toRegExp(pattern: unknown, options?: unknown): RegExp {
  if (pattern instanceof RegExp && options === undefined) return pattern;
  let src: string;
  let flags = typeof options === 'string' ? options : '';
  if (pattern instanceof RegExp) {
    src = pattern.source;
    if (options === undefined) flags = pattern.flags;
  } else if (bsonType(pattern) === 'BSONRegExp') {
    [src, flags] = regexParts(pattern);
    if (typeof options === 'string') flags = options;
  } else if (typeof pattern === 'string') src = pattern;
  else throw badValue('$regex has to be a string');
  let jsFlags = '';
  for (const f of flags) {
    if (f === 'i' || f === 'm' || f === 's') jsFlags += f;
    else if (f === 'x')
      src = src
        .replace(/\\#/g, '\uE000')
        .replace(/#.*$/gm, '')
        .replace(/\s+/g, '')
        .replace(/\uE000/g, '\\#');
    else if (f === 'u' || f === 'l') continue;
    else throw mongoError(51108, `invalid flag in regex options: ${f}`);
  }
  return new RegExp(src, Array.from(new Set(jsFlags)).join(''));
}

function regexMatches(re: RegExp, v: unknown): boolean {
  if (typeof v === 'string') {
    re.lastIndex = 0;
    return re.test(v);
  }
  if (v instanceof RegExp || bsonType(v) === 'BSONRegExp') {
    const [s, f] = regexParts(v);
    return s === re.source && f === re.flags;
  }
  if (bsonType(v) === 'BSONSymbol') return re.test(String((v as { value: string }).value));
  return false;
}

function isRegexValue(v: unknown): boolean {
  return v instanceof RegExp || bsonType(v) === 'BSONRegExp';
}

function eqPred(target: unknown): Pred {
  if (isRegexValue(target)) {
    const re = toRegExp(target);
    return (v) => regexMatches(re, v);
  }
  if (target === null) return (v) => v === null || v === undefined;
  return (v) => v !== undefined && valuesEqual(v, target);
}

function cmpPred(op: string, target: unknown): Pred {
  const to = typeOrder(target);
  const isMinMax = to === 1 || to === 13;
  return (v) => {
    if (v === undefined && target !== null) {
      return false;
    }
    const vo = typeOrder(v);
    if (!isMinMax && vo !== to) return false;
    if (Array.isArray(target) !== Array.isArray(v) && !isMinMax) return false;
    const c = compareValues(v, target);
    if (Number.isNaN(toNumber(target)) && isNumeric(target)) {
      // NaN only equals NaN for gte/lte
      return (op === '$gte' || op === '$lte') && isNumeric(v) && Number.isNaN(toNumber(v));
    }
    if (isNumeric(v) && Number.isNaN(toNumber(v))) return false;
    switch (op) {
      case '$gt':
        return c > 0;
      case '$gte':
        return c >= 0;
      case '$lt':
        return c < 0;
      default:
        return c <= 0;
    }
  };
}

const TYPE_ALIASES: Record<string, number> = {
  double: 1,
  string: 2,
  object: 3,
  array: 4,
  binData: 5,
  undefined: 6,
  objectId: 7,
  bool: 8,
  date: 9,
  null: 10,
  regex: 11,
  dbPointer: 12,
  javascript: 13,
  symbol: 14,
  javascriptWithScope: 15,
  int: 16,
  timestamp: 17,
  long: 18,
  decimal: 19,
  minKey: -1,
  maxKey: 127,
};

export function bsonTypeNumber(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (v === null) return 10;
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0) ? 16 : 1;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    default:
      break;
  }
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  switch (bsonType(v)) {
    case 'Double':
      return 1;
    case 'Int32':
      return 16;
    case 'Long':
      return 18;
    case 'Decimal128':
      return 19;
    case 'ObjectId':
      return 7;
    case 'Binary':
      return 5;
    case 'Timestamp':
      return 17;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
    case 'BSONRegExp':
      return 11;
    case 'Code':
      return 13;
    case 'BSONSymbol':
      return 14;
    default:
      break;
  }
  return 3;
}

function typePred(spec: unknown): Pred {
  const specs = Array.isArray(spec) ? spec : [spec];
  const codes: (number | 'number')[] = specs.map((s) => {
    if (s === 'number') return 'number';
    if (typeof s === 'string') {
      if (!(s in TYPE_ALIASES)) throw badValue(`Unknown type name alias: ${s}`);
      return TYPE_ALIASES[s];
    }
    if (isNumeric(s)) return toNumber(s);
    throw badValue('type must be represented as a number or a string');
  });
  return (v, isElement) => {
    const t = bsonTypeNumber(v);
    if (t === undefined) return false;
    for (const c of codes) {
      if (c === 'number' ? t === 1 || t === 16 || t === 18 || t === 19 : c === t) return true;
    }
    void isElement;
    return false;
  };
}

/** The bit positions a $bits* operand names: a list of positions, a numeric mask or a BinData mask. */
function bitPositions(arg: unknown, op: string): number[] {
  const out: number[] = [];
  if (Array.isArray(arg)) {
    for (const b of arg) {
      const n = toNumber(b);
      if (!isNumeric(b) || !Number.isInteger(n) || n < 0) throw badValue(`bit positions must be non-negative integers in ${op}`);
      out.push(n);
    }
  } else if (bsonType(arg) === 'Binary') {
    const bytes = (arg as Binary).buffer;
    for (let i = 0; i < bytes.length; i++) for (let j = 0; j < 8; j++) if (bytes[i] & (1 << j)) out.push(i * 8 + j);
  } else {
    const n = toNumber(arg);
    if (!isNumeric(arg) || !Number.isInteger(n) || n < 0)
      throw badValue(`${op} takes an Array, a number, or a BinData but received: ${String(arg)}`);
    const mask = BigInt(n);
    for (let i = 0; i < 64; i++) if ((mask >> BigInt(i)) & 1n) out.push(i);
  }
  return out;
}

/** Reads bit i of a number (two's complement, 64 bits, sign-extended) or of BinData (byte 0's low bit first). */
function bitReader(v: unknown): ((i: number) => boolean) | null {
  if (bsonType(v) === 'Binary') {
    const bytes = (v as Binary).buffer;
    return (i) => (i >> 3 < bytes.length ? (bytes[i >> 3] & (1 << (i & 7))) !== 0 : false);
  }
  if (!isNumeric(v)) return null;
  const n = toNumber(v);
  if (!Number.isInteger(n)) return null;
  const x = BigInt.asUintN(64, bsonType(v) === 'Long' ? (v as Long).toBigInt() : BigInt(n));
  const negative = n < 0;
  return (i) => (i < 64 ? ((x >> BigInt(i)) & 1n) === 1n : negative);
}

/** Builds a predicate over one field from an operator object like {$gt: 1, $lt: 5}. */
function operatorPred(ops: Doc, opts: MatchOptions): (value: unknown, parts: string[]) => boolean {
  const checks: ((value: unknown, parts: string[]) => boolean)[] = [];
  const keys = Object.keys(ops);
  for (const op of keys) {
    const arg = ops[op];
    switch (op) {
      case '$eq': {
        const p = eqPred(arg);
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$ne': {
        const p = eqPred(arg);
        checks.push((v, parts) => !matchPath(v, parts, 0, p));
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const p = cmpPred(op, arg);
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$in':
      case '$nin': {
        if (!Array.isArray(arg)) throw badValue(`${op} needs an array`);
        const preds = arg.map((a) => {
          if (isOperatorObject(a)) throw badValue('cannot nest $ under $in');
          return eqPred(a);
        });
        const p: Pred = (v, el) => preds.some((q) => q(v, el));
        if (op === '$in') checks.push((v, parts) => matchPath(v, parts, 0, p));
        else checks.push((v, parts) => !matchPath(v, parts, 0, p));
        break;
      }
      case '$exists': {
        const want = !!(isNumeric(arg) ? toNumber(arg) : arg);
        const p: Pred = (v) => v !== undefined;
        checks.push((v, parts) => matchPath(v, parts, 0, p) === want);
        break;
      }
      case '$type': {
        const p = typePred(arg);
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$regex': {
        const re = toRegExp(arg, ops.$options);
        const p: Pred = (v) => regexMatches(re, v);
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$options':
        if (!('$regex' in ops)) throw badValue('$options needs a $regex');
        break;
      case '$size': {
        const n = toNumber(arg);
        if (!isNumeric(arg) || !Number.isInteger(n)) throw badValue('$size needs a number');
        const p: Pred = (v, el) => !el && Array.isArray(v) && v.length === n;
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$all': {
        if (!Array.isArray(arg)) throw badValue('$all needs an array');
        if (arg.length === 0) {
          checks.push(() => false);
          break;
        }
        const subs = arg.map((a) => {
          if (isPlainObject(a) && '$elemMatch' in a) return operatorPred(a, opts);
          const p = eqPred(a);
          return (v: unknown, parts: string[]) => matchPath(v, parts, 0, p);
        });
        checks.push((v, parts) => subs.every((s) => s(v, parts)));
        break;
      }
      case '$elemMatch': {
        if (!isPlainObject(arg)) throw badValue('$elemMatch needs an Object');
        const isOps = isOperatorObject(arg) && !['$and', '$or', '$nor', '$expr', '$where', '$text'].includes(Object.keys(arg)[0]);
        const inner = isOps ? operatorPred(arg, opts) : null;
        const docMatcher = isOps ? null : compileFilter(arg, opts);
        const p: Pred = (v, el) => {
          if (el || !Array.isArray(v)) return false;
          return v.some((e) => (inner ? inner(e, []) && !(Array.isArray(e) && false) : isPlainObject(e) && docMatcher!(e)));
        };
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$mod': {
        if (!Array.isArray(arg) || arg.length !== 2) throw badValue('malformed mod, needs to be an array of 2 elements');
        const d = Math.trunc(toNumber(arg[0]));
        const r = Math.trunc(toNumber(arg[1]));
        if (d === 0) throw badValue('divisor cannot be 0');
        const p: Pred = (v) => isNumeric(v) && Math.trunc(toNumber(v)) % d === r;
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$not': {
        let inner: (value: unknown, parts: string[]) => boolean;
        if (isRegexValue(arg)) {
          const re = toRegExp(arg);
          const p: Pred = (v) => regexMatches(re, v);
          inner = (v, parts) => matchPath(v, parts, 0, p);
        } else if (isOperatorObject(arg)) inner = operatorPred(arg, opts);
        else throw badValue('$not needs a regex or a document');
        checks.push((v, parts) => !inner(v, parts));
        break;
      }
      case '$bitsAllSet':
      case '$bitsAnySet':
      case '$bitsAllClear':
      case '$bitsAnyClear': {
        const positions = bitPositions(arg, op);
        const p: Pred = (v) => {
          const bit = bitReader(v);
          if (!bit) return false;
          if (op === '$bitsAllSet') return positions.every(bit);
          if (op === '$bitsAnySet') return positions.some(bit);
          if (op === '$bitsAllClear') return !positions.some(bit);
          return !positions.every(bit);
        };
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$comment':
        break;
      case '$geoWithin':
      case '$within': {
        const p = withinPredicate(arg);
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$geoIntersects': {
        const p = intersectsPredicate(arg);
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$near':
      case '$nearSphere': {
        const near = parseNear(op, arg, ops);
        const p: Pred = (v) => {
          const d = near.distance(v);
          return d !== null && d >= near.min && d <= near.max;
        };
        checks.push((v, parts) => matchPath(v, parts, 0, p));
        break;
      }
      case '$maxDistance':
      case '$minDistance':
        if (!('$near' in ops) && !('$nearSphere' in ops)) throw badValue(`${op} needs $near or $nearSphere`);
        break;
      default:
        throw badValue(`unknown operator: ${op}`);
    }
  }
  return (value, parts) => {
    for (const c of checks) if (!c(value, parts)) return false;
    return true;
  };
}

export type Matcher = (doc: Doc) => boolean;

/** Compiles a query filter into a predicate. */
export function compileFilter(filter: Doc | undefined | null, opts: MatchOptions = {}): Matcher {
  if (!filter) return () => true;
  if (!isPlainObject(filter)) throw badValue('filter must be an object');
  const clauses: Matcher[] = [];
  for (const key of Object.keys(filter)) {
    const cond = filter[key];
    if (key.startsWith('$') && !DBREF_FIELDS.has(key)) {
      switch (key) {
        case '$and':
        case '$or':
        case '$nor': {
          if (!Array.isArray(cond) || cond.length === 0) throw badValue(`${key} argument must be a non-empty array`);
          const subs = cond.map((c) => {
            if (!isPlainObject(c)) throw badValue(`${key} argument's entries must be objects`);
            return compileFilter(c, opts);
          });
          if (key === '$and') clauses.push((d) => subs.every((s) => s(d)));
          else if (key === '$or') clauses.push((d) => subs.some((s) => s(d)));
          else clauses.push((d) => !subs.some((s) => s(d)));
          break;
        }
        case '$expr': {
          const vars = opts.variables;
          clauses.push((d) => evalExprBool(cond, d, vars));
          break;
        }
        case '$text': {
          const t = opts.text;
          if (!t) throw mongoError(27, 'text index required for $text query');
          clauses.push((d) => t(d, cond));
          break;
        }
        case '$comment':
          break;
        case '$where':
          throw badValue('$where is not supported by the embedded engine');
        case '$jsonSchema':
          throw badValue('$jsonSchema is not supported by the embedded engine');
        default:
          throw badValue(`unknown top level operator: ${key}`);
      }
      continue;
    }
    const parts = key.split('.');
    if (parts.length === 1 && (typeof cond === 'boolean' || (typeof cond === 'string' && !collationActive()))) {
      // fast path: strings and booleans only ever equal the same JS primitive
      clauses.push((d) => {
        const v = d[key];
        if (v === cond) return true;
        if (Array.isArray(v)) return v.includes(cond);
        return false;
      });
      continue;
    }
    if (isOperatorObject(cond)) {
      const p = operatorPred(cond, opts);
      clauses.push((d) => p(d, parts));
    } else {
      const p = eqPred(cond);
      clauses.push((d) => matchPath(d, parts, 0, p));
    }
  }
  if (clauses.length === 1) return clauses[0];
  return (d) => {
    for (const c of clauses) if (!c(d)) return false;
    return true;
  };
}

/** Evaluates an aggregation expression (delegated to mingo on a plain view of the document). */
export function evalExpression(expr: unknown, doc: Doc, variables?: Doc): unknown {
  const agg = new Aggregator([{ $addFields: { _v: expr } }], { variables: variables ? plainify(variables) : undefined });
  const out = agg.run([plainify(doc)]) as Doc[];
  return out[0]?._v;
}

function evalExprBool(expr: unknown, doc: Doc, variables?: Doc): boolean {
  const v = evalExpression(expr, doc, variables);
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === 'number') return v !== 0;
  return true;
}
