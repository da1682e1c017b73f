/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import type { EscalationDto } from '@casebridge/contracts';
import { cleanCase } from '../fixtures/cases';
import type { Locator } from 'playwright-core';
import { apiEnv, checkA11y, checkPhone, Person, requireWebDist, screenshot, storySteps, tick } from './support';

/** Clears a react-aria checkbox, by its visible label (`tick` only sets one). */
async function untick(scope: Locator, name: string): Promise<void> {
  const box = scope.getByRole('checkbox', { name, exact: true });
  if (await box.isChecked()) await box.uncheck({ force: true });
}

/**
 * Routing map and faculty expertise in real Chromium against the compiled api serving the built client: an administrator
 * opens the routing map in the admin screen, is stopped from leaving a domain without a profession,
 * sends ethical and legal questions to chaplains as well and saves; the next escalation follows the
 * new map at once (no restart). A faculty member opens "My profile" from the header, goes on duty
 * and chooses expertise domains, and routing then prefers her. axe at 1280 and 375 px.
 */
describe('routing map (admin) and expertise (faculty profile)', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let nurse: TestUser;
  let chaplainUser: TestUser;
  let admin: Person;
  let chaplain: Person;
  let cohortId = '';
  /** A new case each time: a case has one open escalation at a time. */
  const newCase = async (title: string) => ((await nurse.api.post('/cases', cleanCase(cohortId, { title }))).body as { id: string }).id;
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    cohortId = (await session.cohort('Routing Fellows')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    chaplainUser = await session.user({ role: 'faculty', profession: 'chaplain', cohortId, displayName: 'Rev. Grace Mensah' });
    const paul = await session.user({ role: 'faculty', profession: 'chaplain', cohortId, displayName: 'Rev. Paul Idowu' });
    // a colleague of the same profession whose chosen expertise is spiritual care only
    await paul.api.patch('/me', { expertiseDomains: [5] });
    admin = await Person.launch('routing-admin');
    chaplain = await Person.launch('routing-chaplain');
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await chaplain?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('the admin sees the routing map; a domain without professions is refused before sending', async () => {
    const { page } = admin;
    await admin.signIn(api.url, session.admin);
    await page.goto(`${api.url}/admin`);
    await page.getByRole('tab', { name: 'Escalation routing' }).click();
    const form = page.getByRole('form', { name: 'Routing map' });
    await form.getByText('the server’s configured default applies').waitFor();
    const ethics = form.getByRole('group', { name: '8. Ethical and legal' });
    expect(await ethics.getByRole('checkbox', { name: 'Ethicist' }).isChecked()).toBe(true);
    await checkA11y(page, 'routing map (admin)');
    await untick(ethics, 'Ethicist');
    await form.getByRole('button', { name: 'Save routing map' }).click();
    await form.getByText('Not saved: domain 8 has no profession.').waitFor();
    await ethics.getByText('Choose at least one profession for this domain.').waitFor();
    await checkA11y(page, 'routing map with an error');
  });

  step('the admin routes ethical and legal questions to chaplains and ethicists; the next escalation follows at once', async () => {
    const { page } = admin;
    const form = page.getByRole('form', { name: 'Routing map' });
    const ethics = form.getByRole('group', { name: '8. Ethical and legal' });
    await tick(ethics, 'Chaplain');
    await tick(ethics, 'Ethicist');
    await form.getByRole('button', { name: 'Save routing map' }).click();
    await form.getByText(/Last changed .* by /).waitFor();
    await screenshot(page, 'admin-routing-map', { fullPage: true });
    await checkPhone(page, 'routing map (admin)', 'admin-routing-map-phone');
    const res = await nurse.api.post<EscalationDto>(`/cases/${await newCase('Request to stop feeding, family disagrees')}/escalations`, {
      question: 'The family disagree about stopping tube feeding: how do we hold that meeting?',
      domains: [8],
      urgency: 'routine',
    });
    expect(res.status).toBe(201);
    expect(res.body.targetProfessions).toEqual(['chaplain', 'ethicist']);
    expect(res.body.assigneeId).toBeDefined();
  });

  step('a faculty member opens "My profile" from the header and chooses her expertise', async () => {
    const { page } = chaplain;
    await chaplain.signIn(api.url, chaplainUser);
    await page.getByRole('link', { name: /My profile/ }).click();
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    const duty = page.getByRole('switch', { name: /On duty/ });
    expect(await duty.isChecked()).toBe(true);
    const expertise = page.getByRole('group', { name: 'My expertise (NCP domains)' });
    // by default the domains the routing map sends to chaplains
    expect(await expertise.getByRole('checkbox', { name: '5. Spiritual, religious and existential' }).isChecked()).toBe(true);
    await checkA11y(page, 'my profile (faculty)');
    for (const d of ['5. Spiritual, religious and existential', '6. Cultural']) await untick(expertise, d);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('group', { name: 'My expertise (NCP domains)' }).getByText('Choose at least one domain you can answer.').waitFor();
    for (const d of ['8. Ethical and legal', '5. Spiritual, religious and existential']) {
      const box = expertise.getByRole('checkbox', { name: d });
      if (!(await box.isChecked())) await tick(expertise, d);
    }
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await screenshot(page, 'profile-expertise', { fullPage: true });
    await checkPhone(page, 'my profile (faculty)', 'profile-expertise-phone');
    const me = (await chaplainUser.api.get<{ expertiseDomains: number[] }>('/me')).body;
    expect(me.expertiseDomains).toEqual([5, 8]);
  });

  step('routing now prefers her for a question on spiritual and ethical matters together', async () => {
    const res = await nurse.api.post<EscalationDto>(`/cases/${await newCase('Spiritual distress at home, feeding disputed')}/escalations`, {
      question: 'Spiritual distress and a disagreement about feeding: who leads?',
      domains: [5, 8],
      urgency: 'routine',
      professions: ['chaplain'],
    });
    expect(res.status).toBe(201);
    expect(res.body.assigneeId).toBe(chaplainUser.id);
    expect(res.body.routingReason).toContain('expertise covering 2 of 2 domains preferred');
    for (const p of [admin, chaplain]) expect(p.errors).toEqual([]);
  });
});
