import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { createHash } from 'node:crypto';

/** Shared hostile inputs and helpers for the security suites. */

/** An object with an OWN `__proto__` key, as JSON.parse makes it (an object literal would set the prototype instead). */
export const ownProto = (inner: unknown = { isAdmin: true, role: 'admin' }): Record<string, unknown> =>
  JSON.parse(`{"__proto__":${JSON.stringify(inner)}}`) as Record<string, unknown>;

export const HOSTILE_KEYS = [
  '$where',
  '$ne',
  '$gt',
  '$regex',
  '$expr',
  '__proto__',
  'constructor',
  'prototype',
  'a.b',
  'role',
  'passwordHash',
  'cohortIds',
  '_id',
  'authorId',
  'seq',
];

export function hostileValues(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom<unknown>(
      { $ne: null },
      { $gt: '' },
      { $where: 'sleep(100) || true' },
      { $regex: '.*' },
      { $expr: { $eq: [1, 1] } },
      { 'a.b': 1 },
      ownProto(),
      { constructor: { prototype: { polluted: true } } },
      { toString: 'x' },
      // objects whose conversions are not callable: String(), `${}`, + and == on them throw
      { valueOf: 1, toString: 1 },
      { toJSON: 'x' },
      { length: 1e9 },
      { hasOwnProperty: 'x', constructor: 'x' },
      ['a', { toString: 'x' }],
      // values a schema accepts that JavaScript reads differently (see EDGE_DATE_TIMES)
      '2026-12-31T23:59:60Z',
      '0000-01-01',
      '\uDFFF\uD800',
      '\uFEFF',
      'a\u0000b',
      'e\u0301'.repeat(50),
      '\u{1F469}\u{1F3FD}\u200D\u2695\uFE0F',
      '${process.exit()}',
      '%s%n%x',
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      'javascript:alert(1)',
      "'; db.dropDatabase(); //",
      '{"$gt":""}',
      '\u0000',
      '\uD800',
      '\u202E',
      '../../../../etc/passwd',
      '%00',
      'ffffffffffffffffffffffff',
      '000000000000000000000000',
      -1,
      0,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      0.5,
      true,
      false,
      null,
      [],
      [null],
      [[[[[]]]]],
      {},
      '',
      'x'.repeat(70_000),
      '9'.repeat(400),
    ),
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(deep(60)),
  );
}

function deep(n: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}

export const hostileIds = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      '$ne',
      '{"$gt":""}',
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      '..',
      '.',
      '%2e%2e',
      '%00',
      ' ',
      'a.b',
      'null',
      'undefined',
      'NaN',
      '-1',
      '0',
      'ffffffffffffffffffffffff',
      '000000000000000000000000',
      'FFFFFFFFFFFFFFFFFFFFFFFF',
      '0123456789abcdef0123456',
      '0123456789abcdef012345678',
      'x'.repeat(3000),
      '\u202E',
      'ÿ'.repeat(12),
    ),
    fc.string({ minLength: 1, maxLength: 30 }),
    fc.stringMatching(/^[a-f0-9]{24}$/),
  );

/**
 * Date-times RFC 3339 (and ajv-formats) accept that are edge cases for code: a leap second (an
 * Invalid Date in JavaScript), year 0, the last millisecond of 9999, a +23:59 offset, lower case,
 * a space for the T, nine fractional digits.
 */
export const EDGE_DATE_TIMES = [
  '2026-12-31T23:59:60Z',
  '2026-06-30T23:59:60.5+00:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2026-01-01T00:00:00+23:59',
  '2026-01-01t00:00:00z',
  '2026-01-01 00:00:00Z',
  '2026-01-01T00:00:00.123456789Z',
];
export const EDGE_DATES = ['0000-01-01', '9999-12-31', '2024-02-29', '1970-01-01'];
export const EDGE_TEXT = [
  '\uD800',
  '\uDFFF',
  'a\u0000',
  '\u202E',
  '\uFEFF',
  'e\u0301\u0301',
  '\u{1F469}\u200D\u2695',
  '%s%d',
  '${x}',
  '$where',
  '\r\n',
];

function pickR<T>(arr: readonly T[], rnd: () => number): T {
  return arr[Math.floor(rnd() * arr.length)];
}

