import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';

/**
 * A long crafted draft sent to POST /api/privacy/scan must not stall the server (brief,
 * non-negotiable 4): scans run in a worker thread, so /api/health keeps answering while they run,
 * and a draft over the 60,000-character limit is refused with a clear code.
 */
const LIMIT = 60_000;
/** Shapes that cost the detector most per character (see libs/deid/test/adversarial.spec.ts). */
const crafted = ['A ', 'Aa ', 'St. ', 'AB, CA '].map((unit) => unit.repeat(Math.ceil(LIMIT / unit.length)).slice(0, LIMIT));

describe('privacy scan: a big crafted draft does not block the server', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let user: TestUser;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri });
    s = await new TestSession(api.url).init();
    user = await s.user({ profession: 'nurse', cohortId: (await s.cohort()).id });
  });
  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  it('finds identifiers in the worker as the detector does (the composer paragraph: date found, no clinical false alarm)', async () => {
    const text = '78yo F w/ metastatic breast CA, HTN, CHF (EF 20%). Husband Milo at bedside. Seen 3/9/2024, call 614-555-0199.';
    const r = await user.api.post('/privacy/scan', { fields: { body: text } });
    expect(r.status).toBe(200);
    const found = (r.body.findings as { start: number; end: number; type: string }[]).map((f) => [text.slice(f.start, f.end), f.type]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['Milo', 'NAME'],
        ['3/9/2024', 'DATE'],
        ['614-555-0199', 'PHONE'],
      ]),
    );
    expect(found.map(([t]) => t)).not.toEqual(expect.arrayContaining(['CA']));
    expect(JSON.stringify(r.body)).not.toContain('Milo');
  });

  it('keeps answering /api/health while 60,000-character crafted scans run', async () => {
    // warm both paths first (worker start-up, JIT)
    expect((await s.anonymous().get('/health')).status).toBe(200);
    expect((await user.api.post('/privacy/scan', { fields: { body: crafted[0].slice(0, 2000) } })).status).toBe(200);

    let scanning = true;
    const scans = Promise.all(crafted.map((body) => user.api.post('/privacy/scan', { fields: { body } }))).finally(() => {
      scanning = false;
    });
    const t0 = Date.now();
    const health: number[] = [];
    while (scanning) {
      const a = Date.now();
      const h = await s.anonymous().get('/health');
      if (!scanning) break; // answered only once the scans were over: not evidence either way
      expect(h.status).toBe(200);
      health.push(Date.now() - a);
      await new Promise((r) => setTimeout(r, 5));
    }
    const scanMs = Date.now() - t0;
    const results = await scans;
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(Array.isArray(r.body.findings)).toBe(true);
      expect(JSON.stringify(r.body)).not.toContain('A A A');
    }
    // a scan on the main thread would hold every health check for the whole scan; in a worker the
    // checks keep coming back, each in a small fraction of the time the scans took together
    expect(health.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...health)).toBeLessThan(Math.max(100, scanMs / 3));
  });

  it('refuses a scan over the limit with 413 VALIDATION.PAYLOAD_TOO_LARGE, never echoing the text', async () => {
    const r = await user.api.post('/privacy/scan', { fields: { a: 'x'.repeat(LIMIT / 2), b: 'Mrs. Okafor '.repeat(2600) } });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('VALIDATION.PAYLOAD_TOO_LARGE');
    expect(JSON.stringify(r.body)).not.toContain('Okafor');
  });
});
