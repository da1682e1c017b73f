import * as fs from 'node:fs';
import * as path from 'node:path';
import { emitAck, startTestApi, startTestDb, TestSession, uniqueId, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from './fixtures/cases';

/**
 * The privacy gate against the corpus: every dev-corpus text goes through the API as a post and as a case
 * narrative; each one holding PHI is refused (422 PRIVACY.PHI_DETECTED) with findings that do not
 * echo it, and afterwards none of the gold PHI strings is in the database files or the api output.
 * The corpus is a copy of ../shared/deid/dev.jsonl so the test runs without ../shared.
 */
interface GoldRecord {
  id: string;
  text: string;
  spans: { start: number; end: number; type: string }[];
}
const corpus: GoldRecord[] = fs
  .readFileSync(path.join(__dirname, 'fixtures/deid-dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as GoldRecord);
/**
 * What must never be found: each gold span; a very short one (an age such as "102", initials) is
 * searched with a few characters of its original context, because alone it would also match ids,
 * lengths and timings that have nothing to do with the text.
 */
function needle(r: GoldRecord, sp: { start: number; end: number }): string {
  const g = r.text.slice(sp.start, sp.end).trim();
  if (g.length >= 5) return g;
  return r.text.slice(Math.max(0, sp.start - 6), Math.min(r.text.length, sp.end + 6));
}
const goldStrings = [...new Set(corpus.flatMap((r) => r.spans.map((sp) => needle(r, sp))))].filter((g) => g.trim().length > 0);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A gold string as a whole token (so "Pat" does not match "Patient"). */
const token = (g: string) => new RegExp(`(?<![A-Za-z0-9])${escape(g)}(?![A-Za-z0-9])`);

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('privacy: the dev corpus never reaches storage or logs', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let learner: TestUser;
  let caseId: string;
  let cohortId: string;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri });
    s = await new TestSession(api.url).init();
    cohortId = (await s.cohort()).id;
    learner = await s.user({ profession: 'social_worker', cohortId });
    const c = await learner.api.post('/cases', cleanCase(cohortId));
    expect(c.status).toBe(201);
    caseId = c.body.id;
  });
  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  it('has the corpus', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(goldStrings.length).toBeGreaterThan(100);
  });

  it('refuses every text holding PHI, as a post (REST and socket) and as a case narrative, without echoing it', async () => {
    const accepted: string[] = [];
    const sock = await s.connectAs(learner);
    for (const r of corpus) {
      const gold = r.spans.map((sp) => r.text.slice(sp.start, sp.end));
      const post = await learner.api.post(`/cases/${caseId}/posts`, {
        body: r.text,
        clientId: uniqueId('dev').replace(/[^A-Za-z0-9]/g, ''),
      });
      const kase = await learner.api.post('/cases', cleanCase(cohortId, { narrative: { social: r.text } }));
      const live = await emitAck(sock, 'post:create', { caseId, body: r.text, clientId: uniqueId('sk').replace(/[^A-Za-z0-9]/g, '') });
      if (gold.length === 0) {
        // no identifiers in this text: accepted, unless the detector over-flags it
        if (post.status === 201) accepted.push(r.id);
        continue;
      }
      for (const [res, field] of [
        [post, 'body'],
        [kase, 'narrative.social'],
      ] as const) {
        expect({ id: r.id, field, status: res.status, code: res.body?.error?.code }).toEqual({
          id: r.id,
          field,
          status: 422,
          code: 'PRIVACY.PHI_DETECTED',
        });
        const findings = res.body.error.details.findings as { field: string; start: number; end: number; type: string }[];
        expect(findings.length).toBeGreaterThan(0);
        expect(findings.every((f) => f.field === field && f.end <= r.text.length)).toBe(true);
        // every string the client receives (message, field names, types, suggestions); offsets are numbers
        const echoed = [res.body.error.message, ...findings.flatMap((f) => Object.values(f).filter((v) => typeof v === 'string'))].join(
          '\n',
        );
        for (const g of gold)
          expect({ id: r.id, leaked: g.trim().length > 1 && token(g.trim()).test(echoed) ? g : null }).toEqual({ id: r.id, leaked: null });
      }
      expect({ id: r.id, ok: live.ok, code: live.ok ? undefined : live.error.code }).toEqual({
        id: r.id,
        ok: false,
        code: 'PRIVACY.PHI_DETECTED',
      });
    }
    // the PHI-free texts are stored: they show the gate is not simply refusing everything
    expect(accepted.length).toBeGreaterThan(0);
  });

  it('leaves none of the gold PHI strings in the database files or the api output', async () => {
    const files = db.dir ? filesUnder(db.dir) : [];
    if (db.dir) expect(files.length).toBeGreaterThan(0);
    const contents = files.map((f) => ({ f, text: fs.readFileSync(f).toString('latin1') }));
    // sanity: the scan does see what was stored (the clean case's title is in the files)
    if (db.dir) expect(contents.some((c) => c.text.includes('Refractory dyspnea in advanced heart failure'))).toBe(true);
    const out = api.output();
    expect(out.length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const g of goldStrings) {
      const re = token(Buffer.from(g, 'utf8').toString('latin1'));
      for (const c of contents) if (re.test(c.text)) leaks.push(`${g} in ${path.basename(c.f)}`);
      if (token(g).test(out)) leaks.push(`${g} in api output`);
    }
    expect(leaks).toEqual([]);
  });
});
