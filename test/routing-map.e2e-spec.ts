/**
 * Routing map and faculty expertise end to end (real api process, embedded database): admins read and replace the
 * NCP domain → profession routing map; a bad map is refused with a clear error; a change is
 * audited and applies to the next escalation at once (no restart); faculty set their expertise
 * domains, and routing prefers the member whose expertise covers the question's domains.
 */
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import type { EscalationDto, RoutingMapDto } from '@casebridge/contracts';
import { cleanCase } from './fixtures/cases';

describe('routing map and faculty expertise', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let nurse: TestUser;
  let chaplain: TestUser;
  let ethicist: TestUser;
  let physA: TestUser;
  let physB: TestUser;
  let cohortId = '';

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri });
    s = await new TestSession(api.url).init();
    cohortId = (await s.cohort('Routing Fellows')).id;
    nurse = await s.user({ role: 'learner', profession: 'nurse', cohortId });
    chaplain = await s.user({ role: 'faculty', profession: 'chaplain', cohortId });
    ethicist = await s.user({ role: 'faculty', profession: 'ethicist', cohortId });
    physA = await s.user({ role: 'faculty', profession: 'physician', cohortId });
    physB = await s.user({ role: 'faculty', profession: 'physician', cohortId });
  }, 120_000);

  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  /** A new case each time: a case has one open escalation at a time. */
  const newCase = async () => ((await nurse.api.post('/cases', cleanCase(cohortId))).body as { id: string }).id;
  const ask = async (domains: number[]) => {
    const res = await nurse.api.post<EscalationDto>(`/cases/${await newCase()}/escalations`, {
      question: 'What would you suggest next for this symptom?',
      domains,
      urgency: 'routine',
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('starts from the configured default, admins only', async () => {
    const res = await s.admin.api.get<RoutingMapDto>('/routing-map');
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('default');
    expect(res.body.domains.map((d) => d.domain)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(res.body.domains[7].professions).toEqual(['ethicist']);
    expect((await physA.api.get('/routing-map')).status).toBe(403);
    expect((await nurse.api.put('/routing-map', { domains: res.body.domains })).status).toBe(403);
  });

  it('refuses a map that leaves a domain without professions, names a domain twice or an unknown profession', async () => {
    const { domains } = (await s.admin.api.get<RoutingMapDto>('/routing-map')).body;
    const empty = domains.map((d) => (d.domain === 8 ? { ...d, professions: [] } : d));
    const r1 = await s.admin.api.put<{ error: { code: string; message: string } }>('/routing-map', { domains: empty });
    expect(r1.status).toBe(400);
    expect(r1.body.error.code).toBe('VALIDATION.FAILED');
    const twice = domains.map((d) => (d.domain === 8 ? { ...d, domain: 1 } : d));
    const r2 = await s.admin.api.put<{ error: { code: string; message: string } }>('/routing-map', { domains: twice });
    expect(r2.status).toBe(400);
    expect(r2.body.error.message).toContain('domain 1 is listed twice');
    const unknown = domains.map((d) => (d.domain === 8 ? { ...d, professions: ['wizard'] } : d));
    expect((await s.admin.api.put('/routing-map', { domains: unknown })).status).toBe(400);
    expect((await s.admin.api.get<RoutingMapDto>('/routing-map')).body.source).toBe('default');
  });

  it('a change is stored, audited and routes the next escalation at once', async () => {
    const before = await ask([8]);
    expect(before.assigneeId).toBe(ethicist.id);
    const { domains } = (await s.admin.api.get<RoutingMapDto>('/routing-map')).body;
    const next = domains.map((d) => (d.domain === 8 ? { ...d, professions: ['chaplain'] } : d));
    const res = await s.admin.api.put<RoutingMapDto>('/routing-map', { domains: next });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'database', updatedBy: { id: s.admin.id } });
    expect(res.body.domains[7].professions).toEqual(['chaplain']);
    const after = await ask([8]);
    expect(after.targetProfessions).toEqual(['chaplain']);
    expect(after.assigneeId).toBe(chaplain.id);
    const audit = await s.admin.api.get<{ actorId?: string; meta?: Record<string, unknown> }[]>('/audit?type=routing.updated');
    expect(audit.body[0]).toMatchObject({
      actorId: s.admin.id,
      meta: { changed: [8], before: { 8: ['ethicist'] }, after: { 8: ['chaplain'] } },
    });
  });

  it('faculty set their expertise; routing prefers the member whose expertise covers the question', async () => {
    // physA covers physical (2) by default only; physB chooses physical and spiritual (2, 5)
    const set = await physB.api.patch<{ expertiseDomains: number[] }>('/me', { expertiseDomains: [2, 5] });
    expect(set.status).toBe(200);
    expect(set.body.expertiseDomains).toEqual([2, 5]);
    expect((await physB.api.get<{ expertiseDomains: number[] }>('/me')).body.expertiseDomains).toEqual([2, 5]);
    expect((await physA.api.patch('/me', { expertiseDomains: [9] })).status).toBe(400);
    const e = await nurse.api.post<EscalationDto>(`/cases/${await newCase()}/escalations`, {
      question: 'Pain and spiritual distress together: where do we start?',
      domains: [2, 5],
      urgency: 'routine',
      professions: ['physician'],
    });
    expect(e.status).toBe(201);
    expect(e.body.assigneeId).toBe(physB.id);
    expect(e.body.routingReason).toContain('expertise covering 2 of 2 domains preferred');
  });
});
