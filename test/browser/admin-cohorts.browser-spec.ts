/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { apiEnv, checkA11y, checkPhone, choose, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * Cohort membership and the admin's cohort table in real Chromium: an administrator adds an
 * existing account to a second cohort from the Users tab; the person can then read that cohort's
 * cases. The cohort table shows names, not database ids. axe at 1280 and 375 px.
 */
describe('admin: add an existing account to another cohort', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let learner: TestUser;
  let cohortA = '';
  let cohortB = '';
  let admin: Person;
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    cohortA = (await session.cohort('Northern Fellows')).id;
    cohortB = (await session.cohort('Southern Fellows')).id;
    learner = await session.user({ role: 'learner', profession: 'pharmacist', cohortId: cohortA, displayName: 'Tomas Herrera' });
    admin = await Person.launch('admin-cohorts');
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('the cohort table names cohorts without raw ids', async () => {
    const { page } = admin;
    await admin.signIn(api.url, session.admin);
    await page.goto(`${api.url}/admin`);
    await page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Cohorts' });
    await table.getByRole('rowheader', { name: 'Southern Fellows' }).waitFor();
    const text = (await table.textContent()) ?? '';
    expect(text).not.toContain(cohortA);
    expect(text).not.toMatch(/\b[a-f0-9]{24}\b/);
  });

  step('the admin adds the learner to a second cohort; the learner can read its cases', async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Users' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Tomas Herrera' }) });
    await row.getByText('Northern Fellows').waitFor();
    await checkA11y(page, 'admin users with add to cohort');
    await choose(page, 'Add Tomas Herrera to', 'Southern Fellows');
    await row.getByRole('button', { name: 'Add', exact: true }).click();
    await row.getByText('Northern Fellows, Southern Fellows').waitFor();
    await screenshot(page, 'admin-add-to-cohort');
    await checkPhone(page, 'admin users with add to cohort');
    const me = await learner.api.get<{ cohortIds: string[] }>('/me');
    expect(me.body.cohortIds.sort()).toEqual([cohortA, cohortB].sort());
    expect((await learner.api.get(`/cases?cohortId=${cohortB}`)).status).toBe(200);
    expect(admin.errors).toEqual([]);
  });

  step('an invitation has copy buttons, a code that does not start with "-", and its link pre-fills the invited email', async () => {
    const { page, context } = admin;
    await page.setViewportSize({ width: 1280, height: 860 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
    // The admin menu fits on one line at 1280 px: every link sits on the same row.
    const tops = await page.locator('#main-nav a').evaluateAll((links) => links.map((l) => Math.round(l.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await page.getByRole('tab', { name: 'Invitations' }).click();
    await choose(page, 'Cohort', 'Southern Fellows');
    await page.getByRole('textbox', { name: /Email/ }).fill('new.fellow@example.org');
    await page.getByRole('button', { name: 'Create invitation' }).click();
    const note = page.locator('.note-ok');
    const code = (await note.locator('code.invite-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{11}$/);
    await note.getByRole('button', { name: 'Copy link' }).click();
    await note.getByRole('button', { name: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${api.url}/register?code=${encodeURIComponent(code)}&email=new.fellow%40example.org`);
    await page.getByRole('button', { name: `Copy link for code ${code}` }).waitFor();
    await checkA11y(page, 'invitations with copy buttons');
    await checkPhone(page, 'invitations with copy buttons');
    // The invited person opens the link (signed out): code and email are filled in.
    const guest = await Person.launch('invitee');
    try {
      await guest.page.goto(copied);
      await guest.page.getByRole('textbox', { name: /Invitation code/ }).waitFor();
      expect(await guest.page.getByRole('textbox', { name: /Invitation code/ }).inputValue()).toBe(code);
      expect(await guest.page.getByRole('textbox', { name: /^Email/ }).inputValue()).toBe('new.fellow@example.org');
    } finally {
      await guest.close();
    }
  });
});