/** Minimal JSON-schema → valid value (the subset TypeBox emits in our contracts). */
export function sampleFromSchema(schema: any, rnd: () => number, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[Math.floor(rnd() * schema.enum.length)];
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return sampleFromSchema(alts[Math.floor(rnd() * alts.length)], rnd, depth + 1);
  switch (schema.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const req: string[] = schema.required ?? [];
      for (const [k, s] of Object.entries<any>(schema.properties ?? {}))
        if (req.includes(k) || rnd() < 0.5) out[k] = sampleFromSchema(s, rnd, depth + 1);
      if (schema.patternProperties) out.body = 'Some clinical text without identifiers.';
      return out;
    }
    case 'array': {
      const n = Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 1 + Math.floor(rnd() * 2)));
      const items: unknown[] = [];
      for (let i = 0; i < n * 3 && items.length < n; i++) {
        const v = sampleFromSchema(schema.items, rnd, depth + 1);
        if (!schema.uniqueItems || !items.some((x) => JSON.stringify(x) === JSON.stringify(v))) items.push(v);
      }
      return items;
    }
    case 'string': {
      if (schema.format === 'email') return `fuzz${Math.floor(rnd() * 1e9)}@example.test`;
      // one time in four a value the format allows but JavaScript reads differently or not at all
      if (schema.format === 'date-time')
        return rnd() < 0.25 ? pickR(EDGE_DATE_TIMES, rnd) : new Date(Date.now() + 86_400_000).toISOString();
      if (schema.format === 'date') return rnd() < 0.25 ? pickR(EDGE_DATES, rnd) : new Date().toISOString().slice(0, 10);
      if (schema.pattern === '^[a-f0-9]{24}$') return Array.from({ length: 24 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
      if (schema.pattern) return `fuzz${Math.floor(rnd() * 1e9)}`.padEnd(Math.max(8, schema.minLength ?? 0), '0');
      const words = 'breathlessness opioid titration family goals comfort hospice dose review pain plan'.split(' ');
      let s = '';
      while (s.length < (schema.minLength ?? 1)) s += `${words[Math.floor(rnd() * words.length)]} `;
      // one time in five, text that is valid for the schema but odd for code: a lone surrogate, NUL,
      // bidi override, combining marks, an emoji sequence, format strings
      if (rnd() < 0.2) s = `${pickR(EDGE_TEXT, rnd)} ${s}`;
      const max = schema.maxLength ?? 200;
      return (s.length > max ? s.slice(0, max) : s.trim()).padEnd(schema.minLength ?? 1, 'x');
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? min + 10;
      const step = schema.multipleOf ?? 1;
      return min + step * Math.floor((rnd() * (max - min)) / step);
    }
    case 'boolean':
      return rnd() < 0.5;
    default:
      return null;
  }
}

/** Every object/array location inside a value, as key paths. */
export function locations(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (v && typeof v === 'object' && path.length < 6)
    for (const k of Object.keys(v)) locations((v as Record<string, unknown>)[k], [...path, Array.isArray(v) ? Number(k) : k], out);
  return out;
}

export function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, unknown>;
  Object.defineProperty(cur, path[path.length - 1], { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Adds an own key (defineProperty, so `__proto__` becomes a real key of the JSON). */
export function withKey(obj: unknown, key: string, value: unknown): Record<string, unknown> {
  const base = obj && typeof obj === 'object' && !Array.isArray(obj) ? { ...(obj as Record<string, unknown>) } : {};
  Object.defineProperty(base, key, { value, enumerable: true, writable: true, configurable: true });
  return base;
}

/** Runs tasks with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, run: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= items.length) return;
        await run(items[i], i);
      }
    }),
  );
}

/** A content hash of every collection in every application database (counts + documents sorted by _id). */
export async function dbFingerprint(
  uri: string,
  opts: { skip?: string[] } = {},
): Promise<{ hash: string; counts: Record<string, number> }> {
  const client = new MongoClient(uri, { directConnection: true, serverSelectionTimeoutMS: 5000 });
  await client.connect();
  try {
    const h = createHash('sha256');
    const counts: Record<string, number> = {};
    const dbs = (await client.db('admin').admin().listDatabases()).databases
      .map((d) => d.name)
      .filter((n) => !['admin', 'local', 'config'].includes(n))
      .sort();
    for (const name of dbs) {
      const db = client.db(name);
      const cols = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
      for (const c of cols) {
        if (opts.skip?.includes(c)) continue;
        const docs = await db.collection(c).find({}).sort({ _id: 1 }).toArray();
        counts[`${name}.${c}`] = docs.length;
        h.update(`${name}.${c}:${docs.length}\n`);
        for (const d of docs) h.update(JSON.stringify(d));
      }
    }
    return { hash: h.digest('hex'), counts };
  } finally {
    await client.close();
  }
}

/** True when a body is the contract's error shape with a DOMAIN.REASON-like code. */
export function isErrorBody(body: unknown): boolean {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return (
    !!e &&
    typeof e.code === 'string' &&
    /^[A-Z_]+(\.[A-Z_]+)?$/.test(e.code) &&
    typeof e.message === 'string' &&
    e.message.length > 0 &&
    e.message !== 'App Error'
  );
}
