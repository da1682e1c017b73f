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
      if (schema.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (schema.pattern === '^[a-f0-9]{24}$') return Array.from({ length: 24 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
      if (schema.pattern) return `fuzz${Math.floor(rnd() * 1e9)}`.padEnd(Math.max(8, schema.minLength ?? 0), '0');
      const words = 'breathlessness opioid titration family goals comfort hospice dose review pain plan'.split(' ');
      let s = '';
      while (s.length < (schema.minLength ?? 1)) s += `${words[Math.floor(rnd() * words.length)]} `;
      return s.trim().slice(0, schema.maxLength ?? 200) || 'x';
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
