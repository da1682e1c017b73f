/**
 * BSON value model used inside the engine.
 *
 * Documents are plain JS objects. Numbers keep their BSON type exactly:
 *  - int32            -> JS number that is an integer inside the int32 range
 *  - double           -> JS number, except integral values inside the int32 range (and -0)
 *                        which are kept as a bson `Double` wrapper so they re-serialise as double
 *  - int64            -> bson `Long`
 *  - decimal128       -> bson `Decimal128`
 * Everything else is what the bson library produces (ObjectId, Binary, Date, RegExp, ...).
 */
import { Binary, Decimal128, Double, Long, ObjectId, Timestamp } from 'bson';
import Decimal from 'decimal.js';
import { badValue, ErrorCodes, mongoError } from '../errors';

export type Doc = Record<string, any>;

export function bsonType(v: unknown): string | undefined {
  return v !== null && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  const t = (v as { _bsontype?: string })._bsontype;
  if (t !== undefined && t !== 'DBRef') return false;
  if (ArrayBuffer.isView(v)) return false;
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A document's own field. Field names such as `__proto__` or `constructor` are data in BSON: a
 * plain `o[k]` would read (and a write through it would change) Object.prototype or Object.
 */
export function field(o: object, k: string): any {
  return hasOwn.call(o, k) ? (o as Doc)[k] : undefined;
}

/** Sets a document's own field; `__proto__` becomes an ordinary field instead of the prototype. */
export function setField(o: Doc, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

export function hasField(o: object, k: string): boolean {
  return hasOwn.call(o, k);
}

export function isNumeric(v: unknown): boolean {
  if (typeof v === 'number') return true;
  const t = bsonType(v);
  return t === 'Double' || t === 'Long' || t === 'Int32' || t === 'Decimal128';
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  switch (bsonType(v)) {
    case 'Double':
    case 'Int32':
      return (v as Double).value;
    case 'Long':
      return (v as Long).toNumber();
    case 'Decimal128':
      return parseFloat((v as Decimal128).toString());
    default:
      break;
  }
  return NaN;
}

export type NumKind = 'int' | 'long' | 'double' | 'decimal';

export function numKind(v: unknown): NumKind {
  if (typeof v === 'number') {
    return Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0) ? 'int' : 'double';
  }
  switch (bsonType(v)) {
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    case 'Int32':
      return 'int';
    default:
      return 'double';
  }
}

/** Builds a numeric value of the given kind. int overflows to long. */
export function makeNumber(kind: NumKind, value: number | bigint | string): unknown {
  switch (kind) {
    case 'int': {
      const n = Number(value);
      if (n >= -2147483648 && n <= 2147483647) return n;
      return Long.fromBigInt(BigInt(value));
    }
    case 'long': {
      let b = typeof value === 'bigint' ? value : BigInt(Math.trunc(Number(value)));
      b = BigInt.asIntN(64, b);
      return Long.fromBigInt(b);
    }
    case 'double':
      return makeDouble(Number(value));
    case 'decimal':
      return Decimal128.fromString(String(value));
  }
}

export function makeDouble(n: number): unknown {
  if (Number.isInteger(n) && n >= -2147483648 && n <= 2147483647) return new Double(n);
  if (Object.is(n, -0)) return new Double(-0);
  return n;
}

const KIND_RANK: Record<NumKind, number> = { int: 0, long: 1, double: 2, decimal: 3 };

/** Decimal128 arithmetic: 34 significant digits, rounding half to even (IEEE 754-2008 decimal128). */
const Dec128 = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -6176, toExpPos: 6144 });

/** The exact value of a double as a decimal (a double is m * 2^e: exact with BigInt). */
function exactDouble(x: number): Decimal {
  if (!Number.isFinite(x)) return new Dec128(x);
  if (Number.isInteger(x)) return new Dec128(BigInt(x).toString());
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? '-' : '';
  const expBits = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & 0xfffffffffffffn;
  let exp = expBits - 1075;
  if (expBits) mant |= 1n << 52n;
  else exp = -1074;
  // x = mant * 2^exp with exp < 0 here: mant * 5^-exp / 10^-exp
  return new Dec128(`${sign}${(mant * 5n ** BigInt(-exp)).toString()}e-${-exp}`);
}

