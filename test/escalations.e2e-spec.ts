/**
 * Escalations end to end: real api process, embedded database, real socket.io clients.
 * Time is moved with the test-only POST /api/test/clock (TEST_CLOCK=true with NODE_ENV=test), which
 * also runs one timer sweep before answering; ESCALATION_POLL_MS is low so the interval sweeper runs
 * as well. Access tokens follow that clock too, so their lifetime here outlasts the moves (48 h).
 */
import {
  ApiClient,
  emitAck,
  nextEvent,
  startTestApi,
  startTestDb,
  TestSession,
  waitFor,
  type TestApi,
  type TestDb,
  type TestSocket,
  type TestUser,
} from '@casebridge/testing';
import type { AnalyticsSummaryDto, EscalationDto, PostDto, ServerToClientEvents } from '@casebridge/contracts';

const CLAIM_WINDOW_MIN = 60;
const MIN = 60_000;
const HOUR = 3_600_000;

/** Records every event a socket receives, for "did NOT receive" assertions. */
function record(socket: TestSocket): { events: { event: string; payload: any }[] } {
  const log = { events: [] as { event: string; payload: any }[] };
  socket.onAny((event: string, payload: unknown) => log.events.push({ event, payload }));
  return log;
}
const got = (log: { events: { event: string; payload: any }[] }, event: keyof ServerToClientEvents, id: string) =>
  log.events.filter((e) => e.event === event && e.payload?.id === id);

