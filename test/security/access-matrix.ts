import type { ClientToServerEvents } from '@casebridge/contracts';
import { ACTORS, CLEAN_QUESTION, cleanCase, clientId, type ActorName, type FixtureKind, type Fixtures, type World } from './world';

/**
 * THE access matrix: role × resource × action × own/other cohort, as data. access.e2e-spec.ts
 * generates one test per (entry × actor) from it against a real api process; it also fails when
 * /api/docs-json lists a route without an entry here, or a gateway handles an event that is not a
 * key of SOCKET_MATRIX (a Record over ClientToServerEvents, so a new event is a compile error).
 *
 * Outcomes: a number is the expected success status; [status, code] an expected error. Objects are
 * shared between entries only through these helpers, so each row reads as a sentence.
 */
export type Outcome = number | readonly [number, string];
/**
 * One outcome per actor. The moderator (a learner of cohort A with the moderator flag) gets what
 * peerA gets unless a row says otherwise (`outcomeFor`): only moderation rows differ.
 */
export type Expectations = Record<Exclude<ActorName, 'moderatorA'>, Outcome> & { moderatorA?: Outcome };
export const outcomeFor = (e: { expect: Expectations }, actor: ActorName): Outcome =>
  actor === 'moderatorA' ? (e.expect.moderatorA ?? e.expect.peerA) : e.expect[actor];
const modOk = (ok: number): { moderatorA: Outcome } => ({ moderatorA: ok });

export const UNAUTH = [401, 'AUTH.UNAUTHORIZED'] as const;
export const FORBID = [403, 'AUTH.FORBIDDEN'] as const;
const nf = (code: string) => [404, code] as const;
const CASE_NF = nf('CASE.NOT_FOUND');
const POST_NF = nf('POST.NOT_FOUND');
const COHORT_NF = nf('COHORT.NOT_FOUND');
const SESSION_NF = nf('SESSION.NOT_FOUND');
const ESC_NF = nf('ESCALATION.NOT_FOUND');
const SUBMISSION_NF = nf('SESSION.SUBMISSION_NOT_FOUND');
const BAD_CURRENT = [400, 'VALIDATION.FAILED'] as const;
const NOT_ENDED = [409, 'SESSION.INVALID_STATE'] as const;
const NONE_ATTENDED = [404, 'COMMON.NOT_FOUND'] as const;

/** Everyone signed in gets `ok`; unauthenticated gets 401. */
const signedIn = (ok: number): Expectations => ({
  admin: ok,
  facultyA: ok,
  learnerA: ok,
  peerA: ok,
  learnerB: ok,
  facultyB: ok,
  anon: UNAUTH,
});
/** Admin only; everyone else signed in gets 403. */
const adminOnly = (ok: number): Expectations => ({
  admin: ok,
  facultyA: FORBID,
  learnerA: FORBID,
  peerA: FORBID,
  learnerB: FORBID,
  facultyB: FORBID,
  anon: UNAUTH,
});
/** Members of cohort A and the admin get `ok`; the other cohort gets `hidden` (not found: nothing leaks); anon 401. */
const cohortA = (ok: number, hidden: Outcome): Expectations => ({
  admin: ok,
  facultyA: ok,
  learnerA: ok,
  peerA: ok,
  learnerB: hidden,
  facultyB: hidden,
  anon: UNAUTH,
});
const everyone = (ok: number): Expectations => ({ admin: ok, facultyA: ok, learnerA: ok, peerA: ok, learnerB: ok, facultyB: ok, anon: ok });

export interface RequestSpec {
  path: string;
  body?: unknown;
  /** Send the request with these credentials instead of the actor's (public routes that take a token in the body). */
  token?: string;
}

export interface Ctx {
  w: World;
  f: Fixtures;
  actor: ActorName;
}

export interface HttpEntry {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as /api/docs-json spells it. */
  route: string;
  resource: string;
  action: string;
  /** Distinguishes several rows for one route. */
  variant?: string;
  needs?: FixtureKind[];
  /** True when a success changes the fixtures: each actor then gets fresh ones. */
  mutates?: boolean;
  req: (c: Ctx) => RequestSpec | Promise<RequestSpec>;
  expect: Expectations;
  /** For list endpoints: the fixture whose id must not appear in the answer of actors of the other cohort. */
  hides?: FixtureKind;
}

const fill = (route: string, f: Fixtures, key: FixtureKind = 'case'): string =>
  route.replace('/api', '').replace(/\{(id|postId)\}/, () => f[key] ?? 'missing-fixture');

/** A fresh sign-in of the actor (its own refresh token), or of learnerA for the unauthenticated actor. */
async function signIn(c: Ctx): Promise<{ accessToken: string; refreshToken: string }> {
  const who = c.actor === 'anon' ? c.w.users.learnerA : c.w.users[c.actor];
  const res = await c.w.session.anonymous().post('/auth/login', { email: who.email, password: who.password });
  if (res.status !== 200) throw new Error(`sign-in for ${c.actor} failed: ${res.status}`);
  return res.body;
}

