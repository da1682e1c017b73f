import * as fs from 'node:fs';
import * as path from 'node:path';
import { emitAck, REPO_ROOT, startTestApi, startTestDb, type TestApi, type TestDb, type TestSocket } from '@casebridge/testing';
import { HTTP_MATRIX, SOCKET_MATRIX, outcomeFor, socketOutcomeFor, type HttpEntry, type Outcome, type SocketEntry } from './access-matrix';
import { dbFingerprint } from './hostile';
import { ACTORS, ACTOR_LABELS, World, type ActorName } from './world';

/**
 * Generated access tests: one test per (matrix row × actor) against a real api process with
 * fixtures made through the API. The table is test/security/access-matrix.ts.
 */

const fmt = (o: Outcome): string => (typeof o === 'number' ? String(o) : `${o[0]} ${o[1]}`);
const rowName = (e: HttpEntry): string => `${e.method} ${e.route}${e.variant ? ` [${e.variant}]` : ''}`;

const AUDIT = ['auditrecords'];

/** Routes that exist outside the OpenAPI document on purpose (none are reachable in production). */
const NOT_IN_OPENAPI = ['POST /test/clock (NODE_ENV=test only, middleware)'];

/** Every handled socket event, read from the gateways' decorators (the source of truth at runtime). */
function handledSocketEvents(): string[] {
  const events = new Set<string>();
  const walk = (dir: string): void => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith('.ts') && !ent.name.endsWith('.spec.ts')) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/@SubscribeMessage\(\s*['"`]([^'"`]+)['"`]/g)) events.add(m[1]);
      }
    }
  };
  walk(path.join(REPO_ROOT, 'apps/api/src'));
  return [...events].sort();
}

describe('access matrix (generated from test/security/access-matrix.ts)', () => {
  let db: TestDb;
  let api: TestApi;
  let w: World;
  const sockets = new Map<ActorName, TestSocket>();
  const mismatches: string[] = [];

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { RATE_LIMIT_PER_MINUTE: '1000000', SOCKET_RATE_LIMIT_PER_10S: '1000000' } });
    w = await World.create(api.url);
  }, 120_000);
  afterAll(async () => {
    if (mismatches.length) process.stderr.write(`access matrix mismatches (${mismatches.length}):\n${mismatches.join('\n')}\n`);
    w?.session.close();
    await api?.stop();
    await db?.stop();
  });

  describe('completeness', () => {
    it('has a row for every route in /api/docs-json, and every row names a real route', async () => {
      const doc = await w.session.anonymous().get<{ paths: Record<string, Record<string, unknown>> }>('/docs-json');
      expect(doc.status).toBe(200);
      const served = new Set<string>();
      for (const [p, ops] of Object.entries(doc.body.paths)) for (const m of Object.keys(ops)) served.add(`${m.toUpperCase()} ${p}`);
      const covered = new Set(HTTP_MATRIX.map((e) => `${e.method} ${e.route}`));
      const missing = [...served].filter((r) => !covered.has(r)).sort();
      const stale = [...covered].filter((r) => !served.has(r)).sort();
      // A failure here means: add the route to HTTP_MATRIX (who may call it, and what everyone else gets).
      expect({ missing, stale }).toEqual({ missing: [], stale: [] });
      expect(served.size).toBeGreaterThan(40);
      expect(NOT_IN_OPENAPI.length).toBe(1);
    });

    it('has a row for every socket event a gateway handles (and the contract lists)', () => {
      const handled = handledSocketEvents();
      expect(handled.length).toBeGreaterThan(5);
      expect(handled.filter((e) => !Object.hasOwn(SOCKET_MATRIX, e))).toEqual([]);
      expect(Object.keys(SOCKET_MATRIX).filter((e) => !handled.includes(e))).toEqual([]);
    });

    it('gives every row an outcome for every actor', () => {
      // every actor but the moderator explicitly (the moderator defaults to peerA's outcome)
      for (const e of HTTP_MATRIX)
        expect(
          Object.keys(e.expect)
            .filter((a) => a !== 'moderatorA')
            .sort(),
        ).toEqual(ACTORS.filter((a) => a !== 'moderatorA').sort());
    });
  });

  describe.each(HTTP_MATRIX.map((e) => [rowName(e), e] as const))('%s', (_name, entry) => {
    it.each(ACTORS.map((a) => [`${ACTOR_LABELS[a]} → ${fmt(outcomeFor(entry, a))}`, a] as const))('%s', async (_label, actor) => {
      const needs = entry.needs ?? [];
      const f = entry.mutates ? await w.fresh(needs) : await w.sharedFixtures(needs);
      const spec = await entry.req({ w, f, actor });
      const client = w.api(actor);
      const want = outcomeFor(entry, actor);
      // A refused write must change nothing: a status check alone cannot see a write
      // that happened before the refusal. Fingerprint the whole database around it, except the
      // append-only audit trail, where recording a refused attempt is the point.
      const refusedWrite = entry.method !== 'GET' && typeof want !== 'number';
      const before = refusedWrite ? await dbFingerprint(db.uri, { skip: AUDIT }) : undefined;
      const res = await client.request(entry.method, spec.path, spec.body);
      const got = res.status >= 400 ? `${res.status} ${(res.body as { error?: { code?: string } })?.error?.code}` : String(res.status);
      if (got !== fmt(want))
        mismatches.push(`  ${rowName(entry)} as ${actor}: want ${fmt(want)}, got ${got} ${res.status >= 400 ? '' : ''}`);
      expect(got).toBe(fmt(want));
      if (res.status >= 400)
        expect(res.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
      if (entry.hides && (actor === 'learnerB' || actor === 'facultyB')) expect(JSON.stringify(res.body)).not.toContain(f[entry.hides]);
      if (before) {
        const after = await dbFingerprint(db.uri, { skip: AUDIT });
        const changed = Object.keys({ ...before.counts, ...after.counts }).filter((k) => before.counts[k] !== after.counts[k]);
        expect({ sameHash: after.hash === before.hash, changed }).toEqual({ sameHash: true, changed: [] });
      }
    });
  });

  const socketFor = async (actor: Exclude<ActorName, 'anon'>): Promise<TestSocket> => {
    let s = sockets.get(actor);
    if (!s || !s.connected) {
      s = await w.session.connectAs(w.users[actor]);
      sockets.set(actor, s);
    }
    return s;
  };

  describe.each(Object.entries(SOCKET_MATRIX) as [string, SocketEntry][])('socket %s', (event, entry) => {
    it('unauthenticated → handshake refused with AUTH.UNAUTHORIZED', async () => {
      const socket = w.session.connect({ auth: { accessToken: '' } });
      const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
      expect(err.message).toBe('AUTH.UNAUTHORIZED');
      socket.disconnect();
    });

    const actors = ACTORS.filter((a): a is Exclude<ActorName, 'anon'> => a !== 'anon');
    it.each(actors.map((a) => [`${ACTOR_LABELS[a]} → ${socketOutcomeFor(entry, a)}`, a] as const))('%s', async (_label, actor) => {
      const f = entry.mutates ? await w.fresh(entry.needs) : await w.sharedFixtures(entry.needs);
      const socket = await socketFor(actor);
      for (const b of entry.before?.({ w, f, actor }) ?? []) await emitAck(socket, b.event, b.payload as never);
      const payload = entry.payload({ w, f, actor });
      const want = socketOutcomeFor(entry, actor);
      if (want === 'noack') {
        socket.emit(event as 'session:heartbeat', payload as never);
        // still connected and served afterwards
        expect((await emitAck(socket, 'case:unsubscribe', { caseId: '000000000000000000000000' })).ok).toBe(true);
        return;
      }
      const ack = await emitAck(socket, event as 'case:subscribe', payload as never);
      const got = ack.ok ? 'ok' : ack.error.code;
      if (got !== want) mismatches.push(`  socket ${event} as ${actor}: want ${want}, got ${got}`);
      expect(got).toBe(want);
      if (!ack.ok) expect(ack.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    });
  });
});
