import fc from 'fast-check';
import { emitAck, startTestApi, startTestDb, type TestApi, type TestDb, type TestSocket } from '@casebridge/testing';
import { SOCKET_MATRIX } from './access-matrix';
import {
  dbFingerprint,
  HOSTILE_KEYS,
  hostileIds,
  hostileValues,
  isErrorBody,
  locations,
  pool,
  sampleFromSchema,
  setAt,
  withKey,
} from './hostile';
import { World, type ActorName, type Fixtures } from './world';

/**
 * Property-based fuzzing (fast-check) of every REST route (derived from /api/docs-json) and every
 * socket event with hostile values. Properties: no 5xx, the process never dies, every error body is
 * {error:{code,message}} (every failed ack {ok:false,error:{code,message}}), and batches of requests
 * that must be rejected leave the database byte-for-byte unchanged. FUZZ_SEED reproduces a run;
 * FUZZ_SCALE (default 1) scales the request counts.
 */

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const N = {
  rejectHttp: Math.round(3000 * SCALE),
  rejectSocket: Math.round(1500 * SCALE),
  anyHttp: Math.round(5000 * SCALE),
  anySocket: Math.round(2000 * SCALE),
};
const BATCH = 500;
/** Per test: the counts scale with FUZZ_SCALE, so does the time they may take. */
const TIMEOUT = 240_000 * Math.max(1, SCALE);
const HTTP_CONCURRENCY = 12;

interface Route {
  method: string;
  template: string;
  params: string[];
  bodySchema?: Record<string, any>;
}
interface HttpReq {
  actor: ActorName;
  method: string;
  path: string;
  body?: string;
  contentType?: string;
  /** A key of ODD_HEADERS. */
  header?: string;
  label: string;
}
interface SockReq {
  actor: Exclude<ActorName, 'anon'>;
  event: string;
  payload: unknown;
  ack: boolean;
  label: string;
}

const QUERY_KEYS = [
  'limit',
  'cursor',
  'afterSeq',
  'cohortId',
  'q',
  'domain',
  'domains',
  'status',
  'scope',
  'type',
  'upcoming',
  'ppsMin',
  'esasHigh',
  'followed',
];
const QUERY_VALUES = [
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '0x10',
  'abc',
  'ffffffffffffffffffffffff',
  '$ne',
  'true',
  '99999999999999999999',
  '',
  '%00',
  '[object Object]',
  '{"$gt":""}',
  '.*',
  '(a+)+$',
  'x'.repeat(2000),
  '\u0000',
  '\u202E',
  '2026-12-31T23:59:60Z',
  '0000-01-01',
  '1',
];
/** Sent as they are, not percent-encoded: malformed escapes, brackets, prototype keys, repeats. */
const RAW_QUERIES = [
  'q=%',
  'q=%E0%A4',
  'q=%ED%A0%80',
  'limit=%ZZ',
  'a[b][c]=1',
  '__proto__[toString]=x',
  'constructor[prototype][x]=1',
  'toString=1&valueOf=1&hasOwnProperty=1',
  'limit=1&limit=2',
  'cohortId=ffffffffffffffffffffffff&cohortId[]=x',
  '=x&&=',
  `${'domains=1&'.repeat(300)}domains=2`,
];
/** Odd request headers (given the actor's token, if any): encodings, charsets, forwarded-for, auth schemes. */
const ODD_HEADERS: Record<string, (token?: string) => Record<string, string>> = {
  gzipClaim: () => ({ 'content-encoding': 'gzip' }),
  unknownEncoding: () => ({ 'content-encoding': 'x-unknown' }),
  utf16: () => ({ 'content-type': 'application/json; charset=utf-16' }),
  latin1: () => ({ 'content-type': 'application/json; charset=latin1' }),
  badContentType: () => ({ 'content-type': ';;; =' }),
  forwardedGarbage: () => ({ 'x-forwarded-for': 'garbage, , [::1], 999.1.1.1' }),
  basicAuth: () => ({ authorization: 'Basic YTpi' }),
  bearerTwice: (t) => ({ authorization: `Bearer ${t ?? 'x'}, Bearer x` }),
  bearerHuge: () => ({ authorization: `Bearer ${'a'.repeat(8000)}` }),
  bearerDots: () => ({ authorization: 'Bearer a.b.c' }),
  originNull: () => ({ origin: 'null' }),
  acceptXml: () => ({ accept: 'application/xml' }),
};