/** The exact value of any BSON number as a decimal (Decimal128 values are exact by nature). */
export function exactDecimal(v: unknown): Decimal {
  if (typeof v === 'number') return exactDouble(v);
  switch (bsonType(v)) {
    case 'Decimal128':
      return new Dec128((v as Decimal128).toString());
    case 'Long':
      return new Dec128((v as Long).toBigInt().toString());
    default:
      return exactDouble(toNumber(v));
  }
}

/** An operand of Decimal128 arithmetic: doubles become decimals of 15 significant digits, as on the server. */
function decimalOperand(v: unknown): Decimal {
  if (numKind(v) === 'double') {
    const x = toNumber(v);
    return Number.isFinite(x) ? new Dec128(x.toPrecision(15)) : new Dec128(x);
  }
  return exactDecimal(v);
}

function toDecimal128(d: Decimal): Decimal128 {
  return Decimal128.fromString(d.isNaN() ? 'NaN' : d.toString());
}

function toBig(v: unknown): bigint {
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (bsonType(v) === 'Long') return (v as Long).toBigInt();
  return BigInt(Math.trunc(toNumber(v)));
}

export function arith(op: '+' | '*', a: unknown, b: unknown): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  const kind = KIND_RANK[ka] >= KIND_RANK[kb] ? ka : kb;
  if (kind === 'decimal') {
    const x = decimalOperand(a);
    const y = decimalOperand(b);
    return toDecimal128(op === '+' ? x.plus(y) : x.times(y));
  }
  if (kind === 'double') {
    const x = toNumber(a);
    const y = toNumber(b);
    return makeDouble(op === '+' ? x + y : x * y);
  }
  const x = toBig(a);
  const y = toBig(b);
  const r = op === '+' ? x + y : x * y;
  if (kind === 'int' && r >= -2147483648n && r <= 2147483647n) return Number(r);
  if (r > 9223372036854775807n || r < -9223372036854775808n) return makeDouble(Number(r));
  return Long.fromBigInt(r);
}

/** Canonical BSON type order used for comparison and sorting. */
export function typeOrder(v: unknown): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'bigint':
      return 3;
    default:
      break;
  }
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  switch (bsonType(v)) {
    case 'MinKey':
      return 1;
    case 'Double':
    case 'Int32':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'MaxKey':
      return 13;
    case 'Code':
      return 14;
    default:
      break;
  }
  if (ArrayBuffer.isView(v)) return 7;
  return 5;
}

function cmpPrim(a: number | string | bigint, b: number | string | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNumbers(a: unknown, b: unknown): number {
  if (bsonType(a) === 'Long' && bsonType(b) === 'Long') return (a as Long).compare(b as Long);
  if (bsonType(a) === 'Decimal128' || bsonType(b) === 'Decimal128') {
    // exact: both sides as decimals (NaN sorts before every other number and equals NaN)
    const x = exactDecimal(a);
    const y = exactDecimal(b);
    if (x.isNaN()) return y.isNaN() ? 0 : -1;
    if (y.isNaN()) return 1;
    return x.cmp(y);
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  if (x === y && (bsonType(a) === 'Long' || bsonType(b) === 'Long')) {
    // resolve precision loss for big longs against doubles
    const ba = bsonType(a) === 'Long' ? (a as Long).toBigInt() : Number.isInteger(x) ? BigInt(x) : null;
    const bb = bsonType(b) === 'Long' ? (b as Long).toBigInt() : Number.isInteger(y) ? BigInt(y) : null;
    if (ba !== null && bb !== null) return cmpPrim(ba, bb);
  }
  return cmpPrim(x, y);
}

function bytesOf(v: unknown): Uint8Array {
  if (bsonType(v) === 'Binary') return (v as Binary).value();
  return v as Uint8Array;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return cmpPrim(a.length, b.length);
}

/** Compares two BSON values in MongoDB's comparison order (arrays compared element-wise). */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeOrder(a);
  const tb = typeOrder(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case 1:
    case 2:
    case 13:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return compareStrings(String(a), String(b));
    case 5:
      return compareObjects(a as Doc, b as Doc);
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return cmpPrim(x.length, y.length);
    }
    case 7: {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      const sa = bsonType(a) === 'Binary' ? (a as Binary).sub_type : 0;
      const sb = bsonType(b) === 'Binary' ? (b as Binary).sub_type : 0;
      if (sa !== sb) return sa < sb ? -1 : 1;
      return compareBytes(x, y);
    }
    case 8:
      return cmpPrim((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 9:
      return cmpPrim(a ? 1 : 0, b ? 1 : 0);
    case 10:
      return cmpPrim((a as Date).getTime(), (b as Date).getTime());
    case 11: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return cmpPrim(x.t, y.t) || cmpPrim(x.i, y.i);
    }
    case 12: {
      const x = regexParts(a);
      const y = regexParts(b);
      return compareStrings(x[0], y[0]) || compareStrings(x[1], y[1]);
    }
    default:
      return compareStrings(String(a), String(b));
  }
}

export function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as { pattern: string; options: string };
  return [r.pattern, r.options];
}