export const HTTP_MATRIX: HttpEntry[] = [
  // ── identity ────────────────────────────────────────────────────────────────────────────────
  {
    method: 'POST',
    route: '/api/auth/login',
    resource: 'identity',
    action: 'sign in (public)',
    req: (c) => ({ path: '/auth/login', body: { email: c.w.users.learnerA.email, password: c.w.users.learnerA.password } }),
    expect: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/auth/refresh',
    resource: 'identity',
    action: 'rotate refresh token (public)',
    mutates: true,
    req: async (c) => ({ path: '/auth/refresh', body: { refreshToken: (await signIn({ ...c, actor: 'learnerA' })).refreshToken } }),
    expect: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/auth/register',
    resource: 'identity',
    action: 'register with an invitation (public)',
    mutates: true,
    req: async (c) => {
      const invite = await c.w.users.admin.api.post<{ code: string }>('/invitations', { role: 'learner', cohortId: c.w.cohortA });
      return {
        path: '/auth/register',
        body: {
          inviteCode: invite.body.code,
          email: `${clientId().toLowerCase()}@example.test`,
          password: 'correct horse battery',
          displayName: 'New',
          profession: 'nurse',
        },
      };
    },
    expect: everyone(201),
  },
  {
    method: 'POST',
    route: '/api/auth/logout',
    resource: 'identity',
    action: 'revoke own refresh family',
    mutates: true,
    req: async (c) => ({ path: '/auth/logout', body: { refreshToken: (await signIn(c)).refreshToken } }),
    expect: signedIn(204),
  },
  { method: 'GET', route: '/api/me', resource: 'user', action: 'read self', req: () => ({ path: '/me' }), expect: signedIn(200) },
  {
    method: 'PATCH',
    route: '/api/me',
    resource: 'user',
    action: 'update self',
    req: () => ({ path: '/me', body: { onDuty: true } }),
    expect: signedIn(200),
  },
  {
    method: 'GET',
    route: '/api/cohorts',
    resource: 'cohort',
    action: 'list own cohorts',
    req: () => ({ path: '/cohorts' }),
    expect: signedIn(200),
  },
  {
    method: 'POST',
    route: '/api/cohorts',
    resource: 'cohort',
    action: 'create',
    req: () => ({ path: '/cohorts', body: { name: `Cohort ${clientId().replace(/[^a-z]/gi, '')}` } }),
    expect: adminOnly(201),
  },
  {
    method: 'GET',
    route: '/api/cohorts/{id}/members',
    resource: 'cohort',
    action: 'list members',
    needs: ['cohort'],
    req: (c) => ({ path: fill('/api/cohorts/{id}/members', c.f, 'cohort') }),
    expect: cohortA(200, COHORT_NF),
  },
  {
    method: 'POST',
    route: '/api/invitations',
    resource: 'cohort',
    action: 'invite a learner to cohort A',
    variant: 'learner',
    req: (c) => ({ path: '/invitations', body: { role: 'learner', cohortId: c.w.cohortA } }),
    expect: { admin: 201, facultyA: 201, learnerA: FORBID, peerA: FORBID, learnerB: COHORT_NF, facultyB: COHORT_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/invitations',
    resource: 'cohort',
    action: 'invite faculty to cohort A (role escalation)',
    variant: 'faculty',
    req: (c) => ({ path: '/invitations', body: { role: 'faculty', profession: 'ethicist', cohortId: c.w.cohortA } }),
    expect: { admin: 201, facultyA: FORBID, learnerA: FORBID, peerA: FORBID, learnerB: COHORT_NF, facultyB: COHORT_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/invitations',
    resource: 'cohort',
    action: 'invite an admin without a cohort (role escalation)',
    variant: 'admin',
    req: () => ({ path: '/invitations', body: { role: 'admin' } }),
    expect: adminOnly(201),
  },
  {
    method: 'POST',
    route: '/api/auth/reset-password',
    resource: 'identity',
    action: 'redeem a one-time reset link (public)',
    mutates: true,
    req: async (c) => {
      const u = await c.w.session.user({ cohortId: c.w.cohortA });
      const link = await c.w.users.admin.api.post<{ token: string }>(`/users/${u.id}/password-reset`);
      return { path: '/auth/reset-password', body: { token: link.body.token, newPassword: 'a brand new passphrase' } };
    },
    expect: everyone(204),
  },
  {
    // a wrong current password: proves who may call it without signing the matrix's actors out
    method: 'POST',
    route: '/api/me/password',
    resource: 'user',
    action: 'change own password',
    req: () => ({ path: '/me/password', body: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' } }),
    expect: {
      admin: BAD_CURRENT,
      facultyA: BAD_CURRENT,
      learnerA: BAD_CURRENT,
      peerA: BAD_CURRENT,
      learnerB: BAD_CURRENT,
      facultyB: BAD_CURRENT,
      anon: UNAUTH,
    },
  },
  {
    method: 'PATCH',
    route: '/api/users/{id}',
    resource: 'user',
    action: 'change role, moderator flag, cohorts, deactivate (admin)',
    req: (c) => ({ path: `/users/${c.w.users.peerA.id}`, body: { moderator: false } }),
    expect: adminOnly(200),
  },
  {
    method: 'POST',
    route: '/api/users/{id}/password-reset',
    resource: 'user',
    action: 'issue a one-time reset link (admin)',
    req: (c) => ({ path: `/users/${c.w.users.peerA.id}/password-reset` }),
    expect: adminOnly(201),
  },
  {
    method: 'GET',
    route: '/api/invitations',
    resource: 'invitation',
    action: 'list',
    req: () => ({ path: '/invitations' }),
    expect: adminOnly(200),
  },
  {
    method: 'GET',
    route: '/api/users',
    resource: 'user',
    action: 'list all users',
    req: () => ({ path: '/users' }),
    expect: adminOnly(200),
  },
  {
    method: 'GET',
    route: '/api/audit',
    resource: 'audit',
    action: 'read the audit log',
    req: () => ({ path: '/audit' }),
    expect: adminOnly(200),
  },
  {
    method: 'GET',
    route: '/api/health',
    resource: 'health',
    action: 'probe (public)',
    req: () => ({ path: '/health' }),
    expect: everyone(200),
  },

  // ── privacy ─────────────────────────────────────────────────────────────────────────────────
  {
    method: 'POST',
    route: '/api/privacy/scan',
    resource: 'privacy',
    action: 'scan text (nothing stored)',
    req: () => ({ path: '/privacy/scan', body: { fields: { body: CLEAN_QUESTION } } }),
    expect: signedIn(200),
  },
  {
    method: 'POST',
    route: '/api/privacy/overrides',
    resource: 'case',
    action: 'hold a flagged post for review',
    needs: ['case'],
    mutates: true,
    req: async (c) => {
      const payload = { caseId: c.f.case, body: 'Call the team at 303-555-0199 before the meeting.', clientId: clientId() };
      const scan = await c.w.users.admin.api.post<{ findings: { field: string; start: number; end: number }[] }>('/privacy/scan', {
        fields: { body: payload.body },
      });
      const confirmations = scan.body.findings.map((x) => ({
        field: x.field,
        start: x.start,
        end: x.end,
        reason: 'a ward extension, not a patient number',
      }));
      return { path: '/privacy/overrides', body: { target: 'post', payload, confirmations } };
    },
    expect: cohortA(202, CASE_NF),
  },
  {
    method: 'GET',
    route: '/api/privacy/reviews',
    resource: 'privacy review',
    action: 'read the queue',
    req: () => ({ path: '/privacy/reviews' }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'GET',
    route: '/api/privacy/reviews/count',
    resource: 'privacy review',
    action: 'count open items (badge)',
    req: () => ({ path: '/privacy/reviews/count' }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/reviews/{id}/approve',
    resource: 'privacy review',
    action: 'approve',
    needs: ['review'],
    mutates: true,
    req: (c) => ({ path: fill('/api/privacy/reviews/{id}/approve', c.f, 'review') }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/reviews/{id}/reject',
    resource: 'privacy review',
    action: 'reject',
    needs: ['review'],
    mutates: true,
    req: (c) => ({ path: fill('/api/privacy/reviews/{id}/reject', c.f, 'review') }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/reports/{postId}/redact',
    resource: 'post',
    action: 'redact a reported post',
    needs: ['reportedPost'],
    mutates: true,
    req: (c) => ({ path: fill('/api/privacy/reports/{postId}/redact', c.f, 'reportedPost'), body: { body: 'Redacted by a moderator.' } }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/reports/{postId}/delete',
    resource: 'post',
    action: 'purge a reported post',
    needs: ['reportedPost'],
    mutates: true,
    req: (c) => ({ path: fill('/api/privacy/reports/{postId}/delete', c.f, 'reportedPost') }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/text-reports',
    resource: 'case',
    action: 'report a stored text (a case field)',
    needs: ['case'],
    mutates: true,
    req: (c) => ({ path: '/privacy/text-reports', body: { target: 'case', id: c.f.case, field: 'title', reason: 'may identify someone' } }),
    expect: cohortA(202, CASE_NF),
  },
  {
    method: 'POST',
    route: '/api/privacy/text-reports/{id}/purge',
    resource: 'privacy review',
    action: 'purge a reported stored text',
    needs: ['case'],
    mutates: true,
    req: async (c) => {
      const r = await c.w.users.peerA.api.post<{ reviewId: string }>('/privacy/text-reports', {
        target: 'case',
        id: c.f.case,
        field: 'title',
      });
      return { path: `/privacy/text-reports/${r.body.reviewId}/purge`, body: {} };
    },
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/text-reports/{id}/restore',
    resource: 'privacy review',
    action: 'restore a falsely reported stored text',
    needs: ['case'],
    mutates: true,
    req: async (c) => {
      const r = await c.w.users.peerA.api.post<{ reviewId: string }>('/privacy/text-reports', {
        target: 'case',
        id: c.f.case,
        field: 'title',
      });
      return { path: `/privacy/text-reports/${r.body.reviewId}/restore` };
    },
    expect: { ...adminOnly(200), ...modOk(200) },
  },
  {
    method: 'POST',
    route: '/api/privacy/reports/{postId}/restore',
    resource: 'post',
    action: 'restore a falsely reported post',
    needs: ['reportedPost'],
    mutates: true,
    req: (c) => ({ path: fill('/api/privacy/reports/{postId}/restore', c.f, 'reportedPost') }),
    expect: { ...adminOnly(200), ...modOk(200) },
  },

  // ── cases and posts ─────────────────────────────────────────────────────────────────────────
  {
    method: 'POST',
    route: '/api/cases',
    resource: 'case',
    action: 'create in cohort A',
    req: (c) => ({ path: '/cases', body: cleanCase(c.w.cohortA) }),
    expect: cohortA(201, COHORT_NF),
  },
  {
    method: 'GET',
    route: '/api/cases',
    resource: 'case',
    action: 'list visible cases',
    needs: ['case'],
    hides: 'case',
    req: () => ({ path: '/cases' }),
    expect: signedIn(200),
  },
  {
    method: 'GET',
    route: '/api/cases',
    resource: 'case',
    action: 'list filtered to cohort A',
    variant: 'cohortId=A',
    needs: ['case'],
    hides: 'case',
    req: (c) => ({ path: `/cases?cohortId=${c.w.cohortA}` }),
    expect: signedIn(200),
  },
  {
    method: 'GET',
    route: '/api/cases/{id}',
    resource: 'case',
    action: 'read',
    needs: ['case'],
    req: (c) => ({ path: fill('/api/cases/{id}', c.f) }),
    expect: cohortA(200, CASE_NF),
  },
  {
    method: 'POST',
    route: '/api/cases/{id}/follow-ups',
    resource: 'case',
    action: 'add a follow-up (author, cohort faculty)',
    needs: ['case'],
    mutates: true,
    req: (c) => ({
      path: fill('/api/cases/{id}/follow-ups', c.f),
      body: { adviceFollowed: 'yes', outcome: 'Breathlessness eased with the lower dose.' },
    }),
    expect: { admin: 201, facultyA: 201, learnerA: 201, peerA: FORBID, learnerB: CASE_NF, facultyB: CASE_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/cases/{id}/close',
    resource: 'case',
    action: 'close (author, cohort faculty)',
    needs: ['case'],
    mutates: true,
    req: (c) => ({ path: fill('/api/cases/{id}/close', c.f), body: { outcome: 'question_answered', note: 'Plan agreed with the team.' } }),
    expect: { admin: 200, facultyA: 200, learnerA: 200, peerA: FORBID, learnerB: CASE_NF, facultyB: CASE_NF, anon: UNAUTH },
  },
  {
    // the fixture case is open, so those allowed get past the access check to 409 CASE.NOT_CLOSED
    method: 'POST',
    route: '/api/cases/{id}/reopen',
    resource: 'case',
    action: 'reopen (author, cohort faculty)',
    needs: ['case'],
    req: (c) => ({ path: fill('/api/cases/{id}/reopen', c.f) }),
    expect: {
      admin: [409, 'CASE.NOT_CLOSED'],
      facultyA: [409, 'CASE.NOT_CLOSED'],
      learnerA: [409, 'CASE.NOT_CLOSED'],
      peerA: FORBID,
      learnerB: CASE_NF,
      facultyB: CASE_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'PUT',
    route: '/api/cases/{id}/read',
    resource: 'case',
    action: 'move own read marker',
    needs: ['case'],
    req: (c) => ({ path: fill('/api/cases/{id}/read', c.f), body: { seq: 1 } }),
    expect: cohortA(200, CASE_NF),
  },
  {
    method: 'PUT',
    route: '/api/cases/{id}/follow',
    resource: 'case',
    action: 'set own notification level',
    needs: ['case'],
    req: (c) => ({ path: fill('/api/cases/{id}/follow', c.f), body: { level: 'following' } }),
    expect: cohortA(200, CASE_NF),
  },
  {
    method: 'POST',
    route: '/api/cases/{id}/posts',
    resource: 'post',
    action: 'create in the thread',
    needs: ['case'],
    req: (c) => ({ path: fill('/api/cases/{id}/posts', c.f), body: { body: 'Consider a lower starting dose.', clientId: clientId() } }),
    expect: cohortA(201, CASE_NF),
  },
  {
    method: 'GET',
    route: '/api/cases/{id}/posts',
    resource: 'post',
    action: 'read the thread',
    needs: ['post'],
    req: (c) => ({ path: fill('/api/cases/{id}/posts', c.f) }),
    expect: cohortA(200, CASE_NF),
  },
  {
    method: 'PATCH',
    route: '/api/posts/{id}',
    resource: 'post',
    action: 'edit (author only)',
    needs: ['post'],
    req: (c) => ({ path: fill('/api/posts/{id}', c.f, 'post'), body: { body: 'Edited: consider a lower starting dose.' } }),
    expect: { admin: FORBID, facultyA: FORBID, learnerA: 200, peerA: FORBID, learnerB: POST_NF, facultyB: POST_NF, anon: UNAUTH },
  },
  {
    method: 'DELETE',
    route: '/api/posts/{id}',
    resource: 'post',
    action: 'soft-delete (moderators, admin)',
    needs: ['post'],
    mutates: true,
    req: (c) => ({ path: fill('/api/posts/{id}', c.f, 'post') }),
    expect: {
      admin: 200,
      facultyA: FORBID,
      learnerA: FORBID,
      peerA: FORBID,
      moderatorA: 200,
      learnerB: POST_NF,
      facultyB: POST_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'GET',
    route: '/api/posts/{id}/history',
    resource: 'post',
    action: 'edit history (author, moderators, admin)',
    needs: ['post'],
    req: (c) => ({ path: fill('/api/posts/{id}/history', c.f, 'post') }),
    expect: {
      admin: 200,
      facultyA: FORBID,
      learnerA: 200,
      peerA: FORBID,
      moderatorA: 200,
      learnerB: POST_NF,
      facultyB: POST_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'POST',
    route: '/api/posts/{id}/endorse',
    resource: 'post',
    action: 'endorse (faculty, admin)',
    needs: ['post'],
    mutates: true,
    req: (c) => ({ path: fill('/api/posts/{id}/endorse', c.f, 'post') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: POST_NF, facultyB: POST_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/posts/{id}/report',
    resource: 'post',
    action: 'report as PHI',
    needs: ['post'],
    mutates: true,
    req: (c) => ({ path: fill('/api/posts/{id}/report', c.f, 'post') }),
    expect: cohortA(202, POST_NF),
  },

  // ── notifications ───────────────────────────────────────────────────────────────────────────
  {
    method: 'GET',
    route: '/api/notifications',
    resource: 'notification',
    action: 'own inbox',
    req: () => ({ path: '/notifications' }),
    expect: signedIn(200),
  },
  {
    method: 'POST',
    route: '/api/notifications/read',
    resource: 'notification',
    action: 'mark own read',
    req: () => ({ path: '/notifications/read', body: {} }),
    expect: signedIn(200),
  },

  // ── live sessions ───────────────────────────────────────────────────────────────────────────
  {
    method: 'POST',
    route: '/api/sessions',
    resource: 'session',
    action: 'schedule in cohort A (faculty, admin)',
    req: (c) => ({
      path: '/sessions',
      body: { cohortId: c.w.cohortA, title: 'Case conference', startsAt: new Date(Date.now() + 3600_000).toISOString() },
    }),
    expect: { admin: 201, facultyA: 201, learnerA: FORBID, peerA: FORBID, learnerB: COHORT_NF, facultyB: COHORT_NF, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/sessions',
    resource: 'session',
    action: 'list joinable',
    needs: ['session'],
    hides: 'session',
    req: () => ({ path: '/sessions' }),
    expect: signedIn(200),
  },
  {
    method: 'GET',
    route: '/api/sessions/{id}',
    resource: 'session',
    action: 'read with snapshot',
    needs: ['session'],
    req: (c) => ({ path: fill('/api/sessions/{id}', c.f, 'session') }),
    expect: cohortA(200, SESSION_NF),
  },
  {
    method: 'POST',
    route: '/api/sessions/{id}/start',
    resource: 'session',
    action: 'start (facilitator, cohort faculty, admin)',
    needs: ['session'],
    mutates: true,
    req: (c) => ({ path: fill('/api/sessions/{id}/start', c.f, 'session') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: SESSION_NF, facultyB: SESSION_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/sessions/{id}/end',
    resource: 'session',
    action: 'end (facilitator, cohort faculty, admin)',
    needs: ['session'],
    mutates: true,
    req: (c) => ({ path: fill('/api/sessions/{id}/end', c.f, 'session') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: SESSION_NF, facultyB: SESSION_NF, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/sessions/{id}/attendance.csv',
    resource: 'session',
    action: 'attendance export (facilitator, admin)',
    needs: ['session'],
    req: (c) => ({ path: fill('/api/sessions/{id}/attendance.csv', c.f, 'session') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: SESSION_NF, facultyB: SESSION_NF, anon: UNAUTH },
  },
  {
    // the shared fixture session has not ended: members learn that, the other cohort learns nothing
    method: 'GET',
    route: '/api/sessions/{id}/certificate.pdf',
    resource: 'session',
    action: 'own certificate of attendance',
    needs: ['session'],
    req: (c) => ({ path: fill('/api/sessions/{id}/certificate.pdf', c.f, 'session') }),
    expect: {
      admin: NOT_ENDED,
      facultyA: NOT_ENDED,
      learnerA: NOT_ENDED,
      peerA: NOT_ENDED,
      learnerB: SESSION_NF,
      facultyB: SESSION_NF,
      anon: UNAUTH,
    },
  },
  {
    // evaluations open once the session has ended (the shared fixture has not)
    method: 'POST',
    route: '/api/sessions/{id}/evaluation',
    resource: 'session',
    action: 'evaluate an attended session',
    needs: ['session'],
    req: (c) => ({ path: fill('/api/sessions/{id}/evaluation', c.f, 'session'), body: { helpful: 4 } }),
    expect: {
      admin: NOT_ENDED,
      facultyA: NOT_ENDED,
      learnerA: NOT_ENDED,
      peerA: NOT_ENDED,
      learnerB: SESSION_NF,
      facultyB: SESSION_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'GET',
    route: '/api/sessions/{id}/evaluations',
    resource: 'session',
    action: 'evaluation aggregate (facilitator, admin)',
    needs: ['session'],
    req: (c) => ({ path: fill('/api/sessions/{id}/evaluations', c.f, 'session') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: SESSION_NF, facultyB: SESSION_NF, anon: UNAUTH },
  },
  {
    // only the caller's own attendance is ever read: with none recorded, everyone signed in gets 404
    method: 'GET',
    route: '/api/sessions/certificate.pdf',
    resource: 'session',
    action: 'own certificate for a period',
    req: () => ({ path: '/sessions/certificate.pdf?from=2026-01-01&to=2026-06-30' }),
    expect: {
      admin: NONE_ATTENDED,
      facultyA: NONE_ATTENDED,
      learnerA: NONE_ATTENDED,
      peerA: NONE_ATTENDED,
      learnerB: NONE_ATTENDED,
      facultyB: NONE_ATTENDED,
      anon: UNAUTH,
    },
  },

  // ── case submissions and attendance adjustments ────────────────────────────────────────────
  {
    // only the case's author submits it (learnerA wrote the fixture case)
    method: 'POST',
    route: '/api/sessions/{id}/submissions',
    resource: 'session',
    action: 'submit own case for a session',
    needs: ['session', 'case'],
    mutates: true,
    req: (c) => ({ path: fill('/api/sessions/{id}/submissions', c.f, 'session'), body: { caseId: c.f.case } }),
    expect: { admin: FORBID, facultyA: FORBID, learnerA: 201, peerA: FORBID, learnerB: SESSION_NF, facultyB: SESSION_NF, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/session-submissions',
    resource: 'session',
    action: 'own submissions and those to review',
    req: () => ({ path: '/session-submissions' }),
    expect: signedIn(200),
  },
  {
    method: 'POST',
    route: '/api/session-submissions/{id}/review',
    resource: 'session',
    action: 'approve or return a submission (facilitator, cohort faculty, admin)',
    needs: ['submission'],
    mutates: true,
    req: (c) => ({ path: fill('/api/session-submissions/{id}/review', c.f, 'submission'), body: { decision: 'approve' } }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: SUBMISSION_NF, facultyB: SUBMISSION_NF, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/sessions/{id}/attendance',
    resource: 'session',
    action: 'attendance roster (facilitator, admin)',
    needs: ['session'],
    req: (c) => ({ path: fill('/api/sessions/{id}/attendance', c.f, 'session') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: SESSION_NF, facultyB: SESSION_NF, anon: UNAUTH },
  },
  {
    // adjustments open once the session has ended (the shared fixture has not)
    method: 'PUT',
    route: '/api/sessions/{id}/attendance/{userId}',
    resource: 'session',
    action: 'adjust attendance (facilitator, admin)',
    needs: ['session'],
    req: (c) => ({
      path: `/sessions/${c.f.session ?? 'missing-fixture'}/attendance/${c.w.users.peerA.id}`,
      body: { present: true, minutes: 30, reason: 'Joined by phone' },
    }),
    expect: {
      admin: NOT_ENDED,
      facultyA: NOT_ENDED,
      learnerA: FORBID,
      peerA: FORBID,
      learnerB: SESSION_NF,
      facultyB: SESSION_NF,
      anon: UNAUTH,
    },
  },

  // ── escalations ─────────────────────────────────────────────────────────────────────────────
  {
    method: 'POST',
    route: '/api/cases/{id}/escalations',
    resource: 'escalation',
    action: 'escalate a case',
    needs: ['case'],
    mutates: true,
    req: (c) => ({
      path: fill('/api/cases/{id}/escalations', c.f),
      body: { question: CLEAN_QUESTION, domains: [2], professions: ['physician'], urgency: 'routine' },
    }),
    expect: cohortA(201, CASE_NF),
  },
  {
    method: 'GET',
    route: '/api/escalations',
    resource: 'escalation',
    action: 'own queue',
    needs: ['escalation'],
    hides: 'escalation',
    req: () => ({ path: '/escalations?scope=mine' }),
    expect: signedIn(200),
  },
  {
    method: 'GET',
    route: '/api/escalations',
    resource: 'escalation',
    action: 'all escalations',
    variant: 'scope=all',
    req: () => ({ path: '/escalations?scope=all' }),
    expect: adminOnly(200),
  },
  {
    method: 'GET',
    route: '/api/escalations/route-preview',
    resource: 'escalation',
    action: 'routing preview',
    req: () => ({ path: '/escalations/route-preview?domains=2' }),
    expect: signedIn(200),
  },
  {
    method: 'GET',
    route: '/api/escalations/{id}',
    resource: 'escalation',
    action: 'read',
    needs: ['escalation'],
    req: (c) => ({ path: fill('/api/escalations/{id}', c.f, 'escalation') }),
    expect: cohortA(200, ESC_NF),
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/claim',
    resource: 'escalation',
    action: 'claim (assignee, admin)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({ path: fill('/api/escalations/{id}/claim', c.f, 'escalation') }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: ESC_NF, facultyB: ESC_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/answer',
    resource: 'escalation',
    action: 'answer (assignee only)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({
      path: fill('/api/escalations/{id}/answer', c.f, 'escalation'),
      body: {
        restatedQuestion: 'Opioid titration for breathlessness.',
        recommendations: 'Start low and titrate every two days.',
        rationale: 'Evidence supports low-dose opioids for dyspnea.',
      },
    }),
    // The policy lets an admin answer, but the service answers only for the assignee (docs/endpoints.md):
    // an admin who is not the assignee is refused with a state error, still a refusal.
    expect: {
      admin: [409, 'ESCALATION.INVALID_STATE'],
      facultyA: 200,
      learnerA: FORBID,
      peerA: FORBID,
      learnerB: ESC_NF,
      facultyB: ESC_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/resolve',
    resource: 'escalation',
    action: 'resolve (asker, admin)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({ path: fill('/api/escalations/{id}/resolve', c.f, 'escalation') }),
    expect: { admin: 200, facultyA: FORBID, learnerA: 200, peerA: FORBID, learnerB: ESC_NF, facultyB: ESC_NF, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/cases/{id}/escalations',
    resource: 'escalation',
    action: "a case's escalations (case page panel)",
    needs: ['case'],
    req: (c) => ({ path: fill('/api/cases/{id}/escalations', c.f) }),
    expect: cohortA(200, CASE_NF),
  },
  {
    method: 'GET',
    route: '/api/escalations/colleagues',
    resource: 'escalation',
    action: 'faculty to transfer to (faculty, admin)',
    req: () => ({ path: '/escalations/colleagues' }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: FORBID, facultyB: 200, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/decline',
    resource: 'escalation',
    action: 'decline with a reason (holder only)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({
      path: fill('/api/escalations/{id}/decline', c.f, 'escalation'),
      body: { reason: 'Away this week; a colleague should take it.' },
    }),
    // Admins pass the policy but do not hold it: a state refusal.
    expect: {
      admin: [409, 'ESCALATION.INVALID_STATE'],
      facultyA: 200,
      learnerA: FORBID,
      peerA: FORBID,
      learnerB: ESC_NF,
      facultyB: ESC_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/transfer',
    resource: 'escalation',
    action: 'transfer to a named colleague (holder, admin)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({ path: fill('/api/escalations/{id}/transfer', c.f, 'escalation'), body: { toUserId: c.w.users.facultyB.id } }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: ESC_NF, facultyB: ESC_NF, anon: UNAUTH },
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/request-info',
    resource: 'escalation',
    action: 'ask the asker for more information (holder only)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({
      path: fill('/api/escalations/{id}/request-info', c.f, 'escalation'),
      body: { question: 'How is the breathlessness at rest?' },
    }),
    expect: {
      admin: [409, 'ESCALATION.INVALID_STATE'],
      facultyA: 200,
      learnerA: FORBID,
      peerA: FORBID,
      learnerB: ESC_NF,
      facultyB: ESC_NF,
      anon: UNAUTH,
    },
  },
  {
    method: 'POST',
    route: '/api/escalations/{id}/info',
    resource: 'escalation',
    action: 'the asker answers (asker only, while needs info)',
    needs: ['escalation'],
    mutates: true,
    req: (c) => ({ path: fill('/api/escalations/{id}/info', c.f, 'escalation'), body: { answer: 'Worse at night, better sitting up.' } }),
    // The fixture escalation is not waiting for information: the asker gets a state refusal, everyone else is refused access.
    expect: {
      admin: FORBID,
      facultyA: FORBID,
      learnerA: [409, 'ESCALATION.INVALID_STATE'],
      peerA: FORBID,
      learnerB: ESC_NF,
      facultyB: ESC_NF,
      anon: UNAUTH,
    },
  },

  // ── analytics ───────────────────────────────────────────────────────────────────────────────
  {
    method: 'GET',
    route: '/api/analytics/summary',
    resource: 'analytics',
    action: 'programme summary (faculty, admin)',
    req: () => ({ path: '/analytics/summary' }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: FORBID, facultyB: 200, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/analytics/quality',
    resource: 'analytics',
    action: 'quality measures of a cohort (its faculty, admin)',
    req: (c) => ({ path: `/analytics/quality?cohortId=${c.w.cohortA}&from=2020-01-01` }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: FORBID, facultyB: COHORT_NF, anon: UNAUTH },
  },
  {
    method: 'GET',
    route: '/api/analytics/quality.csv',
    resource: 'analytics',
    action: 'one quality table as CSV (its faculty, admin)',
    req: (c) => ({ path: `/analytics/quality.csv?table=routing&cohortId=${c.w.cohortA}` }),
    expect: { admin: 200, facultyA: 200, learnerA: FORBID, peerA: FORBID, learnerB: FORBID, facultyB: COHORT_NF, anon: UNAUTH },
  }, // ── routing map ────────────────────────────────────────────────────────────────────────────────
  {
    method: 'GET',
    route: '/api/routing-map',
    resource: 'routing',
    action: 'view the NCP domain → profession routing map (admin)',
    req: () => ({ path: '/routing-map' }),
    expect: adminOnly(200),
  },
  {
    method: 'PUT',
    route: '/api/routing-map',
    resource: 'routing',
    action: 'change the routing map (admin; the same map again, so routing elsewhere is unchanged)',
    mutates: true,
    req: async (c) => ({
      path: '/routing-map',
      body: { domains: (await c.w.users.admin.api.get<{ domains: unknown[] }>('/routing-map')).body.domains },
    }),
    expect: adminOnly(200),
  },
];

// ── sockets ───────────────────────────────────────────────────────────────────────────────────

/** 'ok' for a successful ack, an error code for a failed one, 'noack' for fire-and-forget events. */
export type SocketOutcome = 'ok' | 'noack' | string;
export type SocketExpectations = Record<Exclude<ActorName, 'anon' | 'moderatorA'>, SocketOutcome> & { moderatorA?: SocketOutcome };
export const socketOutcomeFor = (e: { expect: SocketExpectations }, actor: Exclude<ActorName, 'anon'>): SocketOutcome =>
  actor === 'moderatorA' ? (e.expect.moderatorA ?? e.expect.peerA) : e.expect[actor];

export interface SocketEntry {
  resource: string;
  action: string;
  needs: FixtureKind[];
  mutates?: boolean;
  /** Events the actor emits first (their outcome is not asserted), e.g. joining the session. */
  before?: (c: Ctx) => { event: keyof ClientToServerEvents; payload: unknown }[];
  payload: (c: Ctx) => unknown;
  expect: SocketExpectations;
}

const S_FORBID = 'AUTH.FORBIDDEN';
const NOT_JOINED = 'SESSION.NOT_JOINED';
const sockCohortA = (ok: SocketOutcome, hidden: SocketOutcome): SocketExpectations => ({
  admin: ok,
  facultyA: ok,
  learnerA: ok,
  peerA: ok,
  learnerB: hidden,
  facultyB: hidden,
});
const sockControl = (hidden: SocketOutcome): SocketExpectations => ({
  admin: 'ok',
  facultyA: 'ok',
  learnerA: S_FORBID,
  peerA: S_FORBID,
  learnerB: hidden,
  facultyB: hidden,
});
const joinFirst = (c: Ctx) => [{ event: 'session:join' as const, payload: { sessionId: c.f.session } }];
const userId = (c: Ctx): string => (c.actor === 'anon' ? '000000000000000000000000' : c.w.users[c.actor].id);

/**
 * Every client → server event (a Record over ClientToServerEvents: adding an event to the contract
 * without a row here does not compile). An unauthenticated socket never gets this far: the
 * handshake refuses it with connect_error AUTH.UNAUTHORIZED (asserted once for every event).
 */
export const SOCKET_MATRIX: Record<keyof ClientToServerEvents, SocketEntry> = {
  'case:subscribe': {
    resource: 'case',
    action: 'join the case room',
    needs: ['case'],
    payload: (c) => ({ caseId: c.f.case }),
    expect: sockCohortA('ok', 'CASE.NOT_FOUND'),
  },
  'case:unsubscribe': {
    resource: 'case',
    action: 'leave the case room',
    needs: ['case'],
    payload: (c) => ({ caseId: c.f.case }),
    expect: sockCohortA('ok', 'ok'),
  },
  'post:create': {
    resource: 'post',
    action: 'post in the thread',
    needs: ['case'],
    payload: (c) => ({ caseId: c.f.case, body: 'From the socket: consider a lower dose.', clientId: clientId() }),
    expect: sockCohortA('ok', 'CASE.NOT_FOUND'),
  },
  'session:join': {
    resource: 'session',
    action: 'join the session room',
    needs: ['session'],
    payload: (c) => ({ sessionId: c.f.session }),
    expect: sockCohortA('ok', 'SESSION.NOT_FOUND'),
  },
  // Leaving a room one is not in does nothing and answers ok for any id (so it is no existence oracle).
  'session:leave': {
    resource: 'session',
    action: 'leave the session room',
    needs: ['session'],
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session }),
    expect: sockCohortA('ok', 'ok'),
  },
  'session:message': {
    resource: 'session',
    action: 'chat in the session',
    needs: ['session'],
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session, body: 'A question for the presenter.', clientId: clientId() }),
    // the other cohort's join was refused (SESSION.NOT_FOUND); NOT_JOINED is answered before any lookup, so it leaks nothing
    expect: sockCohortA('ok', NOT_JOINED),
  },
  'session:hand': {
    resource: 'session',
    action: 'raise a hand',
    needs: ['session'],
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session, raised: true }),
    expect: sockCohortA('ok', NOT_JOINED),
  },
  'session:phase': {
    resource: 'session',
    action: 'move the phase (control)',
    needs: ['session'],
    mutates: true,
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session, phase: 'presentation' }),
    expect: sockControl('SESSION.NOT_FOUND'),
  },
  'session:call': {
    resource: 'session',
    action: 'call on a participant (control)',
    needs: ['session'],
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session, userId: userId(c) }),
    expect: sockControl('SESSION.NOT_FOUND'),
  },
  'session:summary': {
    resource: 'session',
    action: 'write the summary (control)',
    needs: ['session'],
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session, summary: 'Agreed: start low, titrate slowly.' }),
    expect: sockControl('SESSION.NOT_FOUND'),
  },
  'session:heartbeat': {
    resource: 'session',
    action: 'presence heartbeat (no ack)',
    needs: ['session'],
    before: joinFirst,
    payload: (c) => ({ sessionId: c.f.session }),
    expect: { admin: 'noack', facultyA: 'noack', learnerA: 'noack', peerA: 'noack', learnerB: 'noack', facultyB: 'noack' },
  },
};

export { ACTORS };
