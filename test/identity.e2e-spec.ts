import { ApiClient, TestSession, emitAck, nextEvent, startTestApi, startTestDb, type TestApi, type TestDb } from '@casebridge/testing';

describe('identity: sign-in, tokens, invitations, sockets', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { ACCESS_TOKEN_TTL_SECONDS: '6' } });
    session = await new TestSession(api.url).init();
  });
  afterAll(async () => {
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  it('registers with an invitation: the user joins its cohort with its role and chosen profession', async () => {
    const cohort = await session.cohort();
    const user = await session.user({ role: 'learner', profession: 'chaplain', cohortId: cohort.id });
    const me = await user.api.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'learner', profession: 'chaplain', cohortIds: [cohort.id], email: user.email });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('refuses a used, unknown or malformed invitation and a duplicate email', async () => {
    const invite = await session.admin.api.post('/invitations', { role: 'learner' });
    const anon = session.anonymous();
    const body = { inviteCode: invite.body.code, email: 'dup@example.test', password: 'long enough pw', displayName: 'A', profession: 'nurse' };
    expect((await anon.post('/auth/register', body)).status).toBe(201);
    const again = await anon.post('/auth/register', { ...body, email: 'other@example.test' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVITE.INVALID');
    const invite2 = await session.admin.api.post('/invitations', { role: 'learner' });
    const dup = await anon.post('/auth/register', { ...body, inviteCode: invite2.body.code });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('USER.EMAIL_TAKEN');
    const badProfession = await anon.post('/auth/register', { ...body, inviteCode: invite2.body.code, email: 'x@example.test', profession: 'wizard' });
    expect(badProfession.status).toBe(400);
    expect(badProfession.body.error.details.field).toBe('profession');
  });

  it('rotates refresh tokens; a reused refresh token revokes the whole family; logout revokes', async () => {
    const user = await session.user({ profession: 'nurse' });
    const anon = session.anonymous();
    const first = await anon.post('/auth/refresh', { refreshToken: user.auth.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.auth.refreshToken);
    const reuse = await anon.post('/auth/refresh', { refreshToken: user.auth.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('AUTH.REFRESH_REUSED');
    // the descendant of the reused token died with its family
    const after = await anon.post('/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(after.status).toBe(401);

    const login = await anon.post('/auth/login', { email: user.email, password: user.password });
    const client = new ApiClient(api.url, login.body.accessToken);
    // Someone else's refresh token is not theirs to revoke.
    const other = await session.user({ profession: 'chaplain' });
    expect((await other.api.post('/auth/logout', { refreshToken: login.body.refreshToken })).status).toBe(204);
    const stillAlive = await anon.post('/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(stillAlive.status).toBe(200);
    expect((await client.post('/auth/logout', { refreshToken: stillAlive.body.refreshToken })).status).toBe(204);
    expect((await anon.post('/auth/refresh', { refreshToken: stillAlive.body.refreshToken })).status).toBe(401);
    // the refreshed-away token is dead too (used, and its family revoked)
    expect((await anon.post('/auth/refresh', { refreshToken: login.body.refreshToken })).status).toBe(401);
  });

  it('locks an account after repeated wrong passwords, with a retry time', async () => {
    const user = await session.user({ profession: 'pharmacist' });
    const anon = session.anonymous();
    for (let i = 0; i < 5; i++) {
      const r = await anon.post('/auth/login', { email: user.email, password: 'wrong password' });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('AUTH.INVALID_CREDENTIALS');
    }
    const locked = await anon.post('/auth/login', { email: user.email, password: user.password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('AUTH.LOCKED');
    expect(locked.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    const unknown = await anon.post('/auth/login', { email: 'nobody@example.test', password: 'whatever' });
    expect(unknown.body.error.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('lets faculty invite learners to their own cohort only; learners cannot create cohorts', async () => {
    const mine = await session.cohort();
    const other = await session.cohort();
    const faculty = await session.user({ role: 'faculty', profession: 'physician', cohortId: mine.id });
    expect((await faculty.api.post('/invitations', { role: 'learner', cohortId: mine.id })).status).toBe(201);
    const elsewhere = await faculty.api.post('/invitations', { role: 'learner', cohortId: other.id });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('COHORT.NOT_FOUND');
    expect((await faculty.api.post('/invitations', { role: 'admin', cohortId: mine.id })).status).toBe(403);
    const learner = await session.user({ role: 'learner', profession: 'nurse', cohortId: mine.id });
    const create = await learner.api.post('/cohorts', { name: 'Mine' });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('AUTH.FORBIDDEN');
    const members = await learner.api.get(`/cohorts/${mine.id}/members`);
    expect(members.status).toBe(200);
    expect(members.body.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining([faculty.id, learner.id]));
    expect((await learner.api.get(`/cohorts/${other.id}/members`)).status).toBe(404);
  });

  it('lets faculty go off duty and set expertise domains', async () => {
    const faculty = await session.user({ role: 'faculty', profession: 'pharmacist' });
    expect(faculty.user.expertiseDomains).toEqual([2]);
    const r = await faculty.api.patch('/me', { onDuty: false, expertiseDomains: [2, 7] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ onDuty: false, expertiseDomains: [2, 7] });
    expect((await faculty.api.patch('/me', { expertiseDomains: [9] })).status).toBe(400);
  });

  it('refuses a socket without a valid token with AUTH.UNAUTHORIZED', async () => {
    const socket = session.connect({ auth: { accessToken: 'not-a-token' } });
    const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(err.message).toBe('AUTH.UNAUTHORIZED');
  });

  it('ends a socket whose access token expires with AUTH.EXPIRED', async () => {
    const user = await session.user({ profession: 'counselor' });
    const socket = await session.connectAs(user);
    const expired = await nextEvent(socket, 'auth:expired', () => true, 12_000);
    expect(expired.code).toBe('AUTH.EXPIRED');
    await new Promise<void>((resolve) => (socket.disconnected ? resolve() : socket.once('disconnect', () => resolve())));
    expect(socket.connected).toBe(false);
  });
});

describe('rate limits', () => {
  let db: TestDb;
  let api: TestApi;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { RATE_LIMIT_PER_MINUTE: '8', SOCKET_RATE_LIMIT_PER_10S: '3' } });
  });
  afterAll(async () => {
    await api?.stop();
    await db?.stop();
  });

  it('fails socket acks with RATE_LIMITED over the per-user event limit', async () => {
    // Runs first: signing in spends one of this address's few HTTP requests.
    const session = await new TestSession(api.url).init();
    const socket = await session.connectAs(session.admin);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await emitAck(socket, 'case:unsubscribe', { caseId: '0123456789abcdef01234567' }));
    const limited = results.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect((limited[0] as any).error.details.retryAfterSeconds).toBeGreaterThan(0);
    session.close();
  });

  it('answers 429 RATE_LIMITED with a retry time over the HTTP limit', async () => {
    const anon = new ApiClient(api.url);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 10; i++) {
      last = await anon.get('/me');
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last!.body.error.code).toBe('RATE_LIMITED');
    expect(last!.body.error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