/** Binary (UTF-8 byte order) string compare; equal to code-point order. */
/**
 * Collation: while a command's matching and sorting run (withCollation), string comparisons go
 * through the runtime's Intl.Collator. Index maintenance never runs inside it.
 */
let activeCollator: Intl.Collator | null = null;

const STRENGTH_SENSITIVITY: Record<number, 'base' | 'accent' | 'variant'> = { 1: 'base', 2: 'accent', 3: 'variant' };

/** Validates a collation document; null for the simple (binary) collation. */
export function collatorFor(spec: unknown): Intl.Collator | null {
  if (spec === undefined || spec === null) return null;
  if (!isPlainObject(spec)) throw mongoError(ErrorCodes.TypeMismatch, 'collation must be an object');
  if (Object.keys(spec).length === 0 || spec.locale === 'simple') return null;
  if (typeof spec.locale !== 'string') throw mongoError(ErrorCodes.FailedToParse, "Required field 'locale' is missing");
  const locale = spec.locale.replace(/_/g, '-');
  if (!Intl.Collator.supportedLocalesOf(locale).length) throw badValue(`Field 'locale' is invalid in: ${formatValue(spec)}`);
  const strength = spec.strength === undefined ? 3 : toNumber(spec.strength);
  const sensitivity = STRENGTH_SENSITIVITY[strength];
  if (!sensitivity) throw badValue(`collation strength ${String(spec.strength)} is not supported by the embedded engine (1 to 3 are)`);
  for (const [k, dflt] of [
    ['alternate', 'non-ignorable'],
    ['maxVariable', 'punct'],
    ['backwards', false],
    ['normalization', false],
  ] as const) {
    if (spec[k] !== undefined && spec[k] !== dflt)
      throw badValue(`collation option ${k}: ${formatValue(spec[k])} is not supported by the embedded engine`);
  }
  const caseFirst = spec.caseFirst === undefined || spec.caseFirst === 'off' ? 'false' : String(spec.caseFirst);
  if (!['false', 'upper', 'lower'].includes(caseFirst)) throw badValue(`Field 'caseFirst' is invalid in: ${formatValue(spec)}`);
  return new Intl.Collator(locale, {
    sensitivity: strength === 1 && spec.caseLevel === true ? 'case' : sensitivity,
    caseFirst: caseFirst as 'upper' | 'lower' | 'false',
    numeric: spec.numericOrdering === true,
    usage: 'sort',
  });
}

/** Runs fn with a collation's string comparison (the simple collation: as is). */
export function withCollation<T>(spec: unknown, fn: () => T): T {
  const c = collatorFor(spec);
  const prev = activeCollator;
  activeCollator = c;
  try {
    return fn();
  } finally {
    activeCollator = prev;
  }
}

export function collationActive(): boolean {
  return activeCollator !== null;
}

export function compareStrings(a: string, b: string): number {
  if (activeCollator) return Math.sign(activeCollator.compare(a, b));
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // surrogates (0xD800-0xDFFF) sort after BMP chars above them in UTF-8 order
      const sx = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
      const sy = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
      return sx < sy ? -1 : 1;
    }
  }
  return cmpPrim(a.length, b.length);
}

function compareObjects(a: Doc, b: Doc): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const va = a[ka[i]];
    const vb = b[kb[i]];
    const t = cmpPrim(typeOrder(va), typeOrder(vb));
    if (t) return t;
    const k = compareStrings(ka[i], kb[i]);
    if (k) return k;
    const c = compareValues(va, vb);
    if (c) return c;
  }
  return cmpPrim(ka.length, kb.length);
}

