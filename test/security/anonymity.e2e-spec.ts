import { emitAck, startTestApi, startTestDb, type TestApi, type TestDb, type TestSocket, type TestUser } from '@casebridge/testing';
import { HTTP_MATRIX, SOCKET_MATRIX, type HttpEntry } from './access-matrix';
import { CLEAN_QUESTION, World, cleanCase, clientId, type Fixtures } from './world';

/**
 * Anonymity, generated. learnerA writes an anonymous case and an anonymous
 * post, escalates the case (answered by faculty: a recommendation post), resolves the escalation,
 * and is the presenter of a live session on that case. Then, for EVERY route of the access matrix
 * a peer may call and every socket event a peer may send, with those records as fixtures, plus
 * every event the peer's socket received meanwhile: the peer's view never contains learnerA's id
 * or display name. Faculty, a learner moderator, the admin and learnerA herself still see who it is.
 *
 * The one route left out on purpose is the cohort directory (GET /cohorts/{id}/members): it lists
 * everyone by design; what must not exist is a link from an anonymous record to an entry in it.
 * Sign-in and refresh rows are left out because they act with learnerA's own credentials.
 */

const DIRECTORY = new Set(['GET /api/cohorts/{id}/members']);
const OWN_CREDENTIALS = new Set(['POST /api/auth/login', 'POST /api/auth/refresh']);
const rowName = (e: HttpEntry): string => `${e.method} ${e.route}${e.variant ? ` [${e.variant}]` : ''}`;
const peerReads = (e: HttpEntry): boolean =>
  typeof e.expect.peerA === 'number' && !DIRECTORY.has(`${e.method} ${e.route}`) && !OWN_CREDENTIALS.has(`${e.method} ${e.route}`);

