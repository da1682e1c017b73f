/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import {
  apiEnv,
  axeFindings,
  checkA11y,
  checkPhone,
  choose,
  count,
  gone,
  LIVE_TIMEOUT,
  Person,
  requireWebDist,
  screenshot,
  storySteps,
  tick,
} from './support';

/**
 * The case composer and the privacy gate in real Chromium against the compiled api serving the built client:
 * a nurse learner writes a case in the composer; an identifier typed into a narrative field is
 * highlighted live with its type and the post is refused; once rewritten it is accepted and the
 * case page opens. She escalates it (the route preview shows where it goes). A physician in a
 * second browser sees it arrive in the faculty queue without reloading, claims it and answers with
 * the structured form; the nurse sees the recommendation arrive in her thread without reloading.
 * axe-core runs on every screen on the way; screenshots go to docs/screenshots/.
 */

const TITLE = 'Refractory breathlessness in advanced COPD at home';
const QUESTION = 'How should we titrate opioids for breathlessness when the family worries about sedation?';
const PHI_SOCIAL = 'Lives with her daughter Maria Gonzalez, who can be reached at 303-555-0142 in the evenings.';
const CLEAN_SOCIAL = 'Lives with her daughter, the main caregiver, who worries that morphine will shorten her life.';
const RECOMMENDATION = 'Start oral morphine 2.5 mg every 4 hours as needed for breathlessness and review after 48 hours.';