export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  return typeOrder(a) === typeOrder(b) && compareValues(a, b) === 0;
}

/** A string that is equal for two values exactly when they compare equal (hash key). */
export function keyOf(v: unknown): string {
  if (v === null || v === undefined) return 'z';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return numKey(v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    default:
      break;
  }
  if (v instanceof Date) return 'd' + v.getTime();
  switch (bsonType(v)) {
    case 'ObjectId':
      return 'o' + (v as ObjectId).toHexString();
    case 'Long': {
      const b = (v as Long).toBigInt();
      const n = Number(b);
      return BigInt(n) === b ? numKey(n) : 'n' + b.toString();
    }
    case 'Double':
    case 'Int32':
      return numKey(toNumber(v));
    case 'Decimal128':
      return decimalKey(v as Decimal128);
    default:
      break;
  }
  if (Array.isArray(v)) return '[' + v.map(keyOf).join(',') + ']';
  if (isPlainObject(v)) {
    let s = '{';
    for (const k of Object.keys(v)) s += JSON.stringify(k) + ':' + keyOf(v[k]) + ',';
    return s + '}';
  }
  return 'x' + typeOrder(v) + ':' + safeString(v);
}

/**
 * Hash key of a Decimal128: the key of the double or long it equals exactly, if any, so that it
 * collides exactly with the values it compares equal to; otherwise its exact decimal value.
 */
function decimalKey(v: Decimal128): string {
  const d = new Dec128(v.toString());
  if (!d.isFinite()) return numKey(d.isNaN() ? NaN : d.toNumber());
  const n = d.toNumber();
  if (exactDouble(n).eq(d)) return numKey(n);
  return 'n' + (d.isInteger() ? d.toFixed() : d.toString());
}

function numKey(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return 'n' + BigInt(n).toString();
  return 'n' + String(n);
}

function safeString(v: unknown): string {
  switch (bsonType(v)) {
    case 'Binary':
      return (v as Binary).sub_type + ':' + Buffer.from((v as Binary).value()).toString('base64');
    case 'Timestamp':
      return (v as Timestamp).toString();
    default:
      break;
  }
  if (v instanceof RegExp) return v.source + '/' + v.flags;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Deep-copies a document (bson value objects are immutable and shared). */
export function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(deepClone) as unknown as T;
  if (v instanceof Date) return new Date(v.getTime()) as unknown as T;
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) setField(out, k, deepClone((v as Doc)[k]));
  return out as T;
}

/** Converts values decoded with promoteValues:false into the engine's value model. */
export function normalize(v: any): any {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalize(v[i]);
    return v;
  }
  const t = v._bsontype;
  if (t === 'Int32') return v.value;
  if (t === 'Double') {
    const n: number = v.value;
    return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 ? v : n === 0 && Object.is(n, -0) ? v : n;
  }
  if (t !== undefined && t !== 'DBRef') return v;
  if (v instanceof Date || v instanceof RegExp) return v;
  for (const k of Object.keys(v)) v[k] = normalize(v[k]);
  return v;
}

/** Plain JS view for libraries that only know JS numbers (used for aggregation expressions). */
export function plainify(v: any): any {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(plainify);
  const t = v._bsontype;
  if (t === 'Double' || t === 'Int32') return v.value;
  if (t === 'Long') {
    const n = (v as Long).toNumber();
    return Number.isSafeInteger(n) ? n : v;
  }
  if (t !== undefined) return v;
  if (v instanceof Date || v instanceof RegExp) return v;
  const out: Doc = {};
  for (const k of Object.keys(v)) setField(out, k, plainify(v[k]));
  return out;
}

/** Shell-like rendering used in error messages (dup key: { a: 1 }). */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return '[ ' + v.map(formatValue).join(', ') + ' ]';
  switch (bsonType(v)) {
    case 'ObjectId':
      return `ObjectId('${(v as ObjectId).toHexString()}')`;
    case 'Double':
      return String((v as Double).value) + '.0';
    case 'Long':
      return (v as Long).toString();
    case 'Decimal128':
      return `Decimal128("${(v as Decimal128).toString()}")`;
    default:
      break;
  }
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (!keys.length) return '{}';
    return '{ ' + keys.map((k) => `${k}: ${formatValue(v[k])}`).join(', ') + ' }';
  }
  return String(v);
}