describe('anonymity: a peer never learns who the anonymous author is (generated from the access matrix)', () => {
  let db: TestDb;
  let api: TestApi;
  let w: World;
  let author: TestUser;
  let peer: TestUser;
  let moderator: TestUser;
  let peerSocket: TestSocket;
  const received: { event: string; payload: unknown }[] = [];
  const f: Fixtures = {};

  const leaks = (value: unknown): string[] => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return [author.id, author.displayName].filter((needle) => text?.includes(needle));
  };

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { RATE_LIMIT_PER_MINUTE: '1000000', SOCKET_RATE_LIMIT_PER_10S: '1000000' } });
    w = await World.create(api.url);
    author = w.users.learnerA;
    peer = w.users.peerA;
    moderator = w.users.moderatorA;

    peerSocket = await w.session.connectAs(peer);
    peerSocket.onAny((event: string, payload: unknown) => received.push({ event, payload }));

    const must = <T>(res: { status: number; body: T }, status: number, what: string): T => {
      if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const a = author.api;
    f.cohort = w.cohortA;
    f.case = must(await a.post<{ id: string }>('/cases', cleanCase(w.cohortA, { anonymous: true })), 201, 'anonymous case').id;
    // the peer watches the thread live and follows it (so it gets the notifications)
    expect((await emitAck(peerSocket, 'case:subscribe', { caseId: f.case })).ok).toBe(true);
    must(await peer.api.put(`/cases/${f.case}/follow`, { level: 'following' }), 200, 'follow');
    f.post = must(
      await a.post<{ id: string }>(`/cases/${f.case}/posts`, {
        body: 'What has worked for others here?',
        clientId: clientId(),
        anonymous: true,
      }),
      201,
      'anonymous post',
    ).id;
    f.escalation = must(
      await a.post<{ id: string }>(`/cases/${f.case}/escalations`, {
        question: CLEAN_QUESTION,
        domains: [2],
        professions: ['physician'],
        urgency: 'routine',
      }),
      201,
      'escalation',
    ).id;
    const fa = w.users.facultyA.api;
    must(await fa.post(`/escalations/${f.escalation}/claim`), 200, 'claim');
    must(
      await fa.post(`/escalations/${f.escalation}/answer`, {
        restatedQuestion: 'Opioid titration for breathlessness.',
        recommendations: 'Start low and titrate every two days.',
        rationale: 'Evidence supports low-dose opioids for dyspnea.',
      }),
      200,
      'answer',
    );
    must(await a.post(`/escalations/${f.escalation}/resolve`), 200, 'resolve');
    f.session = must(
      await fa.post<{ id: string }>('/sessions', {
        cohortId: w.cohortA,
        title: 'Case conference',
        startsAt: new Date(Date.now() + 3600_000).toISOString(),
        presenterCaseId: f.case,
        presenterId: author.id,
      }),
      201,
      'session',
    ).id;
    expect((await emitAck(peerSocket, 'session:join', { sessionId: f.session })).ok).toBe(true);
    must(await fa.post(`/sessions/${f.session}/start`), 200, 'start');
    // let the last broadcasts arrive
    await new Promise((r) => setTimeout(r, 500));
  }, 120_000);

  afterAll(async () => {
    w?.session.close();
    await api?.stop();
    await db?.stop();
  });

  it('the scenario reached the peer live (so the event check below checks something)', () => {
    const events = received.map((r) => r.event);
    expect(events).toEqual(expect.arrayContaining(['post:created', 'session:event', 'notification:created']));
    expect(received.some((r) => r.event === 'post:created' && (r.payload as { kind?: string }).kind === 'recommendation')).toBe(true);
    expect(received.some((r) => r.event === 'session:event' && (r.payload as { type?: string }).type === 'presenter')).toBe(true);
  });

  const rows = HTTP_MATRIX.filter(peerReads);
  it('covers every peer-readable row of the matrix (at least the anonymity-relevant ones)', () => {
    const names = rows.map(rowName);
    for (const r of [
      'GET /api/escalations/{id}',
      'GET /api/sessions/{id}',
      'GET /api/sessions',
      'GET /api/cases/{id}/posts',
      'GET /api/notifications',
      'GET /api/cases/{id}',
    ]) {
      expect(names).toContain(r);
    }
  });

  // Reads first (they leave the fixtures as they are), then the peer's own writes.
  const ordered = [...rows.filter((e) => !e.mutates), ...rows.filter((e) => e.mutates)];
  it.each(ordered.map((e) => [rowName(e), e] as const))('HTTP %s: the peer view names no anonymous author', async (_n, entry) => {
    const spec = await entry.req({ w, f, actor: 'peerA' });
    const res = await peer.api.request(entry.method, spec.path, spec.body);
    expect(res.status).toBe(entry.expect.peerA);
    expect(leaks(res.body)).toEqual([]);
  });

  const socketRows = Object.entries(SOCKET_MATRIX).filter(([, e]) => e.expect.peerA === 'ok');
  it.each(socketRows)('socket %s: the peer ack names no anonymous author', async (event, entry) => {
    const ctx = { w, f, actor: 'peerA' as const };
    for (const b of entry.before?.(ctx) ?? []) expect(leaks(await emitAck(peerSocket, b.event, b.payload as never))).toEqual([]);
    const ack = await emitAck(peerSocket, event as 'case:subscribe', entry.payload(ctx) as never);
    expect(ack.ok).toBe(true);
    expect(leaks(ack)).toEqual([]);
  });

  it('every event the peer socket received names no anonymous author', () => {
    expect(received.length).toBeGreaterThan(5);
    const bad = received.filter((r) => leaks(r.payload).length).map((r) => r.event);
    expect(bad).toEqual([]);
  });

  it('faculty, a moderator, the admin and the author still see who asked and who presents', async () => {
    for (const viewer of [w.users.facultyA, moderator, w.users.admin, author]) {
      const esc = await viewer.api.get<{ askerId?: string; timeline: { type: string; actorId?: string }[] }>(
        `/escalations/${f.escalation}`,
      );
      expect(esc.status).toBe(200);
      expect(esc.body.askerId).toBe(author.id);
      expect(esc.body.timeline.find((t) => t.type === 'created')?.actorId).toBe(author.id);
      const session = await viewer.api.get<{ session: { presenterId?: string } }>(`/sessions/${f.session}`);
      expect(session.body.session.presenterId).toBe(author.id);
    }
    for (const viewer of [w.users.facultyA, moderator, w.users.admin]) {
      const posts = await viewer.api.get<{
        items: { author: { id: string | null }; kind: string; recommendation?: { escalationId?: string } }[];
      }>(`/cases/${f.case}/posts`);
      expect(posts.status).toBe(200);
      const items =
        posts.body.items ??
        (posts.body as unknown as { author: { id: string | null }; kind: string; recommendation?: { escalationId?: string } }[]);
      expect(items.find((p) => p.kind === 'recommendation')?.recommendation?.escalationId).toBe(f.escalation);
      expect(items.some((p) => p.author.id === author.id)).toBe(true);
    }
  });

  it('the peer sees that the asker and presenter are withheld, not just missing', async () => {
    const esc = await peer.api.get<{ askerId?: string; askerAnonymous?: boolean }>(`/escalations/${f.escalation}`);
    expect(esc.body).toMatchObject({ askerAnonymous: true });
    expect(esc.body).not.toHaveProperty('askerId');
    const session = await peer.api.get<{ session: { presenterId?: string; presenterAnonymous?: boolean; presenterCaseId?: string } }>(
      `/sessions/${f.session}`,
    );
    expect(session.body.session).toMatchObject({ presenterAnonymous: true, presenterCaseId: f.case });
  });
});