describe('case flow: composer with live PHI check, escalation, faculty answer, live thread', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let cohortId: string;
  let nurse: TestUser;
  let physician: TestUser;
  let socialWorker: TestUser;
  let chaplain: TestUser;
  const people: Person[] = [];
  let learner: Person;
  let faculty: Person;
  let caseId = '';
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    cohortId = (await session.cohort('Interprofessional Fellows A')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    physician = await session.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Omar Haddad' });
    socialWorker = await session.user({ role: 'learner', profession: 'social_worker', cohortId, displayName: 'Priya Natarajan' });
    chaplain = await session.user({ role: 'learner', profession: 'chaplain', cohortId, displayName: 'Samuel Okafor' });
    learner = await Person.launch('nurse');
    faculty = await Person.launch('physician');
    people.push(learner, faculty);
  }, 120_000);

  afterAll(async () => {
    for (const p of people) await p.close();
    session?.close();
    await api?.stop();
    await db?.stop();
    const moderate = axeFindings.flatMap((f) =>
      f.violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => `${f.screen}: ${v.id} (${v.impact})`),
    );
    if (moderate.length) console.log(`axe (moderate/minor, not failed):\n${[...new Set(moderate)].join('\n')}`);
  });

  step('signs both people in; the physician goes off duty so new escalations are offered to the pool', async () => {
    await learner.signIn(api.url, nurse, { axe: true });
    await checkA11y(learner.page, 'home (empty)');
    await faculty.signIn(api.url, physician);
    await faculty.page.getByRole('link', { name: 'Faculty queue' }).click();
    await faculty.page.getByRole('heading', { name: 'Faculty queue', level: 1 }).waitFor();
    const duty = faculty.page.getByRole('switch', { name: /On duty/ });
    if (await duty.isChecked()) await duty.click({ force: true });
    await faculty.page.waitForFunction(() => !(document.querySelector('input[role="switch"]') as HTMLInputElement | null)?.checked);
    await faculty.page.getByText('Nothing waiting to be claimed.').waitFor();
    await checkA11y(faculty.page, 'faculty queue (empty)');
  });

  step('highlights an identifier in a narrative field live, with its type, and refuses to post it', async () => {
    const { page } = learner;
    await page.getByRole('link', { name: 'New case' }).click();
    await page.getByRole('heading', { name: 'New case', level: 1 }).waitFor();
    await choose(page, 'Cohort', 'Interprofessional Fellows A');
    await page.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await choose(page, 'Setting', 'Home');
    await choose(page, 'Serious illness', 'Copd');
    await page.getByRole('textbox', { name: 'Age' }).fill('78');
    await choose(page, 'Sex / gender', 'Female');
    await choose(page, 'State', 'CO');
    await page.getByRole('textbox', { name: 'Question', exact: true }).fill(QUESTION);
    await choose(page, 'Question type', 'Medication');
    await tick(page, '2. Physical');
    const esas: [string, string][] = [
      ['Pain', '3'],
      ['Tiredness', '7'],
      ['Drowsiness', '4'],
      ['Nausea', '1'],
      ['Lack of appetite', '6'],
      ['Shortness of breath', '9'],
      ['Depression', '3'],
      ['Anxiety', '8'],
      ['Wellbeing', '6'],
    ];
    for (const [name, v] of esas) {
      const input = page.getByRole('textbox', { name, exact: true });
      await input.fill(v);
      await input.press('Tab');
    }
    await choose(page, 'Palliative Performance Scale (PPSv2)', /^PPS 40%/);
    await page.getByRole('textbox', { name: 'Relevant medications' }).fill('morphine 2.5 mg PO q4h PRN\nsenna 8.6 mg PO nightly');
    await page
      .getByRole('textbox', { name: 'History and timeline' })
      .fill('Third admission in six months for an exacerbation; on home oxygen 2 L/min.');

    // the identifier, typed as a person would
    const social = page.getByRole('textbox', { name: 'Social' });
    await social.pressSequentially(PHI_SOCIAL, { delay: 5 });
    const field = page.locator('.phi-field').filter({ has: social });
    await field.locator('.phi-finding[data-type="NAME"]').waitFor();
    await field.locator('.phi-finding[data-type="PHONE"]').waitFor();
    await field.locator('mark.phi-mark').first().waitFor();
    const findings = await field.locator('.phi-finding').allInnerTexts();
    expect(findings.join('\n')).toMatch(/Name .*Maria Gonzalez/);
    expect(findings.join('\n')).toMatch(/Phone number .*303-555-0142/);
    expect(await social.getAttribute('aria-invalid')).toBe('true');

    await tick(page, /I have removed every identifier/);
    await page.getByRole('button', { name: 'Post case' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The case was not posted.' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/possible identifiers? (is|are) still highlighted/);
    expect(new URL(page.url()).pathname).toBe('/cases/new');
    // nothing reached the server
    expect((await nurse.api.get<{ items: unknown[] }>('/cases')).body.items).toHaveLength(0);

    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'composer-phi');
    await checkA11y(page, 'composer (identifier flagged, refused)');
  });

  step('keeps the draft across a reload, identifiers still flagged', async () => {
    const { page } = learner;
    await page
      .locator('.draft-status')
      .getByText(/^Draft saved/)
      .waitFor();
    await page.waitForTimeout(500); // the autosave debounce (400 ms) after the last change
    await page.reload();
    await page.getByRole('heading', { name: 'New case', level: 1 }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Title' }).inputValue()).toBe(TITLE);
    expect(await page.getByRole('textbox', { name: 'Shortness of breath', exact: true }).inputValue()).toBe('9');
    const social = page.getByRole('textbox', { name: 'Social' });
    expect(await social.inputValue()).toBe(PHI_SOCIAL);
    await page.locator('.phi-field').filter({ has: social }).locator('.phi-finding[data-type="PHONE"]').waitFor();
  });

  step('accepts the rewritten case and opens its page', async () => {
    const { page } = learner;
    const social = page.getByRole('textbox', { name: 'Social' });
    await social.fill(CLEAN_SOCIAL);
    await gone(page.locator('.phi-finding'));
    await page.getByRole('button', { name: 'Post case' }).click();
    await page.waitForURL(/\/cases\/[a-f0-9]{24}$/);
    caseId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    await page.getByText('No posts yet. Start the discussion below.').waitFor();
    await checkA11y(page, 'case page (new)');
  });

  step('shows colleagues’ posts live with profession badges, and inserts a mention from the autocomplete', async () => {
    const { page } = learner;
    // two colleagues of other professions answer through the API; the page shows them without a reload
    for (const [who, body] of [
      [socialWorker, 'Has anyone asked the daughter what “sedation” means to her? A family meeting could surface the fear behind it.'],
      [chaplain, 'Worth exploring whether the fear is also spiritual: some families see sedation as giving up.'],
    ] as const) {
      const r = await who.api.post(`/cases/${caseId}/posts`, { body, clientId: `seed-${who.id}` });
      expect([r.status, r.body]).toEqual([201, expect.anything()]);
    }
    // in the thread itself (the screen-reader announcer may repeat the newest post's opening words)
    const feed = page.getByRole('feed', { name: 'Discussion' });
    await feed.getByText('A family meeting could surface the fear behind it.').waitFor();
    await feed.getByText('some families see sedation as giving up').waitFor();
    await page.locator('article.post[data-profession="social_worker"] .profession-badge').getByText('Social Worker').waitFor();

    const box = page.getByRole('textbox', { name: 'Add to the discussion' });
    await box.click();
    await box.pressSequentially('Agreed. @Om', { delay: 10 });
    const option = page.getByRole('option', { name: /Dr Omar Haddad/ });
    await option.waitFor();
    await box.press('Enter');
    await box.pressSequentially('would a low-dose opioid trial be reasonable here?', { delay: 2 });
    expect(await box.inputValue()).toBe('Agreed. @Dr Omar Haddad would a low-dose opioid trial be reasonable here?');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    // shown at once (optimistic), then confirmed by the server (no longer pending, not doubled)
    const mine = page.locator('article.post').filter({ hasText: 'would a low-dose opioid trial be reasonable here?' });
    await mine.waitFor();
    await gone(page.locator('article.post-pending'));
    await count(mine, 1);
    // the server resolved the mention: the physician has an inbox item for it
    const inbox = await physician.api.get<{ items: { type: string; caseId?: string }[] }>('/notifications');
    expect(inbox.body.items.map((n) => [n.type, n.caseId])).toContainEqual(['mention', caseId]);
  });

  step('escalates with a preview of the professions it will be routed to', async () => {
    const { page } = learner;
    await page.getByRole('button', { name: 'Escalate to faculty' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Escalate to tertiary faculty' }).waitFor();
    const preview = dialog.locator('.route-preview');
    // in words: who is asked first (or which professions) and by when
    await preview.getByText(/answer expected by/).waitFor();
    expect(await preview.innerText()).toMatch(/physician/i);
    await checkA11y(page, 'escalate dialog with route preview');
    await screenshot(page, 'escalate-preview');
    await dialog.getByRole('button', { name: 'Escalate', exact: true }).click();
    await gone(page.getByRole('dialog'));
  });

  step('arrives live in the physician’s queue; she claims it and answers with the structured form', async () => {
    const { page } = faculty;
    const claimable = page.getByRole('region', { name: /^Claimable/ });
    const card = claimable.locator('li.escalation').filter({ hasText: TITLE });
    await card.waitFor({ timeout: LIVE_TIMEOUT }); // no reload: the socket event put it there
    await card.locator('.countdown').first().waitFor();
    await screenshot(page, 'faculty-queue');
    await checkA11y(page, 'faculty queue (claimable escalation)');
    await card.getByRole('button', { name: 'Claim' }).click();

    const mine = page
      .getByRole('region', { name: /^Assigned to me/ })
      .locator('li.escalation')
      .filter({ hasText: TITLE });
    await mine.getByRole('button', { name: 'Answer' }).click();
    const form = page.getByRole('form', { name: 'Answer the escalation' });
    await form.waitFor();
    await form
      .getByRole('textbox', { name: 'Recommendations' })
      .fill(`1. ${RECOMMENDATION}\n2. Add a hand-held fan and upright positioning.`);
    await form
      .getByRole('textbox', { name: 'Rationale' })
      .fill('Low-dose opioids relieve chronic breathlessness without clinically relevant respiratory depression at these doses.');
    await form.getByRole('textbox', { name: /contingency/ }).fill('If drowsy or confused, halve the dose and call the team.');
    await checkA11y(page, 'answer form');
    await screenshot(page, 'answer-form');
    await form.getByRole('button', { name: 'Post recommendation' }).click();
    await gone(form);
    await page.getByRole('region', { name: 'Answered' }).locator('li.escalation').filter({ hasText: TITLE }).waitFor();
  });

  step('the learner sees the recommendation arrive in her thread without reloading', async () => {
    const { page } = learner;
    const recs = page.getByRole('region', { name: 'Faculty recommendations' });
    await recs.getByText(RECOMMENDATION).waitFor({ timeout: LIVE_TIMEOUT });
    await recs.getByText('Dr Omar Haddad').first().waitFor();
    await checkA11y(page, 'case page (with recommendation)');
    await screenshot(page, 'case-thread', { fullPage: true });
    await checkPhone(page, 'case page', 'phone-case');
  });

  step('the other screens of the run pass axe: cases list, notifications, my escalations, home (desktop and 375 px)', async () => {
    const { page } = learner;
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await checkA11y(page, 'cases list');
    await page.getByRole('link', { name: /^Notifications/ }).click();
    await page.getByRole('heading', { name: /Notifications/, level: 1 }).waitFor();
    await checkA11y(page, 'notifications');
    await page.getByRole('link', { name: 'My escalations' }).click();
    await page.getByRole('heading', { name: 'My escalations', level: 1 }).waitFor();
    await page.locator('li.escalation').filter({ hasText: TITLE }).waitFor();
    await checkA11y(page, 'my escalations');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home', exact: true }).click();
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor();
    await page.getByRole('region', { name: 'Recent cases' }).getByRole('link', { name: TITLE }).waitFor();
    await checkA11y(page, 'home');
    await screenshot(page, 'home');
    await checkPhone(page, 'home', 'phone-home');
  });

  step('faculty analytics, admin and privacy review screens pass axe', async () => {
    await faculty.page.getByRole('link', { name: 'Quality' }).click();
    await faculty.page
      .getByRole('heading', { level: 1 })
      .filter({ hasText: /Quality/ })
      .waitFor();
    await faculty.page.locator('svg.recharts-surface').first().waitFor();
    await checkA11y(faculty.page, 'analytics');
    await screenshot(faculty.page, 'analytics', { fullPage: true });

    // a peer reports a post as a possible identifier, so the review queue has something in it
    const posts = (await nurse.api.get<{ id: string; author: { id: string } }[]>(`/cases/${caseId}/posts`)).body;
    const report = await nurse.api.post(`/posts/${posts.find((p) => p.author.id === chaplain.id)!.id}/report`, {});
    expect(report.status).toBe(202);

    const admin = await Person.launch('admin');
    people.push(admin);
    await admin.signIn(api.url, session.admin);
    await admin.page.getByRole('link', { name: 'Admin', exact: true }).click();
    await admin.page.getByRole('heading', { name: 'Administration', level: 1 }).waitFor();
    await admin.page.getByText('Interprofessional Fellows A').first().waitFor();
    await checkA11y(admin.page, 'admin');
    await screenshot(admin.page, 'admin', { fullPage: true });
    await admin.page.getByRole('link', { name: 'Privacy review' }).click();
    await admin.page.getByRole('heading', { name: 'Privacy review', level: 1 }).waitFor();
    await admin.page.getByText('some families see sedation as giving up').first().waitFor();
    await checkA11y(admin.page, 'privacy review');
    await screenshot(admin.page, 'privacy-review');
  });

  it('no page threw an uncaught error', () => {
    expect(people.flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`))).toEqual([]);
  });
});
