import type { AuthResponse } from '@casebridge/contracts';
import {
  ApiClient,
  TestSession,
  emitAck,
  nextEvent,
  startTestApi,
  startTestDb,
  type TestApi,
  type TestDb,
  type TestSocket,
} from '@casebridge/testing';
import { cleanCase } from './fixtures/cases';

describe('identity: sign-in, tokens, invitations, sockets', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;

  beforeAll(async () => {
    db = await startTestDb();
    // Token expiry is driven by the test clock (TEST_CLOCK), not a short TTL that expires under load.
    api = await startTestApi({ mongoUri: db.uri, env: { TEST_CLOCK: 'true', SOCKET_RECHECK_MS: '200', MAX_SOCKETS_PER_USER: '3' } });
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
    const body = {
      inviteCode: invite.body.code,
      email: 'dup@example.test',
      password: 'long enough pw',
      displayName: 'A',
      profession: 'nurse',
    };
    expect((await anon.post('/auth/register', body)).status).toBe(201);
    const again = await anon.post('/auth/register', { ...body, email: 'other@example.test' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('INVITE.INVALID');
    const invite2 = await session.admin.api.post('/invitations', { role: 'learner' });
    // a duplicate email is refused like any unusable invitation: nothing says the email exists
    const dup = await anon.post('/auth/register', { ...body, inviteCode: invite2.body.code });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual(again.body);
    const badProfession = await anon.post('/auth/register', {
      ...body,
      inviteCode: invite2.body.code,
      email: 'x@example.test',
      profession: 'wizard',
    });
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

  it('does not let one invitation probe emails: a duplicate email uses it up', async () => {
    const existing = await session.user({ profession: 'nurse' });
    const invite = await session.admin.api.post('/invitations', { role: 'learner' });
    const anon = session.anonymous();
    const body = { inviteCode: invite.body.code, password: 'long enough pw', displayName: 'Prober', profession: 'nurse' };
    const unknownCode = await anon.post('/auth/register', {
      ...body,
      inviteCode: 'no-such-invitation-code',
      email: 'fresh-a@example.test',
    });
    const taken = await anon.post('/auth/register', { ...body, email: existing.email });
    expect(taken.status).toBe(400);
    // the same answer as an invitation that does not exist
    expect(taken.body).toEqual(unknownCode.body);
    expect(taken.body.error.code).toBe('INVITE.INVALID');
    // and the invitation is spent: it cannot be used to try a second email
    const second = await anon.post('/auth/register', { ...body, email: 'fresh-b@example.test' });
    expect(second.status).toBe(400);
    expect(second.body).toEqual(unknownCode.body);
  });

  it('30 parallel wrong passwords lock the account; at most 5 of them were checked', async () => {
    const user = await session.user({ profession: 'psychologist' });
    const anon = session.anonymous();
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => anon.post('/auth/login', { email: user.email, password: 'wrong password!' })),
    );
    const codes = burst.map((r) => r.body.error.code);
    expect(codes.filter((c) => c === 'AUTH.INVALID_CREDENTIALS').length).toBeLessThanOrEqual(5);
    expect(codes.every((c) => c === 'AUTH.INVALID_CREDENTIALS' || c === 'AUTH.LOCKED')).toBe(true);
    const right = await anon.post('/auth/login', { email: user.email, password: user.password });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('AUTH.LOCKED');
  });

  it('answers an unknown email exactly like a real one, lock included', async () => {
    const user = await session.user({ profession: 'counselor' });
    const anon = session.anonymous();
    const run = async (email: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await anon.post('/auth/login', { email, password: 'wrong password!' });
        const e = r.body.error;
        seen.push(`${r.status} ${e.code} ${e.message.replace(/\d+ s/, 'N s')} ${Object.keys(e.details ?? {}).join(',')}`);
      }
      return seen;
    };
    const real = await run(user.email);
    const unknown = await run(`nobody-${Date.now()}@example.test`);
    expect(real.slice(0, 5).every((x) => x.startsWith('401 AUTH.INVALID_CREDENTIALS'))).toBe(true);
    expect(real[5]).toMatch(/^429 AUTH.LOCKED/);
    expect(unknown).toEqual(real);
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

  it('ends a socket whose access token expires with AUTH.EXPIRED (time moved by the test clock)', async () => {
    const user = await session.user({ profession: 'counselor' });
    const socket = await session.connectAs(user);
    const anon = session.anonymous();
    try {
      // listen first: the sweep may end the socket before the clock request's answer is read
      const expiring = nextEvent(socket, 'auth:expired', () => true, 5000);
      expect((await anon.post('/test/clock', { offsetMs: 901_000 })).status).toBe(200);
      const expired = await expiring;
      expect(expired.code).toBe('AUTH.EXPIRED');
      await new Promise<void>((resolve) => (socket.disconnected ? resolve() : socket.once('disconnect', () => resolve())));
      expect(socket.connected).toBe(false);
      const http = await user.api.get('/me');
      expect(http.status).toBe(401);
      expect(http.body.error.code).toBe('AUTH.EXPIRED');
    } finally {
      await anon.post('/test/clock', { offsetMs: 0 });
    }
  });
});

describe('account lifecycle', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  const anon = () => session.anonymous();
  const ended = (socket: TestSocket, ms = 5000) =>
    Promise.all([
      nextEvent(socket, 'auth:expired', () => true, ms),
      new Promise<void>((resolve) => (socket.disconnected ? resolve() : socket.once('disconnect', () => resolve()))),
    ]).then(([e]) => e);

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: { TEST_CLOCK: 'true', SOCKET_RECHECK_MS: '300', MAX_SOCKETS_PER_USER: '3' } });
    session = await new TestSession(api.url).init();
  });
  afterAll(async () => {
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  it('deactivation revokes every token and closes open sockets within seconds; reactivation restores sign-in', async () => {
    const user = await session.user({ profession: 'nurse' });
    const socket = await session.connectAs(user);
    const t0 = Date.now();
    const ending = ended(socket); // listen first: the sweep may end it before the PATCH's answer is read
    const r = await session.admin.api.patch(`/users/${user.id}`, { active: false });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    const e = await ending;
    expect(e.code).toBe('AUTH.UNAUTHORIZED');
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await user.api.get('/me')).status).toBe(401);
    expect((await anon().post('/auth/refresh', { refreshToken: user.auth.refreshToken })).status).toBe(401);
    const login = await anon().post('/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(403);
    const again = session.connect(user);
    expect((await new Promise<Error>((resolve) => again.once('connect_error', resolve))).message).toBe('AUTH.UNAUTHORIZED');
    expect((await session.admin.api.patch(`/users/${user.id}`, { active: true })).status).toBe(200);
    expect((await anon().post('/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    // an administrator cannot lock themself out
    expect((await session.admin.api.patch(`/users/${session.admin.id}`, { active: false })).status).toBe(409);
  });

  it('cohort, moderator and role changes reach open sockets within seconds (they reconnect under the new rights)', async () => {
    const cohort = await session.cohort();
    const user = await session.user({ profession: 'nurse', cohortId: cohort.id });
    const author = await session.user({ profession: 'chaplain', cohortId: cohort.id });
    const c = await author.api.post<{ id: string }>('/cases', cleanCase(cohort.id));
    expect(c.status).toBe(201);
    let socket = await session.connectAs(user);
    expect((await emitAck(socket, 'case:subscribe', { caseId: c.body.id })).ok).toBe(true);
    // each time, listen before the change: the sweep may end the socket before the answer is read
    let ending = ended(socket);
    expect((await session.admin.api.patch(`/users/${user.id}`, { cohortIds: [] })).status).toBe(200);
    expect((await ending).code).toBe('AUTH.EXPIRED');
    // the same (still valid) token reconnects, and the room is now refused
    socket = await session.connectAs(user);
    const sub = await emitAck(socket, 'case:subscribe', { caseId: c.body.id });
    expect(sub.ok).toBe(false);
    expect(!sub.ok && sub.error.code).toBe('CASE.NOT_FOUND');
    ending = ended(socket);
    expect((await session.admin.api.patch(`/users/${user.id}`, { moderator: true })).status).toBe(200);
    expect((await ending).code).toBe('AUTH.EXPIRED');
    socket = await session.connectAs(user);
    ending = ended(socket);
    expect((await session.admin.api.patch(`/users/${user.id}`, { role: 'faculty' })).status).toBe(200);
    expect((await ending).code).toBe('AUTH.EXPIRED');
    const audit = await session.admin.api.get<{ targetId?: string }[]>('/audit?type=user.updated&limit=100');
    expect(audit.body.filter((x) => x.targetId === user.id).length).toBeGreaterThanOrEqual(3);
  });

  it('changing one’s password ends the other sign-ins (tokens and sockets) and keeps this one', async () => {
    const user = await session.user({ profession: 'pharmacist' });
    const other = await anon().post<AuthResponse>('/auth/login', { email: user.email, password: user.password });
    const otherSocket = await session.connectAs({ ...user, auth: other.body });
    const weak = await user.api.post('/me/password', { currentPassword: user.password, newPassword: 'password1234' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.field).toBe('newPassword');
    const wrong = await user.api.post('/me/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.field).toBe('currentPassword');
    // tokens are compared by the second they were issued: make sure the change falls in a later one
    await new Promise((r) => setTimeout(r, 1100));
    const otherEnding = ended(otherSocket); // listen first: the sweep may end it before the answer is read
    const changed = await user.api.post<AuthResponse>('/me/password', {
      currentPassword: user.password,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.status).toBe(200);
    expect((await otherEnding).code).toBe('AUTH.UNAUTHORIZED');
    expect((await new ApiClient(api.url, other.body.accessToken).get('/me')).status).toBe(401);
    expect((await anon().post('/auth/refresh', { refreshToken: other.body.refreshToken })).status).toBe(401);
    expect((await new ApiClient(api.url, changed.body.accessToken).get('/me')).status).toBe(200);
    expect((await anon().post('/auth/login', { email: user.email, password: user.password })).status).toBe(401);
    expect((await anon().post('/auth/login', { email: user.email, password: 'a brand new passphrase' })).status).toBe(200);
  });

  it('an admin issues a one-time reset link: single use, expires, ends earlier sign-ins', async () => {
    const user = await session.user({ profession: 'ethicist' });
    const link = await session.admin.api.post<{ token: string; resetPath: string; expiresAt: string }>(`/users/${user.id}/password-reset`);
    expect(link.status).toBe(201);
    expect(link.body.resetPath).toContain(link.body.token);
    expect(Date.parse(link.body.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
    // only its hash is stored: the users list carries no token
    expect(JSON.stringify((await session.admin.api.get('/users')).body)).not.toContain(link.body.token);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await anon().post('/auth/reset-password', { token: link.body.token, newPassword: 'password1234' })).status).toBe(400);
    expect((await anon().post('/auth/reset-password', { token: link.body.token, newPassword: 'reset by the admin link' })).status).toBe(
      204,
    );
    expect((await user.api.get('/me')).status).toBe(401);
    expect((await anon().post('/auth/reset-password', { token: link.body.token, newPassword: 'a second reset attempt' })).status).toBe(400);
    expect((await anon().post('/auth/login', { email: user.email, password: 'reset by the admin link' })).status).toBe(200);
    const late = await session.admin.api.post<{ token: string }>(`/users/${user.id}/password-reset`);
    try {
      expect((await anon().post('/test/clock', { offsetMs: 61 * 60_000 })).status).toBe(200);
      const expired = await anon().post('/auth/reset-password', { token: late.body.token, newPassword: 'too late for this link' });
      expect(expired.status).toBe(400);
      expect(expired.body.error.details.field).toBe('token');
    } finally {
      await anon().post('/test/clock', { offsetMs: 0 });
    }
  });

  it('caps open sockets per user (MAX_SOCKETS_PER_USER=3 here)', async () => {
    const user = await session.user({ profession: 'nurse' });
    const open = [await session.connectAs(user), await session.connectAs(user), await session.connectAs(user)];
    const fourth = session.connect(user);
    expect((await new Promise<Error>((resolve) => fourth.once('connect_error', resolve))).message).toBe('RATE_LIMITED');
    open[0].disconnect();
    await new Promise((r) => setTimeout(r, 200));
    const fifth = await session.connectAs(user);
    expect(fifth.connected).toBe(true);
  });

  it('refuses short and common passwords at registration (shipped list)', async () => {
    for (const password of ['short pass', 'password1234', 'qwertyuiop123']) {
      const invite = await session.admin.api.post('/invitations', { role: 'learner' });
      const r = await anon().post('/auth/register', {
        inviteCode: invite.body.code,
        email: `p${Date.now()}@example.test`,
        password,
        displayName: 'New',
        profession: 'nurse',
      });
      expect(r.status).toBe(400);
      expect(r.body.error.details.field).toBe('password');
    }
  });

  it('invitations fix the faculty profession: the invitee cannot choose another', async () => {
    const noProfession = await session.admin.api.post('/invitations', { role: 'faculty' });
    expect(noProfession.status).toBe(400);
    expect(noProfession.body.error.details.field).toBe('profession');
    const invite = await session.admin.api.post<{ code: string; profession: string }>('/invitations', {
      role: 'faculty',
      profession: 'ethicist',
    });
    expect(invite.status).toBe(201);
    expect(invite.body.profession).toBe('ethicist');
    const body = {
      inviteCode: invite.body.code,
      email: `f${Date.now()}@example.test`,
      password: 'long enough passphrase',
      displayName: 'New faculty',
    };
    // physician would route every cohort's physical-domain escalations to them
    const chosen = await anon().post('/auth/register', { ...body, profession: 'physician' });
    expect(chosen.status).toBe(400);
    expect(chosen.body.error.details.field).toBe('profession');
    const ok = await anon().post<AuthResponse>('/auth/register', body);
    expect(ok.status).toBe(201);
    expect(ok.body.user).toMatchObject({ role: 'faculty', profession: 'ethicist' });
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
