import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import * as jwt from 'jsonwebtoken';
import { MongoClient } from 'mongodb';
import { API_ARGS, ApiClient, emitAck, REPO_ROOT, startTestApi, startTestDb, type TestApi, type TestDb } from '@casebridge/testing';
import { ownProto } from './hostile';
import { cleanCase, clientId, World } from './world';

/**
 * Hostile input, auth, headers/CORS, audit and log hygiene: explicit examples that document the
 * behaviour (the fuzz suite covers the space; these pin down what a reader should know).
 */

/** The api's development default (config.ts); tests run with it, production refuses it. */
const DEV_ACCESS_SECRET = 'dev-access-secret-change-me';
const DEV_REFRESH_SECRET = 'dev-refresh-secret-change-me';
const GOOD_ORIGIN = 'https://casebridge.example';
const MARKER = 'quokka-lantern-marker';

describe('security hardening', () => {
  let db: TestDb;
  let api: TestApi;
  let w: World;
  let caseId: string;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { CORS_ORIGINS: GOOD_ORIGIN, LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '100000' } });
    w = await World.create(api.url);
    caseId = (await w.sharedFixtures(['case'])).case!;
  }, 120_000);
  afterAll(async () => {
    w?.session.close();
    await api?.stop();
    await db?.stop();
  });

  const learner = () => w.users.learnerA.api;

  describe('hostile input', () => {
    it('rejects unknown fields, naming the object that holds them but never echoing the key (user text)', async () => {
      const r = await learner().post('/cases', cleanCase(w.cohortA, { authorId: w.users.admin.id }));
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'VALIDATION.FAILED', details: { field: '(body)' } });
      expect(r.body.error.message).toBe('(body) has a property that is not allowed');
      const marker = 'call-the-daughter-at-303-555-0142';
      const echoed = await learner().post('/cases', cleanCase(w.cohortA, { patient: { age: 70, sex: 'male', state: 'CO', [marker]: 1 } }));
      expect(echoed.status).toBe(400);
      expect(echoed.body.error.details.field).toBe('patient');
      expect(JSON.stringify(echoed.body)).not.toContain(marker);
      const query = await learner().get(`/cases?${marker}=1`);
      expect(query.status).toBe(400);
      expect(JSON.stringify(query.body)).not.toContain(marker);
    });

    it('rejects an own __proto__ key (JSON.parse makes one) and constructor/prototype keys, at the top and nested', async () => {
      const top = await learner().patch('/me', { ...ownProto({ role: 'admin', moderator: true }) });
      expect(top.status).toBe(400);
      expect(top.body.error.details.field).toBe('(body)');
      const nested = await learner().post(
        '/cases',
        cleanCase(w.cohortA, { patient: { age: 70, sex: 'male', state: 'CO', ...ownProto() } }),
      );
      expect(nested.status).toBe(400);
      expect(nested.body.error.details.field).toBe('patient');
      const ctor = await learner().patch('/me', { constructor: { prototype: { role: 'admin' } } });
      expect(ctor.status).toBe(400);
      expect(ctor.body.error.details.field).toBe('(body)');
      // nothing was merged into the user or any prototype
      const me = await learner().get('/me');
      expect(me.body.role).toBe('learner');
      expect(me.body.moderator).toBe(false);
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    });

    it('rejects MongoDB operators and dotted keys wherever a value is expected', async () => {
      const anon = w.session.anonymous();
      const login = await anon.post('/auth/login', { email: { $ne: '' }, password: { $gt: '' } });
      expect(login.status).toBe(400);
      expect(login.body.error.details.field).toBe('email');
      const where = await learner().post(`/cases/${caseId}/posts`, { body: { $where: 'sleep(1000)' }, clientId: clientId() });
      expect(where.status).toBe(400);
      const dotted = await learner().post('/cases', cleanCase(w.cohortA, { 'narrative.history': 'x' }));
      expect(dotted.status).toBe(400);
      expect(dotted.body.error.details.field).toBe('(body)');
      const dollarKey = await learner().post('/cases', cleanCase(w.cohortA, { $set: { status: 'closed' } }));
      expect(dollarKey.status).toBe(400);
      // query strings are parsed flat (no qs brackets), so `cohortId[$ne]` is just an unknown key
      const q = await learner().get('/cases?cohortId[$ne]=x');
      expect(q.status).toBe(400);
      expect(q.body.error.details.field).toBe('(query)');
      // operator-looking text is just text: it is stored and searched literally
      const text = await learner().get(`/cases?q=${encodeURIComponent('{"$where":"1"}')}`);
      expect(text.status).toBe(200);
    });

    it('checks the override payload (an open object in the request schema) against the real schema', async () => {
      const payload = { caseId, body: 'Call 303-555-0199 today.', clientId: clientId(), ...ownProto() };
      const r = await learner().post('/privacy/overrides', {
        target: 'post',
        payload,
        confirmations: [{ field: 'body', start: 5, end: 17, reason: 'ward extension' }],
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toMatch(/^(VALIDATION\.FAILED|PRIVACY\.OVERRIDE_INVALID)$/);
    });

    it('answers 413 VALIDATION.PAYLOAD_TOO_LARGE over 256 KB, before parsing or authentication', async () => {
      const big = JSON.stringify({ body: 'x'.repeat(300_000), clientId: clientId() });
      const r = await learner().request('POST', `/cases/${caseId}/posts`, big);
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('VALIDATION.PAYLOAD_TOO_LARGE');
      const anon = await w.session.anonymous().request('POST', '/auth/login', big);
      expect(anon.status).toBe(413);
    });

    it('refuses malformed ObjectIds: 404 with the resource code on paths (nothing leaks), 400 naming the field in bodies and queries', async () => {
      for (const [path, code] of [
        ['/cases/not-an-id', 'CASE.NOT_FOUND'],
        ['/cases/%24ne/posts', 'CASE.NOT_FOUND'],
        ['/posts/__proto__/history', 'POST.NOT_FOUND'],
        ['/sessions/constructor', 'SESSION.NOT_FOUND'],
        ['/escalations/ffffffffffffffffffffffff', 'ESCALATION.NOT_FOUND'],
      ] as const) {
        const r = await learner().get(path);
        expect([path, r.status, r.body.error.code]).toEqual([path, 404, code]);
      }
      const members = await learner().get('/cohorts/not-an-id/members');
      expect(members.status).toBe(400);
      const body = await learner().post('/sessions', { cohortId: 'zzz', title: 'x', startsAt: new Date().toISOString() });
      expect(body.status).toBe(400);
      expect(body.body.error.details.field).toBe('cohortId');
      const query = await learner().get('/cases?cohortId=123');
      expect(query.status).toBe(400);
      expect(query.body.error.details.field).toBe('cohortId');
    });

    it('checks pagination parameters: 400 naming the field, never a 500', async () => {
      for (const [path, field] of [
        ['/cases?limit=0', 'limit'],
        ['/cases?limit=-1', 'limit'],
        ['/cases?limit=101', 'limit'],
        ['/cases?limit=abc', 'limit'],
        ['/cases?limit=1e309', 'limit'],
        ['/cases?cursor=not-a-cursor', 'cursor'],
        [`/cases?cursor=${Buffer.from('{"$gt":""}').toString('base64url')}`, 'cursor'],
        [`/cases/${caseId}/posts?afterSeq=-1`, 'afterSeq'],
        [`/cases/${caseId}/posts?limit=100000`, 'limit'],
        ['/audit?limit=5000', 'limit'],
        ['/notifications?limit=abc', 'limit'],
      ] as const) {
        const api2 = path.startsWith('/audit') ? w.users.admin.api : learner();
        const r = await api2.get(path);
        expect([path, r.status, r.body.error?.details?.field]).toEqual([path, 400, field]);
      }
    });

    it('gives a socket payload that is null, missing, not an object or has extra keys a failed VALIDATION ack (never silence)', async () => {
      const socket = await w.session.connectAs(w.users.learnerA);
      const raw = (event: string, ...args: unknown[]) =>
        new Promise<unknown>((resolve) => {
          const t = setTimeout(() => resolve('no ack'), 3000);
          (socket.emit as (...a: unknown[]) => void)(event, ...args, (ack: unknown) => {
            clearTimeout(t);
            resolve(ack);
          });
        });
      for (const args of [[null], [], ['text'], [42], [[caseId]], [{ caseId, ...ownProto() }], [{ caseId, $where: '1' }]]) {
        const ack = await raw('case:subscribe', ...args);
        expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED', message: expect.any(String) } });
      }
      socket.disconnect();
    });

    it('closes a socket whose single message exceeds 64 KB (socket.io maxHttpBufferSize): the client sees "transport close" and no ack', async () => {
      const socket = await w.session.connectAs(w.users.learnerA);
      const reason = new Promise<string>((resolve) => socket.once('disconnect', (r) => resolve(r)));
      const ack = emitAck(socket, 'post:create', { caseId, body: 'x'.repeat(70 * 1024), clientId: clientId() }, 3000).catch(
        (e: Error) => e.message,
      );
      expect(await reason).toBe('transport close');
      expect(await ack).toMatch(/no ack/);
      // the server is fine and the user can reconnect at once
      const again = await w.session.connectAs(w.users.learnerA);
      expect((await emitAck(again, 'case:subscribe', { caseId })).ok).toBe(true);
      again.disconnect();
    });

    it('refuses a date-time that JavaScript cannot read (an RFC 3339 leap second) with 400 naming the field, never a 500', async () => {
      // (regression) ajv-formats accepts second 60; new Date() made it an Invalid Date and the insert failed with a 500
      const admin = w.users.admin.api;
      for (const startsAt of ['2026-12-31T23:59:60Z', '2026-06-30T23:59:60.5+00:00']) {
        const r = await admin.post('/sessions', { cohortId: w.cohortA, title: 'Leap second review', startsAt });
        expect([startsAt, r.status, r.body.error?.code, r.body.error?.details?.field]).toEqual([
          startsAt,
          400,
          'VALIDATION.FAILED',
          'startsAt',
        ]);
      }
      const listed = await admin.get<{ title: string }[]>('/sessions');
      expect(listed.body.map((s) => s.title)).not.toContain('Leap second review');
    });

    it('answers an event no gateway handles, sent with an ack, with a failed ack (never silence); the socket stays served', async () => {
      const socket = await w.session.connectAs(w.users.learnerA);
      const raw = (event: string | number, ...args: unknown[]) =>
        new Promise<unknown>((resolve) => {
          const t = setTimeout(() => resolve('no ack'), 3000);
          (socket.emit as (...a: unknown[]) => void)(event, ...args, (ack: unknown) => {
            clearTimeout(t);
            resolve(ack);
          });
        });
      for (const event of ['case:delete', 'error', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'x'.repeat(300), 7]) {
        const ack = await raw(event, { caseId });
        expect([event, ack]).toEqual([event, { ok: false, error: { code: 'COMMON.ROUTE_NOT_FOUND', message: 'No such event' } }]);
      }
      // the volatile heartbeat is sent without an ack; asked for one, it answers (a bad payload with a failed ack)
      expect(await raw('session:heartbeat', { sessionId: 'not-an-id' })).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'VALIDATION.FAILED' }),
      });
      expect(await raw('session:heartbeat', [])).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION.FAILED' }) });
      // without an ack nothing is sent back, and nothing breaks
      (socket.emit as (...a: unknown[]) => void)('case:delete', { caseId });
      expect((await emitAck(socket, 'case:subscribe', { caseId })).ok).toBe(true);
      socket.disconnect();
    });

    it('answers a request the HTTP parser cannot read (bad chunk, raw non-ASCII byte, oversized headers) in the error shape, not an empty 400', async () => {
      const send = (request: string) =>
        new Promise<string>((resolve) => {
          const s = connect(api.port, '127.0.0.1');
          let out = '';
          s.on('data', (d: Buffer) => (out += d.toString('latin1')));
          s.on('close', () => resolve(out));
          s.on('error', () => resolve(out));
          s.end(Buffer.from(request, 'latin1'));
        });
      const cases: [string, number, string][] = [
        [
          `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nab\r\n0\r\n\r\n`,
          400,
          'VALIDATION.FAILED',
        ],
        [`GET /api/cases?q=\u00ff HTTP/1.1\r\nHost: x\r\n\r\n`, 400, 'VALIDATION.FAILED'],
        [`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'VALIDATION.PAYLOAD_TOO_LARGE'],
      ];
      for (const [request, status, code] of cases) {
        const out = await send(request);
        const [head, body] = out.split('\r\n\r\n');
        expect(head.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
        expect(head.toLowerCase()).toContain('content-type: application/json');
        expect(JSON.parse(body)).toEqual({ error: { code, message: expect.any(String) } });
      }
      expect((await fetch(`${api.url}/api/health`)).status).toBe(200);
    });

    it('does not let one user exhaust a shared socket bucket: the HTTP throttler does not run on socket events', async () => {
      // (regression) the global HTTP guard used to count every socket event of every user in one bucket
      const a = await w.session.connectAs(w.users.learnerA);
      const b = await w.session.connectAs(w.users.peerA);
      for (let i = 0; i < 50; i++) await emitAck(a, 'case:unsubscribe', { caseId });
      expect((await emitAck(b, 'case:unsubscribe', { caseId })).ok).toBe(true);
      a.disconnect();
      b.disconnect();
    });
  });

  describe('auth', () => {
    const forge = (claims: object, secret: string, opts: jwt.SignOptions = {}) => jwt.sign(claims, secret, { algorithm: 'HS256', ...opts });

    it('stores passwords as argon2id (OWASP parameters)', async () => {
      const client = new MongoClient(db.uri, { directConnection: true });
      await client.connect();
      try {
        const dbs = (await client.db('admin').admin().listDatabases()).databases
          .map((d) => d.name)
          .filter((n) => !['admin', 'local', 'config'].includes(n));
        const hashes: string[] = [];
        for (const name of dbs) {
          for (const c of await client.db(name).listCollections().toArray()) {
            const docs = await client
              .db(name)
              .collection(c.name)
              .find({ passwordHash: { $exists: true } })
              .toArray();
            hashes.push(...docs.map((d) => String(d.passwordHash)));
          }
        }
        expect(hashes.length).toBeGreaterThanOrEqual(6);
        for (const h of hashes) {
          expect(h).toMatch(/^\$argon2id\$v=19\$[mtp=0-9,]+\$/);
          const params = Object.fromEntries(
            h
              .split('$')[3]
              .split(',')
              .map((kv) => kv.split('=')),
          );
          expect(params).toEqual({ m: '19456', t: '2', p: '1' });
        }
      } finally {
        await client.close();
      }
    });

    it('refuses forged, tampered, alg=none, wrong-key and refresh tokens as access tokens; an expired one gets AUTH.EXPIRED', async () => {
      const sub = w.users.learnerA.id;
      const valid = w.users.learnerA.auth.accessToken;
      const [h, p] = valid.split('.');
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: w.users.admin.id })).toString('base64url')}.${valid.split('.')[2]}`;
      const cases: [string, string, string][] = [
        ['alg none', none, 'AUTH.UNAUTHORIZED'],
        ['tampered payload', tampered, 'AUTH.UNAUTHORIZED'],
        ['wrong key', forge({ sub }, 'not-the-secret', { expiresIn: 600 }), 'AUTH.UNAUTHORIZED'],
        ['refresh token', w.users.learnerA.auth.refreshToken, 'AUTH.UNAUTHORIZED'],
        ['signed with the refresh secret', forge({ sub }, DEV_REFRESH_SECRET, { expiresIn: 600 }), 'AUTH.UNAUTHORIZED'],
        ['HS512', jwt.sign({ sub }, DEV_ACCESS_SECRET, { algorithm: 'HS512', expiresIn: 600 }), 'AUTH.UNAUTHORIZED'],
        ['expired', forge({ sub, exp: Math.floor(Date.now() / 1000) - 10 }, DEV_ACCESS_SECRET), 'AUTH.EXPIRED'],
        ['garbage', 'a.b.c', 'AUTH.UNAUTHORIZED'],
      ];
      for (const [name, token, code] of cases) {
        const r = await new ApiClient(api.url, token).get('/me');
        expect([name, r.status, r.body.error?.code]).toEqual([name, 401, code]);
        const socket = w.session.connect({ auth: { accessToken: token } });
        const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
        expect([name, err.message]).toEqual([name, code]);
        socket.disconnect();
      }
    });

    it('logout revokes the refresh family, and a reused (stolen) refresh token is refused and audited', async () => {
      const anon = w.session.anonymous();
      const a = await anon.post('/auth/login', { email: w.users.peerA.email, password: w.users.peerA.password });
      const b = await anon.post('/auth/refresh', { refreshToken: a.body.refreshToken });
      expect(b.status).toBe(200);
      const reuse = await anon.post('/auth/refresh', { refreshToken: a.body.refreshToken });
      expect(reuse.body.error.code).toBe('AUTH.REFRESH_REUSED');
      const audit = await w.users.admin.api.get('/audit?type=auth.refresh_reuse');
      expect(audit.body.length).toBeGreaterThan(0);
      const c = await anon.post('/auth/login', { email: w.users.peerA.email, password: w.users.peerA.password });
      expect((await new ApiClient(api.url, c.body.accessToken).post('/auth/logout', { refreshToken: c.body.refreshToken })).status).toBe(
        204,
      );
      expect((await anon.post('/auth/refresh', { refreshToken: c.body.refreshToken })).status).toBe(401);
    });

    it('answers a refresh token that is not a string (an object whose toString is not callable, an array) with 400, not 500', async () => {
      const anon = w.session.anonymous();
      for (const refreshToken of [{ toString: 'x' }, { valueOf: 1 }, ['a'], 42, null]) {
        const res = await anon.post('/auth/refresh', { refreshToken });
        expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION.FAILED']);
      }
      const auth = await anon.post('/auth/login', { email: w.users.peerA.email, password: w.users.peerA.password });
      const odd = new ApiClient(api.url, auth.body.accessToken);
      expect((await odd.post('/auth/refresh', { refreshToken: { toString: 'x' } })).status).toBe(400);
    });

    it('answers an unknown email exactly like a wrong password (no account enumeration)', async () => {
      const anon = w.session.anonymous();
      const unknown = await anon.post('/auth/login', { email: 'nobody-here@example.test', password: 'whatever123' });
      const wrong = await anon.post('/auth/login', { email: w.users.facultyB.email, password: 'whatever123' });
      expect([unknown.status, unknown.body.error.code, unknown.body.error.message]).toEqual([
        wrong.status,
        wrong.body.error.code,
        wrong.body.error.message,
      ]);
      // reset facultyB's failure counter
      expect((await anon.post('/auth/login', { email: w.users.facultyB.email, password: w.users.facultyB.password })).status).toBe(200);
    });
  });

  describe('headers and CORS', () => {
    it('sends helmet headers and a strict CSP on API answers', async () => {
      const res = await fetch(`${api.url}/api/health`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-powered-by')).toBeNull();
    });

    it('gives a cross-origin preflight or request from an unlisted origin no Access-Control-Allow-Origin; a listed origin gets exactly itself', async () => {
      const pre = (origin: string) =>
        fetch(`${api.url}/api/cases`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
        });
      const evil = await pre('https://evil.example');
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
      const evilGet = await fetch(`${api.url}/api/health`, { headers: { origin: 'https://evil.example' } });
      expect(evilGet.headers.get('access-control-allow-origin')).toBeNull();
      const nullOrigin = await pre('null');
      expect(nullOrigin.headers.get('access-control-allow-origin')).toBeNull();
      const good = await pre(GOOD_ORIGIN);
      expect(good.headers.get('access-control-allow-origin')).toBe(GOOD_ORIGIN);
      expect(good.headers.get('access-control-allow-credentials')).toBeNull();
    });
  });

  describe('audit and logs', () => {
    it('records logins, case reads, privacy events and role changes, queryable by type (admins only)', async () => {
      const admin = w.users.admin.api;
      await w.session.anonymous().post('/auth/login', { email: w.users.learnerB.email, password: w.users.learnerB.password });
      await w.users.facultyA.api.get(`/cases/${caseId}`);
      const blocked = await learner().post(`/cases/${caseId}/posts`, {
        body: `Reach the family at 303-555-0187, ${MARKER}`,
        clientId: clientId(),
      });
      expect(blocked.status).toBe(422);
      const invite = await admin.post('/invitations', { role: 'faculty', profession: 'chaplain', cohortId: w.cohortA });
      expect(invite.status).toBe(201);
      const of = async (type: string) =>
        (await admin.get<{ type: string; actorId?: string; targetId?: string; meta?: unknown }[]>(`/audit?type=${type}&limit=1000`)).body;
      expect((await of('auth.login')).some((r) => r.actorId === w.users.learnerB.id)).toBe(true);
      expect((await of('case.read')).some((r) => r.actorId === w.users.facultyA.id && r.targetId === caseId)).toBe(true);
      const priv = await of('privacy.blocked');
      expect(priv.some((r) => r.actorId === w.users.learnerA.id)).toBe(true);
      expect(JSON.stringify(priv)).not.toContain('303-555-0187');
      expect(JSON.stringify(priv)).not.toContain(MARKER);
      expect((await of('role.changed')).some((r) => r.actorId === w.users.admin.id)).toBe(true);
      // read-only over HTTP: no route changes or deletes audit records
      for (const m of ['DELETE', 'PATCH', 'PUT', 'POST'])
        expect((await admin.request(m, '/audit', m === 'DELETE' ? undefined : {})).status).toBe(404);
    });

    it('never logs tokens, passwords or post bodies (debug level, after sign-ins, refreshes, posts, PHI rejections)', async () => {
      const anon = w.session.anonymous();
      const secretPassword = `pw-${MARKER}-secret`;
      const inv = await w.users.admin.api.post<{ code: string }>('/invitations', { role: 'learner', cohortId: w.cohortA });
      const reg = await anon.post('/auth/register', {
        inviteCode: inv.body.code,
        email: `${clientId().toLowerCase()}@example.test`,
        password: secretPassword,
        displayName: 'Logger Test',
        profession: 'nurse',
      });
      expect(reg.status).toBe(201);
      const login = await anon.post('/auth/login', { email: reg.body.user.email, password: secretPassword });
      await anon.post('/auth/login', { email: reg.body.user.email, password: `wrong-${MARKER}` });
      const refreshed = await anon.post('/auth/refresh', { refreshToken: login.body.refreshToken });
      const user = new ApiClient(api.url, refreshed.body.accessToken);
      const post = await user.post(`/cases/${caseId}/posts`, { body: `Clinical text ${MARKER} about comfort care.`, clientId: clientId() });
      expect(post.status).toBe(201);
      await user.post(`/cases/${caseId}/posts`, { body: `Phone 303-555-0142 ${MARKER}`, clientId: clientId() });
      const socket = await w.session.connectAs(w.users.learnerA);
      await emitAck(socket, 'post:create', { caseId, body: `Socket text ${MARKER}`, clientId: clientId() });
      socket.disconnect();
      await new Promise((r) => setTimeout(r, 300));
      const out = api.output();
      expect(out.length).toBeGreaterThan(0);
      for (const secret of [
        login.body.accessToken,
        login.body.refreshToken,
        refreshed.body.accessToken,
        refreshed.body.refreshToken,
        w.users.learnerA.auth.accessToken,
        secretPassword,
        MARKER,
        '303-555-0142',
      ]) {
        expect(out).not.toContain(secret);
      }
      expect(out).not.toMatch(/bearer\s+ey/i);
    });
  });

  describe('configuration', () => {
    // async, not spawnSync: the embedded database lives in this process and must keep serving the api meanwhile
    const run = (env: Record<string, string>) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, API_ARGS, {
          cwd: REPO_ROOT,
          env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', ...env },
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('exit', (status) => {
          clearTimeout(t);
          resolve({ status, stderr });
        });
      });
    const strong = { JWT_ACCESS_SECRET: 'a'.repeat(40), JWT_REFRESH_SECRET: 'b'.repeat(40), ADMIN_PASSWORD: 'a-long-production-password' };

    it.each([
      ['the default access secret', { ...strong, JWT_ACCESS_SECRET: '' }, /JWT_ACCESS_SECRET/],
      ['a short access secret', { ...strong, JWT_ACCESS_SECRET: 'short' }, /JWT_ACCESS_SECRET/],
      ['the default refresh secret', { ...strong, JWT_REFRESH_SECRET: DEV_REFRESH_SECRET }, /JWT_REFRESH_SECRET/],
      ['equal secrets', { ...strong, JWT_REFRESH_SECRET: strong.JWT_ACCESS_SECRET }, /JWT_REFRESH_SECRET/],
      ['the default admin password', { ...strong, ADMIN_PASSWORD: 'casebridge-admin' }, /ADMIN_PASSWORD/],
    ])('refuses to start in production with %s', async (_name, env, pattern) => {
      const r = await run(env);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(pattern);
    });
  });

  describe('lockout back-off (slow: waits out the first lock)', () => {
    it('locks after five failures for 30 s, then doubles on the next failure', async () => {
      const anon = w.session.anonymous();
      const u = w.users.facultyB;
      for (let i = 0; i < 5; i++) await anon.post('/auth/login', { email: u.email, password: 'wrong password' });
      const first = await anon.post('/auth/login', { email: u.email, password: u.password });
      expect(first.status).toBe(429);
      expect(first.body.error.code).toBe('AUTH.LOCKED');
      expect(first.body.error.details.retryAfterSeconds).toBeGreaterThan(25);
      expect(first.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(30);
      await new Promise((r) => setTimeout(r, first.body.error.details.retryAfterSeconds * 1000 + 500));
      await anon.post('/auth/login', { email: u.email, password: 'still wrong' });
      const second = await anon.post('/auth/login', { email: u.email, password: u.password });
      expect(second.status).toBe(429);
      expect(second.body.error.details.retryAfterSeconds).toBeGreaterThan(55);
      expect(second.body.error.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    }, 60_000);
  });
});