describe('escalations: routing, timers, claim, answer, resolve (REST + sockets)', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let anon: ApiClient;
  let nurse: TestUser; // learner, asker
  let socialWorker: TestUser; // learner, same cohort
  let outsider: TestUser; // learner, another cohort
  let phys0: TestUser; // faculty physician, off duty
  let phys1: TestUser;
  let phys2: TestUser;
  let chaplain: TestUser;
  let psychologist: TestUser;
  const sockets: Record<string, TestSocket> = {};
  const logs: Record<string, ReturnType<typeof record>> = {};
  let caseId: string;
  let cohortAId: string;
  let e0: EscalationDto; // routine, claimed at once by phys1
  let e1: EscalationDto; // urgent, the journey

  const shiftClock = async (offsetMs: number) => {
    const res = await anon.post('/test/clock', { offsetMs });
    expect(res.status).toBe(200);
    return res.body as { offsetMs: number; now: string; handled: number };
  };

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({
      mongoUri: db.uri,
      env: {
        TEST_CLOCK: 'true',
        ACCESS_TOKEN_TTL_SECONDS: String(48 * 3600),
        ESCALATION_POLL_MS: '200',
        ESCALATION_CLAIM_WINDOW_MINUTES: String(CLAIM_WINDOW_MIN),
        ESCALATION_URGENT_HOURS: '24',
        ESCALATION_ROUTINE_HOURS: '72',
      },
    });
    anon = new ApiClient(api.url);
    s = await new TestSession(api.url).init();
    const cohortA = await s.cohort();
    const cohortB = await s.cohort();
    cohortAId = cohortA.id;
    nurse = await s.user({ role: 'learner', profession: 'nurse', cohortId: cohortA.id });
    socialWorker = await s.user({ role: 'learner', profession: 'social_worker', cohortId: cohortA.id });
    outsider = await s.user({ role: 'learner', profession: 'nurse', cohortId: cohortB.id });
    // Faculty teach no cohort here: they reach the case only through the escalation.
    phys0 = await s.user({ role: 'faculty', profession: 'physician' });
    phys1 = await s.user({ role: 'faculty', profession: 'physician' });
    phys2 = await s.user({ role: 'faculty', profession: 'physician' });
    chaplain = await s.user({ role: 'faculty', profession: 'chaplain' });
    psychologist = await s.user({ role: 'faculty', profession: 'psychologist' });
    const off = await phys0.api.patch('/me', { onDuty: false });
    expect(off.status).toBe(200);
    expect(off.body.onDuty).toBe(false);

    for (const [name, u] of Object.entries({ nurse, socialWorker, phys0, phys1, phys2, chaplain, psychologist, admin: s.admin })) {
      sockets[name] = await s.connectAs(u);
      logs[name] = record(sockets[name]);
    }

    const created = await nurse.api.post('/cases', {
      cohortId: cohortA.id,
      title: 'Breathlessness in advanced COPD at home',
      setting: 'home',
      patient: { age: 78, sex: 'female', state: 'CO' },
      illness: 'copd',
      question: {
        text: 'How should opioids be titrated for refractory breathlessness?',
        type: 'medication',
        domains: [2],
        urgency: 'routine',
      },
      pps: 40,
      attestation: true,
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    const sub = await emitAck(sockets.nurse, 'case:subscribe', { caseId });
    expect(sub.ok).toBe(true);
  }, 120_000);

  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  it('previews the route: domain 2 → physician/aprn/pharmacist, two physicians on duty', async () => {
    const res = await nurse.api.get('/escalations/route-preview?domains=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      targetProfessions: ['physician', 'aprn', 'pharmacist'],
      candidates: 2,
      targetHours: { urgent: 24, routine: 72 },
    });
    // It names who would answer now (least load, then lowest id: phys1) and, given the urgency, when.
    expect(res.body.assignee).toEqual({ displayName: phys1.displayName, profession: 'physician' });
    const timed = await nurse.api.get('/escalations/route-preview?domains=2&urgency=urgent');
    expect(new Date(timed.body.dueAt).getTime() - Date.now()).toBeGreaterThan(23.9 * HOUR);
    const multi = await nurse.api.get('/escalations/route-preview?domains=3&domains=5&professions=chaplain');
    expect(multi.body.targetProfessions).toEqual(['chaplain', 'psychologist', 'counselor']);
    expect(multi.body.candidates).toBe(2);
  });

  it('rejects bad input with 400 naming the field, and unauthenticated callers with 401', async () => {
    const badDomain = await nurse.api.post(`/cases/${caseId}/escalations`, { question: 'Dosing?', domains: [9], urgency: 'urgent' });
    expect(badDomain.status).toBe(400);
    expect(badDomain.body.error.code).toBe('VALIDATION.FAILED');
    expect(badDomain.body.error.details.field).toBe('domains.0');
    const noUrgency = await nurse.api.post(`/cases/${caseId}/escalations`, { question: 'Dosing?', domains: [2] });
    expect(noUrgency.status).toBe(400);
    expect(noUrgency.body.error.details.field).toBe('urgency');
    const extra = await nurse.api.post(`/cases/${caseId}/escalations`, {
      question: 'Dosing?',
      domains: [2],
      urgency: 'urgent',
      assigneeId: phys1.id,
    });
    expect(extra.status).toBe(400);
    expect(extra.body.error.details.field).toBe('(body)'); // the unknown key is user text: named by its parent, never echoed
    expect(JSON.stringify(extra.body)).not.toContain('assigneeId');
    const badProfession = await nurse.api.get('/escalations/route-preview?domains=2&professions=wizard');
    expect(badProfession.status).toBe(400);
    expect(badProfession.body.error.details.field).toMatch(/^professions/);
    const unauth = await anon.post(`/cases/${caseId}/escalations`, { question: 'Dosing?', domains: [2], urgency: 'urgent' });
    expect(unauth.status).toBe(401);
    expect((await anon.get('/escalations?scope=mine')).status).toBe(401);
  });

  it('refuses a question with an identifier (422, findings, nothing stored)', async () => {
    const res = await nurse.api.post(`/cases/${caseId}/escalations`, {
      question: 'Her SSN is 123-45-6789, what dose?',
      domains: [2],
      urgency: 'urgent',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('PRIVACY.PHI_DETECTED');
    expect(res.body.error.details.findings[0]).toMatchObject({ field: 'question', type: 'SSN' });
    expect(JSON.stringify(res.body)).not.toContain('123-45-6789');
    const mine = await nurse.api.get('/escalations?scope=mine');
    expect(mine.body).toEqual([]);
  });

  it('an other-cohort learner cannot escalate the case (404)', async () => {
    const res = await outsider.api.post(`/cases/${caseId}/escalations`, { question: 'Dosing?', domains: [2], urgency: 'urgent' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('CASE.NOT_FOUND');
  });

  it('routes domain 2 to the on-duty physician with the least load, live; off-duty faculty are skipped', async () => {
    // First escalation: phys0 is off duty; phys1 and phys2 tie at load 0 → lowest id (phys1).
    const firstAssigned = nextEvent(sockets.phys1, 'escalation:assigned');
    const r0 = await nurse.api.post(`/cases/${caseId}/escalations`, {
      question: 'Is a low-dose opioid reasonable here?',
      domains: [2],
      urgency: 'routine',
    });
    expect(r0.status).toBe(201);
    e0 = r0.body;
    expect(e0).toMatchObject({ status: 'assigned', assigneeId: phys1.id, targetProfessions: ['physician', 'aprn', 'pharmacist'] });
    expect((await firstAssigned).id).toBe(e0.id);
    expect(e0.routingReason).toContain('1 off duty skipped');
    expect(new Date(e0.dueAt).getTime() - new Date(e0.createdAt).getTime()).toBe(72 * HOUR);
    const claimed = await phys1.api.post(`/escalations/${e0.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.status).toBe('claimed');

    // Second: phys1 now carries one open escalation → phys2 (load 0) gets it, on their socket.
    const assigned = nextEvent(sockets.phys2, 'escalation:assigned', (e) => e.question.startsWith('Which opioid'));
    const askerUpdate = nextEvent(sockets.nurse, 'escalation:updated', (e) => e.question.startsWith('Which opioid'));
    // A second escalation of a case with one still open is refused unless the asker confirms it.
    const twice = await nurse.api.post(`/cases/${caseId}/escalations`, {
      question: 'Which opioid and starting dose for breathlessness with eGFR 25?',
      domains: [2],
      urgency: 'urgent',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'ESCALATION.INVALID_STATE', details: { field: 'despiteOpen', escalationId: e0.id } });
    const r1 = await nurse.api.post(`/cases/${caseId}/escalations`, {
      question: 'Which opioid and starting dose for breathlessness with eGFR 25?',
      domains: [2],
      urgency: 'urgent',
      despiteOpen: true,
    });
    expect(r1.status).toBe(201);
    e1 = r1.body;
    expect(e1).toMatchObject({ status: 'assigned', assigneeId: phys2.id, urgency: 'urgent', caseId });
    expect(e1.routingReason).toMatch(/^domain 2 → physician\/aprn\/pharmacist; 2 on duty \(1 off duty skipped\); least load 0/);
    expect(new Date(e1.dueAt).getTime() - new Date(e1.createdAt).getTime()).toBe(24 * HOUR);
    expect(new Date(e1.claimDueAt!).getTime() - new Date(e1.createdAt).getTime()).toBe(CLAIM_WINDOW_MIN * MIN);
    const live = await assigned;
    expect(live.id).toBe(e1.id);
    expect(live).not.toHaveProperty('_id');
    expect((await askerUpdate).id).toBe(e1.id);
    // Only the chosen member is assigned; the others of the pool see an update at most.
    expect(got(logs.phys0, 'escalation:assigned', e1.id)).toHaveLength(0);
    expect(got(logs.phys1, 'escalation:assigned', e1.id)).toHaveLength(0);
    expect(got(logs.chaplain, 'escalation:updated', e1.id)).toHaveLength(0);

    const queue = await phys2.api.get('/escalations?scope=mine');
    expect(queue.body.map((e: EscalationDto) => e.id)).toContain(e1.id);
    // The faculty member it reached may now read the case.
    expect((await phys2.api.get(`/cases/${caseId}`)).status).toBe(200);
    const inbox = await phys2.api.get('/notifications');
    expect(
      inbox.body.items.some(
        (n: { title: string; escalationId?: string }) => n.escalationId === e1.id && n.title.startsWith('Urgent escalation'),
      ),
    ).toBe(true);
    expect(JSON.stringify(inbox.body)).not.toContain('eGFR');
  });

  it('offers an unclaimed escalation to the whole pool after the claim window', async () => {
    const poolUpdate = nextEvent(sockets.phys1, 'escalation:updated', (e) => e.id === e1.id && e.status === 'offered');
    const askerUpdate = nextEvent(sockets.nurse, 'escalation:updated', (e) => e.id === e1.id && e.status === 'offered');
    await shiftClock((CLAIM_WINDOW_MIN + 1) * MIN);
    const offered = await poolUpdate;
    expect(offered.assigneeId).toBeUndefined();
    expect(offered.timeline.map((t) => t.type)).toEqual(['created', 'assigned', 'offered']);
    await askerUpdate;
    // phys1 (same profession) now sees it as claimable; the claimed e0 was not touched.
    const queue = await phys1.api.get('/escalations?scope=mine');
    const ids = queue.body.map((e: EscalationDto) => `${e.id}:${e.status}`);
    expect(ids).toEqual(expect.arrayContaining([`${e1.id}:offered`, `${e0.id}:claimed`]));
    // The chaplain is not in its pool: it is not in their queue and not readable.
    const chaplainQueue = await chaplain.api.get('/escalations?scope=mine');
    expect(chaplainQueue.body.map((e: EscalationDto) => e.id)).not.toContain(e1.id);
  });

  it('alerts admins and re-routes when the target passes unanswered', async () => {
    const adminUpdate = nextEvent(
      sockets.admin,
      'escalation:updated',
      (e) => e.id === e1.id && e.timeline.some((t) => t.type === 'overdue'),
    );
    const reassigned = nextEvent(sockets.phys1, 'escalation:assigned', (e) => e.id === e1.id);
    await shiftClock(25 * HOUR);
    const alert = await adminUpdate;
    expect(alert.timeline.map((t) => t.type)).toEqual(['created', 'assigned', 'offered', 'overdue', 'rerouted']);
    // phys2 already had it; phys0 is off duty → phys1.
    const r = await reassigned;
    expect(r).toMatchObject({ status: 'assigned', assigneeId: phys1.id });
    const adminInbox = await s.admin.api.get('/notifications');
    expect(
      adminInbox.body.items.some(
        (n: { title: string; escalationId?: string }) => n.escalationId === e1.id && n.title.startsWith('Overdue escalation'),
      ),
    ).toBe(true);
    // The routine e0 (72 h target) is not overdue yet.
    expect((await phys1.api.get(`/escalations/${e0.id}`)).body.timeline.map((t: { type: string }) => t.type)).not.toContain('overdue');
    // A second sweep at the same time does nothing more (the due date moved on).
    expect((await shiftClock(25 * HOUR)).handled).toBe(0);
  });

  it('enforces who may read, claim and answer', async () => {
    expect((await outsider.api.get(`/escalations/${e1.id}`)).status).toBe(404);
    expect((await outsider.api.get('/escalations?scope=mine')).body).toEqual([]);
    expect((await chaplain.api.get(`/escalations/${e1.id}`)).status).toBe(404);
    expect((await nurse.api.get('/escalations?scope=all')).status).toBe(403);
    expect((await nurse.api.get('/escalations/0123456789abcdef01234567')).status).toBe(404);
    expect((await nurse.api.get('/escalations/not-an-id')).status).toBe(404);

    const learnerClaim = await socialWorker.api.post(`/escalations/${e1.id}/claim`);
    expect(learnerClaim.status).toBe(403);
    const outsiderClaim = await outsider.api.post(`/escalations/${e1.id}/claim`);
    expect(outsiderClaim.status).toBe(404);
    const chaplainClaim = await chaplain.api.post(`/escalations/${e1.id}/claim`);
    expect(chaplainClaim.status).toBe(404);
    // Same profession, but assigned to someone else and not offered.
    expect((await phys2.api.post(`/escalations/${e1.id}/claim`)).status).toBe(403);
  });

  it('claims and answers: the recommendation reaches the learner live in the case room', async () => {
    const claimUpdate = nextEvent(sockets.nurse, 'escalation:updated', (e) => e.id === e1.id && e.status === 'claimed');
    const claim = await phys1.api.post(`/escalations/${e1.id}/claim`);
    expect(claim.status).toBe(200);
    expect(claim.body).toMatchObject({ status: 'claimed', assigneeId: phys1.id });
    await claimUpdate;
    expect((await phys1.api.post(`/escalations/${e1.id}/claim`)).status).toBe(409);

    const answer = {
      restatedQuestion: 'Which opioid and starting dose for breathlessness with severe renal impairment?',
      recommendations: 'Prefer low-dose hydromorphone 0.5 mg q4h as needed; avoid morphine.',
      rationale: 'Morphine metabolites accumulate when renal function is poor.',
      contingency: 'If sedation develops, halve the dose.',
      followUp: 'Review ESAS dyspnea in 48 hours.',
    };
    const missing = await phys1.api.post(`/escalations/${e1.id}/answer`, { ...answer, rationale: undefined });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.field).toBe('rationale');
    const empty = await phys1.api.post(`/escalations/${e1.id}/answer`, { ...answer, recommendations: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.field).toBe('recommendations');
    const phi = await phys1.api.post(`/escalations/${e1.id}/answer`, { ...answer, followUp: 'Call her at (303) 555-0142 on Monday.' });
    expect(phi.status).toBe(422);
    expect(phi.body.error.details.findings.some((f: { field: string }) => f.field === 'followUp')).toBe(true);

    // Faculty of another profession, the former assignee, and learners cannot answer.
    expect((await psychologist.api.post(`/escalations/${e1.id}/answer`, answer)).status).toBe(404);
    expect((await phys2.api.post(`/escalations/${e1.id}/answer`, answer)).status).toBe(403);
    expect((await nurse.api.post(`/escalations/${e1.id}/answer`, answer)).status).toBe(403);

    const post = nextEvent(sockets.nurse, 'post:created', (p) => p.kind === 'recommendation');
    const answered = nextEvent(sockets.nurse, 'escalation:updated', (e) => e.id === e1.id && e.status === 'answered');
    const res = await phys1.api.post(`/escalations/${e1.id}/answer`, answer);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('answered');
    const livePost: PostDto = await post;
    expect(livePost).toMatchObject({ caseId, kind: 'recommendation', author: { id: phys1.id, profession: 'physician', role: 'faculty' } });
    // the case room is the peer view: no link to the escalation (it would lead to an anonymous asker)
    expect(livePost.recommendation).toMatchObject(answer);
    expect(livePost.recommendation).not.toHaveProperty('escalationId');
    expect((await answered).answeredAt).toBeDefined();
    expect((await nurse.api.get(`/cases/${caseId}`)).body.status).toBe('answered');
    const inbox = await nurse.api.get('/notifications');
    expect(inbox.body.items.some((n: { type: string; escalationId?: string }) => n.type === 'answer' && n.escalationId === e1.id)).toBe(
      true,
    );
    // One recommendation, one item for the asker (who also follows the case): it names who answered and links to the post.
    const aboutPost = inbox.body.items.filter((n: { postId?: string }) => n.postId === res.body.postId);
    expect(aboutPost).toHaveLength(1);
    expect(aboutPost[0]).toMatchObject({ type: 'answer', escalationId: e1.id, actorName: phys1.displayName });
    expect((await phys1.api.post(`/escalations/${e1.id}/answer`, answer)).status).toBe(409);
  });

  it('only the asker resolves; the whole timeline is kept', async () => {
    expect((await outsider.api.post(`/escalations/${e1.id}/resolve`)).status).toBe(404);
    expect((await socialWorker.api.post(`/escalations/${e1.id}/resolve`)).status).toBe(403);
    expect((await phys1.api.post(`/escalations/${e1.id}/resolve`)).status).toBe(403);
    const update = nextEvent(sockets.phys1, 'escalation:updated', (e) => e.id === e1.id && e.status === 'resolved');
    const res = await nurse.api.post(`/escalations/${e1.id}/resolve`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('resolved');
    await update;
    expect(res.body.timeline.map((t: { type: string }) => t.type)).toEqual([
      'created',
      'assigned',
      'offered',
      'overdue',
      'rerouted',
      'claimed',
      'answered',
      'resolved',
    ]);
    expect((await nurse.api.post(`/escalations/${e1.id}/resolve`)).status).toBe(409);
    const all = await s.admin.api.get('/escalations?scope=all');
    expect(all.status).toBe(200);
    expect(all.body.map((e: EscalationDto) => e.id)).toEqual(expect.arrayContaining([e0.id, e1.id]));
  });

  it('offers to the pool and alerts admins when nobody matches (no ethicist on duty)', async () => {
    const adminUpdate = nextEvent(sockets.admin, 'escalation:updated', (e) => e.domains.includes(8));
    const res = await socialWorker.api.post(`/cases/${caseId}/escalations`, {
      question: 'Who decides when the surrogate disagrees?',
      domains: [8],
      urgency: 'routine',
      despiteOpen: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'offered', targetProfessions: ['ethicist'] });
    expect(res.body.assigneeId).toBeUndefined();
    expect(res.body.routingReason).toContain('offered to the pool');
    expect((await adminUpdate).id).toBe(res.body.id);
  });

  it('reports response-time percentiles by domain and profession (faculty/admin only)', async () => {
    expect((await nurse.api.get('/analytics/summary')).status).toBe(403);
    const res = await s.admin.api.get<AnalyticsSummaryDto>('/analytics/summary');
    expect(res.status).toBe(200);
    const r = res.body.escalationResponseHours;
    expect(r.overall.count).toBe(1);
    expect(r.byDomain['2'].count).toBe(1);
    // Answered about 25 hours (clock shifted) after it was asked.
    expect(r.byDomain['2'].p50).toBeGreaterThan(24.9);
    expect(r.byDomain['2'].p50).toBeLessThan(26);
    expect(r.byProfession.physician).toEqual(r.byDomain['2']);
    expect(res.body.casesByDomain['2']).toBeGreaterThanOrEqual(1);
    expect(res.body.postsByProfession.physician).toBeGreaterThanOrEqual(1);
    expect(res.body.sessionParticipationByProfession).toEqual({});
    // A nurse speaks in a live session of the cohort: participation by profession counts it.
    const session = await s.admin.api.post('/sessions', {
      cohortId: cohortAId,
      title: 'Weekly case review',
      startsAt: new Date().toISOString(),
    });
    expect(session.status).toBe(201);
    expect((await emitAck(sockets.nurse, 'session:join', { sessionId: session.body.id })).ok).toBe(true);
    const msg = await emitAck(sockets.nurse, 'session:message', {
      sessionId: session.body.id,
      body: 'What about nebulised options?',
      clientId: 'analytics-msg-1',
    });
    expect(msg.ok).toBe(true);
    // message counters reach the session in one batched write per push window (at most 250 ms later)
    const nurseCounts = await waitFor(
      async () => (await s.admin.api.get<AnalyticsSummaryDto>('/analytics/summary')).body.sessionParticipationByProfession.nurse,
      { timeoutMs: 3000, what: "the nurses' participation counters" },
    );
    expect(nurseCounts).toMatchObject({ messages: 1 });
    expect((await phys1.api.get('/analytics/summary')).status).toBe(200);
  });

  describe('faculty decline, transfer and ask for more information', () => {
    let case2: string;
    let esc: EscalationDto;
    const byId = () => new Map([phys0, phys1, phys2, chaplain, psychologist].map((u) => [u.id, u]));

    it('routes a new question on an anonymous case; the case lists its escalations to members only', async () => {
      await shiftClock(26 * HOUR);
      const created = await nurse.api.post('/cases', {
        cohortId: cohortAId,
        title: 'Nausea on a syringe driver',
        setting: 'home',
        patient: { age: 70, sex: 'male', state: 'CO' },
        illness: 'cancer',
        question: { text: 'Which antiemetic suits a syringe driver?', type: 'medication', domains: [2], urgency: 'urgent' },
        pps: 30,
        attestation: true,
        anonymous: true,
      });
      expect(created.status).toBe(201);
      case2 = created.body.id;
      const r = await nurse.api.post(`/cases/${case2}/escalations`, {
        question: 'Is levomepromazine compatible with morphine in one driver?',
        domains: [2],
        urgency: 'urgent',
      });
      expect(r.status).toBe(201);
      esc = r.body;
      expect(esc.status).toBe('assigned');
      const listed = await nurse.api.get(`/cases/${case2}/escalations`);
      expect(listed.status).toBe(200);
      expect(listed.body.map((e: EscalationDto) => e.id)).toEqual([esc.id]);
      // A peer sees it without the anonymous asker; another cohort does not learn the case exists.
      const peer = await socialWorker.api.get(`/cases/${case2}/escalations`);
      expect(peer.body[0].askerId).toBeUndefined();
      expect((await outsider.api.get(`/cases/${case2}/escalations`)).status).toBe(404);
    });

    it('decline: only the holder, the reason passes the gate, and it is re-routed to someone else with the reason kept', async () => {
      const holder = byId().get(esc.assigneeId!)!;
      const other = [phys1, phys2].find((u) => u.id !== holder.id)!;
      expect((await other.api.post(`/escalations/${esc.id}/decline`, { reason: 'Not mine to take.' })).status).toBe(403);
      expect((await holder.api.post(`/escalations/${esc.id}/decline`, {})).status).toBe(400);
      const phi = await holder.api.post(`/escalations/${esc.id}/decline`, { reason: 'Call the daughter at 303-555-0142 first.' });
      expect(phi.status).toBe(422);
      expect(JSON.stringify(phi.body)).not.toContain('555-0142');
      const rerouted = nextEvent(sockets[other === phys1 ? 'phys1' : 'phys2'], 'escalation:assigned', (e) => e.id === esc.id);
      const res = await holder.api.post(`/escalations/${esc.id}/decline`, { reason: 'On leave this week; a colleague should take it.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'assigned', assigneeId: other.id });
      expect((await rerouted).id).toBe(esc.id);
      const declined = res.body.timeline.find((t: { type: string }) => t.type === 'declined');
      expect(declined).toMatchObject({ actorId: holder.id, text: 'On leave this week; a colleague should take it.' });
      const inbox = await nurse.api.get('/notifications');
      // Who acted is a field of its own (a display name), not part of the gated title.
      expect(
        inbox.body.items.some(
          (n: { actorName?: string; escalationId?: string }) => n.escalationId === esc.id && n.actorName === holder.displayName,
        ),
      ).toBe(true);
      esc = res.body;
    });

    it('transfer: to a named faculty colleague only, who is notified by name and may read the case', async () => {
      const holder = byId().get(esc.assigneeId!)!;
      const colleagues = await holder.api.get('/escalations/colleagues');
      expect(colleagues.status).toBe(200);
      expect(colleagues.body.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([chaplain.id, phys0.id]));
      expect(colleagues.body.map((c: { id: string }) => c.id)).not.toContain(holder.id);
      expect((await nurse.api.get('/escalations/colleagues')).status).toBe(403);
      expect((await holder.api.post(`/escalations/${esc.id}/transfer`, { toUserId: nurse.id })).status).toBe(400);
      expect((await nurse.api.post(`/escalations/${esc.id}/transfer`, { toUserId: chaplain.id })).status).toBe(403);
      const res = await holder.api.post(`/escalations/${esc.id}/transfer`, {
        toUserId: chaplain.id,
        note: 'The family asked about spiritual care too.',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'assigned', assigneeId: chaplain.id, assigneeName: chaplain.displayName });
      expect(res.body.timeline.at(-2)).toMatchObject({
        type: 'transferred',
        actorId: holder.id,
        text: 'The family asked about spiritual care too.',
      });
      expect((await chaplain.api.get(`/cases/${case2}`)).status).toBe(200);
      const inbox = await chaplain.api.get('/notifications');
      // Who acted is a field of its own (a display name), not part of the gated title.
      expect(
        inbox.body.items.some(
          (n: { actorName?: string; escalationId?: string }) => n.escalationId === esc.id && n.actorName === holder.displayName,
        ),
      ).toBe(true);
      esc = res.body;
    });

    it('ask for more information: needs info, the clock pauses, the asker is notified with a link to the post and answers in the thread', async () => {
      expect((await phys1.api.post(`/escalations/${esc.id}/request-info`, { question: 'Is there a line in place?' })).status).toBe(403);
      const askerUpdate = nextEvent(sockets.nurse, 'escalation:updated', (e) => e.id === esc.id && e.status === 'needs_info');
      const res = await chaplain.api.post(`/escalations/${esc.id}/request-info`, {
        question: 'What does the patient say matters most now?',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('needs_info');
      expect(res.body.pausedAt).toBeDefined();
      await askerUpdate;
      const inbox = await nurse.api.get('/notifications');
      const item = inbox.body.items.find(
        (n: { title: string; escalationId?: string }) => n.escalationId === esc.id && n.title.includes('need more information'),
      );
      expect(item?.postId).toBeDefined();
      const thread = await nurse.api.get(`/cases/${case2}/posts`);
      expect(thread.body.find((p: PostDto) => p.id === item.postId)?.body).toContain('What does the patient say matters most now?');
      // Paused: four hours later (past the one-hour claim window) nothing moved it.
      await shiftClock(30 * HOUR);
      expect((await nurse.api.get(`/escalations/${esc.id}`)).body.status).toBe('needs_info');
      expect(
        (await chaplain.api.post(`/escalations/${esc.id}/answer`, { restatedQuestion: 'x', recommendations: 'y', rationale: 'z' })).status,
      ).toBe(409);
      // Only the asker answers; the answer is gated like any post.
      expect((await socialWorker.api.post(`/escalations/${esc.id}/info`, { answer: 'Being at home.' })).status).toBe(403);
      expect((await nurse.api.post(`/escalations/${esc.id}/info`, { answer: 'Her MRN is 84412907.' })).status).toBe(422);
      const chaplainNote = nextEvent(sockets.chaplain, 'notification:created', (n) => n.escalationId === esc.id);
      const answered = await nurse.api.post(`/escalations/${esc.id}/info`, { answer: 'Being at home with the dog, and no more hospital.' });
      expect(answered.status).toBe(200);
      expect(answered.body.status).toBe('claimed');
      expect(answered.body.pausedAt).toBeUndefined();
      const moved = new Date(answered.body.dueAt).getTime() - new Date(esc.dueAt).getTime();
      expect(moved).toBeGreaterThan(4 * HOUR - 2 * MIN);
      expect(moved).toBeLessThan(4 * HOUR + 2 * MIN);
      const note = await chaplainNote;
      expect(note.postId).toBeDefined();
      // The asker's reply is an anonymous post for peers, and the peer DTO drops the asker from the timeline.
      const peerThread = await socialWorker.api.get(`/cases/${case2}/posts`);
      const reply = peerThread.body.find((p: PostDto) => p.id === note.postId);
      expect(reply.body).toContain('Being at home');
      expect(reply.author.id).toBeNull();
      const peerView = await socialWorker.api.get(`/escalations/${esc.id}`);
      expect(JSON.stringify(peerView.body)).not.toContain(nurse.id);
      expect(peerView.body.timeline.map((t: { type: string }) => t.type)).toContain('info_provided');
    });

    it('after the asker resolves the answered escalation the case no longer shows "answered"', async () => {
      const ans = await chaplain.api.post(`/escalations/${esc.id}/answer`, {
        restatedQuestion: 'What matters most now?',
        recommendations: 'Plan care at home.',
        rationale: 'It is what she values.',
      });
      expect(ans.status).toBe(200);
      expect(ans.body.postId).toBeDefined();
      expect((await nurse.api.get(`/cases/${case2}`)).body.status).toBe('answered');
      expect((await nurse.api.post(`/escalations/${esc.id}/resolve`)).status).toBe(200);
      expect((await nurse.api.get(`/cases/${case2}`)).body.status).toBe('open');
    });
  });
});

describe('escalation timers across replicas and restarts; the test clock exists only in tests', () => {
  let db: TestDb;
  const apis: TestApi[] = [];

  beforeAll(async () => {
    db = await startTestDb();
  });
  afterAll(async () => {
    for (const a of apis) await a.stop();
    await db?.stop();
  });

  it('two replicas polling the same database handle each due timer exactly once, and a restart loses nothing', async () => {
    const env = {
      TEST_CLOCK: 'true',
      ACCESS_TOKEN_TTL_SECONDS: String(48 * 3600),
      ESCALATION_POLL_MS: '50',
      ESCALATION_CLAIM_WINDOW_MINUTES: '30',
      ESCALATION_URGENT_HOURS: '24',
    };
    const a = await startTestApi({ mongoUri: db.uri, env });
    apis.push(a);
    const s = await new TestSession(a.url).init();
    const cohort = await s.cohort();
    const learner = await s.user({ role: 'learner', profession: 'social_worker', cohortId: cohort.id });
    await s.user({ role: 'faculty', profession: 'chaplain' });
    await s.user({ role: 'faculty', profession: 'chaplain' });
    const c = await learner.api.post('/cases', {
      cohortId: cohort.id,
      title: 'Existential distress late in illness',
      setting: 'hospice',
      patient: { age: 67, sex: 'male', state: 'OR' },
      illness: 'cancer',
      question: {
        text: 'How can the team support a patient asking why this is happening?',
        type: 'communication',
        domains: [5],
        urgency: 'urgent',
      },
    });
    expect(c.status).toBe(201);
    const e = await learner.api.post(`/cases/${c.body.id}/escalations`, {
      question: 'How do we respond to spiritual pain?',
      domains: [5],
      urgency: 'urgent',
    });
    expect(e.status).toBe(201);
    expect(e.body.status).toBe('assigned');

    // A second replica joins; both move past the claim window and sweep concurrently.
    const b = await startTestApi({ mongoUri: db.uri, env });
    apis.push(b);
    await Promise.all([a, b].map((x) => new ApiClient(x.url).post('/test/clock', { offsetMs: 31 * MIN })));
    const offered = await waitFor(
      async () => {
        const r = await learner.api.get(`/escalations/${e.body.id}`);
        return r.body.status === 'offered' ? (r.body as EscalationDto) : undefined;
      },
      { what: 'offered' },
    );
    await new Promise((r) => setTimeout(r, 300)); // several more polls on both replicas
    const after = (await learner.api.get(`/escalations/${e.body.id}`)).body as EscalationDto;
    expect(after.timeline.filter((t) => t.type === 'offered')).toHaveLength(1);
    expect(offered.status).toBe('offered');

    // Replica a goes away; b alone (due dates are in the database) handles the overdue target once.
    await a.stop();
    const bClient = new ApiClient(b.url);
    bClient.token = (await bClient.post('/auth/login', { email: learner.email, password: learner.password })).body.accessToken;
    await bClient.post('/test/clock', { offsetMs: 25 * HOUR });
    const overdue = await waitFor(
      async () => {
        const r = await bClient.get(`/escalations/${e.body.id}`);
        return r.body.timeline?.some((t: { type: string }) => t.type === 'overdue') ? (r.body as EscalationDto) : undefined;
      },
      { what: 'overdue' },
    );
    await new Promise((r) => setTimeout(r, 300));
    const final = (await bClient.get(`/escalations/${e.body.id}`)).body as EscalationDto;
    expect(final.timeline.filter((t) => t.type === 'overdue')).toHaveLength(1);
    expect(overdue.status).toBe('assigned');
    s.close();
  }, 120_000);

  it('has no test clock route outside NODE_ENV=test', async () => {
    const dev = await startTestApi({ mongoUri: db.uri, env: { NODE_ENV: 'development' } });
    apis.push(dev);
    const res = await new ApiClient(dev.url).post('/test/clock', { offsetMs: HOUR });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('COMMON.ROUTE_NOT_FOUND');
    const docs = await new ApiClient(dev.url).get('/docs-json');
    expect(Object.keys(docs.body.paths)).not.toContain('/api/test/clock');
  }, 60_000);

  it('NODE_ENV=test alone does not mount the test clock: it needs TEST_CLOCK', async () => {
    const plain = await startTestApi({ mongoUri: db.uri });
    apis.push(plain);
    const res = await new ApiClient(plain.url).post('/test/clock', { offsetMs: HOUR });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('COMMON.ROUTE_NOT_FOUND');
    // (TEST_CLOCK=true outside NODE_ENV=test, or on a non-loopback HOST, stops start-up: config.spec.ts)
  }, 60_000);
});