const UNKNOWN_EVENTS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'error',
  'exception',
  'removeAllListeners',
  'emit',
  'case:delete',
  'admin:promote',
  'x'.repeat(300),
];

describe('fuzz: hostile generated requests against a real api', () => {
  let db: TestDb;
  let api: TestApi;
  let w: World;
  let routes: Route[];
  let realIds: string[];
  let shared: Fixtures;
  const sockets = new Map<string, TestSocket>();
  const failures: string[] = [];
  let cohortAIds: string[] = [];
  let victimId = '';
  const stats = { http: 0, socket: 0, rejected: 0, accepted: 0, acksFailed: 0, acksOk: 0, noAck: 0, batchesUnchanged: 0 };

  const fail = (msg: string): void => {
    if (failures.length < 40) failures.push(msg);
    else if (failures.length === 40) failures.push('… (more)');
  };

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({
      mongoUri: db.uri,
      env: { RATE_LIMIT_PER_MINUTE: '1000000', SOCKET_RATE_LIMIT_PER_10S: '10000000', LOG_LEVEL: 'warn' },
    });
    w = await World.create(api.url);
    shared = await w.sharedFixtures(['cohort', 'case', 'post', 'escalation', 'session', 'review', 'reportedPost']);
    realIds = Object.values(shared)
      .filter((v): v is string => !!v)
      .concat(w.cohortB, w.users.learnerA.id);
    // every shared fixture belongs to cohort A (the cohort fixture is A itself)
    cohortAIds = Object.values(shared).filter((v): v is string => !!v);
    victimId = (await w.session.user({ profession: 'counselor', displayName: 'Fuzz target' })).id;
    const doc = await w.session
      .anonymous()
      .get<{ paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, any> } }>('/docs-json');
    const resolve = (s: any): any => (s?.$ref ? doc.body.components?.schemas?.[s.$ref.split('/').pop()] : s);
    routes = [];
    for (const [p, ops] of Object.entries(doc.body.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        routes.push({
          method: m.toUpperCase(),
          template: p.replace(/^\/api/, ''),
          params: [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]),
          bodySchema: resolve(op.requestBody?.content?.['application/json']?.schema),
        });
      }
    }
    console.log(
      `fuzz: seed ${SEED}; ${routes.length} routes from /api/docs-json (${routes.filter((r) => r.bodySchema).length} with a body schema); ${Object.keys(SOCKET_MATRIX).length} socket events`,
    );
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets.values()) s.disconnect();
    w?.session.close();
    await api?.stop();
    await db?.stop();
  });

  const token = (actor: ActorName): string | undefined => (actor === 'anon' ? undefined : w.users[actor].auth.accessToken);

  /**
   * Faculty answer escalations across cohorts: once a generated escalation of a cohort-A case has
   * been routed to facultyB (a chaplain: any question naming that profession), facultyB may read
   * that case, its thread and its escalation. Their own queue says whether that happened; and, as
   * the access policy reads any escalation naming a faculty member's profession (claimed by a
   * colleague or not), so does the list of every escalation naming facultyB's profession.
   */
  async function reachedByEscalation(): Promise<boolean> {
    const get = async (path: string, actor: ActorName): Promise<unknown> => {
      const res = await fetch(`${api.url}/api${path}`, { headers: { authorization: `Bearer ${token(actor)}` } });
      return res.status === 200 ? res.json() : undefined;
    };
    const queue = await get('/escalations', 'facultyB');
    if (cohortAIds.some((id) => JSON.stringify(queue ?? '').includes(id))) return true;
    const me = (await get('/me', 'facultyB')) as { profession?: string } | undefined;
    const all = (await get('/escalations?scope=all', 'admin')) as { cohortId: string; targetProfessions: string[] }[] | undefined;
    return (
      Array.isArray(all) &&
      !!me?.profession &&
      all.some((e) => cohortAIds.includes(e.cohortId) && e.targetProfessions.includes(me.profession!))
    );
  }

  async function send(r: HttpReq, mustReject: boolean): Promise<void> {
    stats.http++;
    let res: Response;
    try {
      res = await fetch(`${api.url}/api${r.path}`, {
        method: r.method,
        headers: {
          ...(r.body !== undefined ? { 'content-type': r.contentType ?? 'application/json' } : {}),
          ...(token(r.actor) ? { authorization: `Bearer ${token(r.actor)}` } : {}),
          ...(r.header ? ODD_HEADERS[r.header](token(r.actor)) : {}),
        },
        body: r.body,
      });
    } catch (err) {
      fail(`${r.label}: transport error ${(err as Error).message}`);
      return;
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    // The health probe reports the database's latency: on a saturated machine its 1.5 s ping may
    // time out (503 DB.UNAVAILABLE). That is its job, not a crash; the last test asserts it healthy.
    const slowProbe = r.path.split('?')[0] === '/health' && res.status === 503 && text.includes('"DB.UNAVAILABLE"');
    if (res.status >= 500 && !slowProbe) return fail(`${r.label}: ${res.status} ${text.slice(0, 200)}`);
    if (res.status >= 400) {
      stats.rejected++;
      if (!isErrorBody(body)) fail(`${r.label}: ${res.status} without {error:{code,message}}: ${text.slice(0, 200)}`);
    } else {
      stats.accepted++;
      if (mustReject) fail(`${r.label}: accepted (${res.status}) a request that must be rejected`);
      // "anything goes" used to accept any 2xx, even an actor of cohort B succeeding with
      // cohort A's ids. A success for them may neither name an A id in the path or body nor return one
      // (a list filtered to cohort A answers 200 with nothing of A in it).
      if (r.actor === 'learnerB' || r.actor === 'facultyB') {
        const pathOnly = r.path.split('?')[0];
        const named = cohortAIds.filter((id) => pathOnly.includes(id) || (typeof r.body === 'string' && r.body.includes(id)));
        const returned = cohortAIds.filter((id) => text.includes(id));
        if ((named.length || returned.length) && !(r.actor === 'facultyB' && (await reachedByEscalation())))
          fail(`${r.label}: ${res.status} for ${r.actor} (cohort B) with cohort A ids ${JSON.stringify({ named, returned })}`);
      }
    }
  }

  function buildHttp(route: Route, g: any, rejectOnly: boolean): HttpReq {
    // anything-goes: real ids of any kind (cross-kind and cross-cohort) or hostile ones; reject-only: never a real id
    // ("." and ".." are resolved away by the URL parser before they are sent: /cases/. is the list)
    const ids: string[] = g.ids.map((id: { real: number; hostile: string }) =>
      rejectOnly ? (['.', '..'].includes(id.hostile) ? '$ne' : id.hostile) : id.real < 0 ? id.hostile : realIds[id.real % realIds.length],
    );
    const idOk = (id: string) => !realIds.includes(id);
    let actor: ActorName = g.actor;
    let p = route.template;
    // Account administration (deactivate, role, cohorts) on a real id would sign the fuzzer's own
    // actors out; there "anything goes" aims at a throwaway account instead.
    const userRoute = route.template.startsWith('/users/{');
    route.params.forEach(
      (name, i) =>
        (p = p.replace(
          `{${name}}`,
          encodeURIComponent(userRoute && !rejectOnly && (ids[i] ?? ids[0]) === w.users.learnerA.id ? victimId : (ids[i] ?? ids[0])),
        )),
    );
    let body: string | undefined;
    let contentType: string | undefined;
    const rnd = mulberry(g.seed);
    const base = route.bodySchema ? sampleFromSchema(route.bodySchema, rnd) : undefined;
    const props = Object.keys(route.bodySchema?.properties ?? {});
    if (rejectOnly) {
      if (route.bodySchema) {
        // an unknown top-level key: every request body schema is closed (additionalProperties: false)
        const key = HOSTILE_KEYS.filter((k) => !props.includes(k))[g.key % HOSTILE_KEYS.filter((k) => !props.includes(k)).length];
        body = JSON.stringify(
          withKey(g.mode === 'mutateValue' ? setAt(base, pick(locations(base), g.loc), g.hostile) : base, key, g.hostile),
        );
      } else if (!route.params.length || !ids.every(idOk)) {
        actor = 'anon';
      }
    } else if (route.bodySchema || g.mode === 'randomJson' || g.mode === 'raw') {
      switch (g.mode) {
        case 'valid':
          body = JSON.stringify(base);
          break;
        case 'mutateValue':
          body = JSON.stringify(setAt(base, pick(locations(base), g.loc), g.hostile));
          break;
        case 'addKey': {
          const locs = locations(base).filter((l) => {
            const v = l.reduce<any>((o, k) => o?.[k], base);
            return v && typeof v === 'object' && !Array.isArray(v);
          });
          const at = pick(locs.length ? locs : [[]], g.loc);
          const target = at.reduce<any>((o, k) => o?.[k], base);
          body = JSON.stringify(setAt(base, at, withKey(target, HOSTILE_KEYS[g.key % HOSTILE_KEYS.length], g.hostile)));
          break;
        }
        case 'dropKey': {
          const o = { ...(base as Record<string, unknown>) };
          delete o[props[g.key % Math.max(1, props.length)]];
          body = JSON.stringify(o);
          break;
        }
        case 'randomJson':
          body = JSON.stringify(g.hostile) ?? 'null';
          break;
        case 'raw':
          [body, contentType] = RAW_BODIES[g.key % RAW_BODIES.length];
          break;
      }
    }
    if (route.method === 'GET' || route.method === 'HEAD') body = undefined;
    const query = [
      ...(rejectOnly ? [] : g.query.map(([k, v]: [string, string]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)),
      ...(!rejectOnly && g.rawQuery ? [g.rawQuery] : []),
    ];
    if (query.length) p += `?${query.join('&')}`;
    return {
      header: rejectOnly ? undefined : (g.header ?? undefined),
      actor,
      method: route.method,
      path: p,
      body,
      contentType,
      label: `${route.method} ${p.slice(0, 120)} as ${actor} [${rejectOnly ? 'reject' : g.mode}]${!rejectOnly && g.header ? ` header=${g.header}` : ''} body=${(body ?? '').slice(0, 100)}`,
    };
  }

  const httpArb = fc.record({
    route: fc.nat(),
    actor: fc.constantFrom<ActorName>('admin', 'admin', 'learnerA', 'learnerA', 'facultyA', 'peerA', 'learnerB', 'facultyB', 'anon'),
    ids: fc.array(fc.record({ real: fc.integer({ min: -3, max: 50 }), hostile: hostileIds() }), { minLength: 2, maxLength: 2 }),
    mode: fc.constantFrom('valid', 'mutateValue', 'mutateValue', 'addKey', 'addKey', 'dropKey', 'randomJson', 'raw'),
    hostile: hostileValues(),
    key: fc.nat(),
    loc: fc.nat(),
    seed: fc.integer(),
    query: fc.array(
      fc.tuple(
        fc.constantFrom(...QUERY_KEYS, ...HOSTILE_KEYS, 'limit[$gt]', 'cohortId[$ne]', '__proto__[x]'),
        fc.oneof(fc.constantFrom(...QUERY_VALUES), fc.string({ maxLength: 30 })),
      ),
      { maxLength: 4 },
    ),
    rawQuery: fc.option(fc.constantFrom(...RAW_QUERIES), { freq: 4 }),
    header: fc.option(fc.constantFrom(...Object.keys(ODD_HEADERS)), { freq: 3 }),
  });

  it(
    `rejects ${N.rejectHttp} hostile HTTP requests (400/401/404/413…), and each rejected batch leaves the database unchanged`,
    async () => {
      const gens = fc.sample(httpArb, { numRuns: N.rejectHttp, seed: SEED });
      for (let b = 0; b < gens.length; b += BATCH) {
        const before = await dbFingerprint(db.uri);
        // the public health probe cannot be made to fail; every other route can
        const rejectable = routes.filter((r) => r.template !== '/health');
        await pool(gens.slice(b, b + BATCH), HTTP_CONCURRENCY, (g) =>
          send(buildHttp(rejectable[g.route % rejectable.length], g, true), true),
        );
        const after = await dbFingerprint(db.uri);
        if (after.hash === before.hash) stats.batchesUnchanged++;
        else fail(`rejected batch ${b / BATCH} changed the database: ${JSON.stringify(diffCounts(before.counts, after.counts))}`);
      }
      expect(failures).toEqual([]);
    },
    TIMEOUT,
  );

  const socketFor = async (actor: Exclude<ActorName, 'anon'>): Promise<TestSocket> => {
    let s = sockets.get(actor);
    if (!s || !s.connected) {
      s = await w.session.connectAs(w.users[actor]);
      sockets.set(actor, s);
    }
    return s;
  };

  const events = Object.keys(SOCKET_MATRIX);
  const sockArb = fc.record({
    actor: fc.constantFrom<Exclude<ActorName, 'anon'>>('admin', 'learnerA', 'facultyA', 'peerA', 'learnerB', 'facultyB'),
    event: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...events) }, { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_EVENTS) }),
    mode: fc.constantFrom('valid', 'mutateValue', 'mutateValue', 'addKey', 'nonObject', 'hostileIds'),
    hostile: hostileValues(),
    id: hostileIds(),
    key: fc.nat(),
    loc: fc.nat(),
    ack: fc.boolean(),
  });

  function buildSocket(g: any, rejectOnly: boolean): SockReq {
    // own keys only: SOCKET_MATRIX['constructor'] would be Object's
    const entry = Object.hasOwn(SOCKET_MATRIX, g.event) ? SOCKET_MATRIX[g.event as keyof typeof SOCKET_MATRIX] : undefined;
    const base = entry ? (entry.payload({ w, f: shared, actor: g.actor }) as Record<string, unknown>) : { caseId: shared.case };
    let payload: unknown;
    // socket.io closes a connection whose message exceeds maxHttpBufferSize (64 KB): that is tested on its own
    const hostile = JSON.stringify(g.hostile ?? null).length > 30_000 ? 'x'.repeat(1000) : g.hostile;
    let event: string = g.event;
    if (rejectOnly) {
      if (!entry || event === 'session:heartbeat') event = 'post:create';
      const baseR = SOCKET_MATRIX[event as keyof typeof SOCKET_MATRIX].payload({ w, f: shared, actor: g.actor }) as Record<string, unknown>;
      const keys = HOSTILE_KEYS.filter((k) => !(k in baseR));
      payload = g.mode === 'nonObject' ? [hostile, 'x', 1, null][g.key % 4] : withKey(baseR, keys[g.key % keys.length], hostile);
      if (g.mode === 'nonObject' && payload && typeof payload === 'object' && !Array.isArray(payload)) payload = [payload];
      return {
        actor: g.actor,
        event,
        payload,
        ack: true,
        label: `socket ${event} as ${g.actor} [reject] ${JSON.stringify(payload)?.slice(0, 120)}`,
      };
    }
    switch (g.mode) {
      case 'valid':
        payload = base;
        break;
      case 'mutateValue':
        payload = setAt(base, pick(locations(base), g.loc), hostile);
        break;
      case 'addKey':
        payload = withKey(base, HOSTILE_KEYS[g.key % HOSTILE_KEYS.length], hostile);
        break;
      case 'nonObject':
        payload = hostile;
        break;
      case 'hostileIds':
        payload = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, /Id$/.test(k) ? g.id : v]));
        break;
    }
    return {
      actor: g.actor,
      event,
      payload,
      ack: g.ack || (event !== 'session:heartbeat' && Object.hasOwn(SOCKET_MATRIX, event)),
      label: `socket ${event} as ${g.actor} [${g.mode}] ${JSON.stringify(payload)?.slice(0, 120)}`,
    };
  }

  async function emit(r: SockReq, mustReject: boolean): Promise<void> {
    stats.socket++;
    const socket = await socketFor(r.actor);
    // every event sent with an ack, unknown ones and the (usually unacked) heartbeat included,
    // must be answered
    if (!r.ack) {
      (socket.emit as (e: string, p: unknown) => void)(r.event, r.payload);
      stats.noAck++;
      return;
    }
    try {
      const ack = await emitAck(socket, r.event as 'case:subscribe', r.payload as never, 8000);
      if (ack.ok) {
        stats.acksOk++;
        if (mustReject) fail(`${r.label}: acked ok, must be rejected`);
      } else {
        stats.acksFailed++;
        if (!isErrorBody({ error: ack.error })) fail(`${r.label}: failed ack without {code,message}: ${JSON.stringify(ack).slice(0, 200)}`);
        if (/^INTERNAL/.test(ack.error.code)) fail(`${r.label}: ${ack.error.code}`);
      }
    } catch (err) {
      fail(`${r.label}: ${(err as Error).message} (connected: ${socket.connected})`);
    }
  }

  it(
    `rejects ${N.rejectSocket} hostile socket payloads with a failed ack, leaving the database unchanged`,
    async () => {
      const gens = fc.sample(sockArb, { numRuns: N.rejectSocket, seed: SEED + 1 });
      for (let b = 0; b < gens.length; b += BATCH) {
        const before = await dbFingerprint(db.uri);
        await pool(gens.slice(b, b + BATCH), 12, (g) => emit(buildSocket(g, true), true));
        const after = await dbFingerprint(db.uri);
        if (after.hash === before.hash) stats.batchesUnchanged++;
        else fail(`rejected socket batch ${b / BATCH} changed the database: ${JSON.stringify(diffCounts(before.counts, after.counts))}`);
      }
      expect(failures).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    `survives ${N.anyHttp} generated HTTP requests of every kind (valid, mutated, cross-cohort ids, raw bodies): no 5xx, error bodies well-formed`,
    async () => {
      const gens = fc.sample(httpArb, { numRuns: N.anyHttp, seed: SEED + 2 });
      await pool(gens, HTTP_CONCURRENCY, (g) => send(buildHttp(routes[g.route % routes.length], g, false), false));
      expect(failures).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    `survives ${N.anySocket} generated socket events (unknown events, missing acks, non-object payloads)`,
    async () => {
      const gens = fc.sample(sockArb, { numRuns: N.anySocket, seed: SEED + 3 });
      await pool(gens, 12, (g) => emit(buildSocket(g, false), false));
      // every socket is still connected and served
      for (const [actor, s] of sockets) {
        if (!s.connected) fail(`socket of ${actor} was disconnected by a payload under the size limit`);
        else if (!(await emitAck(s, 'case:unsubscribe', { caseId: '000000000000000000000000' })).ok)
          fail(`socket of ${actor} no longer served`);
      }
      expect(failures).toEqual([]);
    },
    TIMEOUT,
  );

  it('leaves the api alive and healthy, and reports the run', async () => {
    expect(api.child.exitCode).toBeNull();
    const health = await fetch(`${api.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await w.users.learnerA.api.get(`/cases/${shared.case}`)).status).toBe(200);
    const total = stats.http + stats.socket;
    console.log(
      `fuzz result (seed ${SEED}): ${total} generated requests = ${stats.http} HTTP (${stats.rejected} rejected 4xx, ${stats.accepted} accepted) + ${stats.socket} socket events ` +
        `(${stats.acksFailed} failed acks, ${stats.acksOk} ok acks, ${stats.noAck} without ack); ${stats.batchesUnchanged} rejected batches left the database unchanged; ` +
        `${failures.length} failures; server errors: 0 allowed`,
    );
    if (SCALE >= 1) expect(total).toBeGreaterThanOrEqual(10_000);
    expect(failures).toEqual([]);
  });
});

const RAW_BODIES: [string, string][] = [
  ['{"email":', 'application/json'],
  ['[', 'application/json'],
  ['{"__proto__":{"isAdmin":true},"email":"a@b.co","password":"x"}', 'application/json'],
  ['{"constructor":{"prototype":{"polluted":true}}}', 'application/json'],
  ['email[$ne]=x&password[$ne]=x', 'application/x-www-form-urlencoded'],
  ['<xml>&lt;</xml>', 'application/xml'],
  ['plain text', 'text/plain'],
  ['null', 'application/json'],
  ['"string"', 'application/json'],
  ['1e999', 'application/json'],
  [`{"a":"${'x'.repeat(300_000)}"}`, 'application/json'],
  ['\u0000\u0001\u0002', 'application/json'],
  ['{"a":1,"a":2}', 'application/json'],
  [`${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'],
];

function pick<T>(arr: T[], n: number): T {
  return arr[n % arr.length];
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function diffCounts(a: Record<string, number>, b: Record<string, number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[k] !== b[k]) out[k] = `${a[k] ?? 0} → ${b[k] ?? 0}`;
  return Object.keys(out).length ? out : { note: 'same counts, different content' };
}
