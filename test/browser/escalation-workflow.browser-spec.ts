/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../fixtures/cases';
import { apiEnv, checkA11y, checkPhone, choose, gone, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * The escalation workflow (faculty answer, decline, transfer; the case's escalation panel) in real Chromium against the compiled api serving the built client.
 * A nurse escalates a case: the routing preview names who will answer and by when; a second
 * escalation needs an explicit confirmation. Faculty A declines with a reason (re-routed to B),
 * B transfers to a named colleague (a chaplain), the chaplain asks the nurse for more information;
 * the nurse, whose case page is open, sees the question arrive live and answers it in place (the
 * answer lands in the thread). The chaplain answers with the case summary beside the form; the
 * nurse marks the escalation resolved next to the recommendation and the case stops showing
 * "answered". Queue cards carry no routing debug string. axe at 1280 and 375 px on each screen.
 */
describe('escalation workflow: decline, transfer, ask for more information, resolve', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let nurse: TestUser;
  let facultyA: TestUser;
  let facultyB: TestUser;
  let chaplain: TestUser;
  let peerUser: TestUser;
  let asker: Person;
  let caseId = '';
  const step = storySteps();

  /** A faculty member's browser for one step. */
  async function asFaculty<T>(user: TestUser, name: string, fn: (p: Person) => Promise<T>): Promise<T> {
    const p = await Person.launch(name);
    try {
      await p.signIn(api.url, user);
      await p.page.goto(`${api.url}/escalations`);
      await p.page.getByRole('heading', { level: 1, name: 'Faculty queue' }).waitFor();
      const out = await fn(p);
      expect(p.errors).toEqual([]);
      return out;
    } finally {
      await p.close();
    }
  }

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Escalation Fellows')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    // Faculty reach the case only through the escalation. A is created first: at equal load, the lower id is asked first.
    peerUser = await session.user({ role: 'learner', profession: 'social_worker', cohortId, displayName: 'Priya Raman' });
    facultyA = await session.user({ role: 'faculty', profession: 'physician', displayName: 'Dr Mei Lindqvist' });
    facultyB = await session.user({ role: 'faculty', profession: 'physician', displayName: 'Dr Ravi Castellano' });
    chaplain = await session.user({ role: 'faculty', profession: 'chaplain', displayName: 'Rev Ana Moretti' });
    const res = await nurse.api.post(
      '/cases',
      cleanCase(cohortId, {
        title: 'Breathlessness at home, family fears sedation',
        question: {
          text: 'How should we titrate opioids for breathlessness when the family fears sedation?',
          type: 'medication',
          domains: [2],
          professions: ['physician'],
          urgency: 'routine',
        },
      }),
    );
    caseId = (res.body as { id: string }).id;
    await nurse.api.post(`/cases/${caseId}/posts`, {
      body: 'We started a fan and pursed-lip breathing first.',
      clientId: 'esc-flow-post-1',
    });
    asker = await Person.launch('esc-asker');
  }, 120_000);

  afterAll(async () => {
    await asker?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('the routing preview says in words who answers and by when; escalating shows where it stands', async () => {
    const { page } = asker;
    await asker.signIn(api.url, nurse);
    await page.goto(`${api.url}/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: /Breathlessness at home/ }).waitFor();
    await page.getByRole('button', { name: 'Escalate to faculty' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate to tertiary faculty' });
    const preview = dialog.locator('.route-preview');
    await preview.getByText(/Dr Mei Lindqvist.*\(physician, on duty\) will be asked first/).waitFor();
    await preview.getByText(/answer expected by .*\(72 h target for routine questions\)/).waitFor();
    await dialog.getByRole('radio', { name: 'Urgent' }).check({ force: true });
    await preview.getByText(/\(24 h target for urgent questions\)/).waitFor();
    await checkA11y(page, 'escalate dialog with routing preview');
    await screenshot(page, 'escalate-routing-preview');
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await gone(dialog);
    const panel = page.getByRole('region', { name: 'Escalations to faculty' });
    await panel.getByText(/Assigned to Dr Mei Lindqvist, waiting for them to accept — answer expected by/).waitFor();
  });

  step('a second escalation of the same case needs an explicit confirmation', async () => {
    const { page } = asker;
    await page.getByRole('button', { name: 'Escalate another question' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate to tertiary faculty' });
    await dialog.getByText('This case is already escalated.').waitFor();
    await dialog.getByText(/Dr Mei Lindqvist is on it/).waitFor();
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/Tick the box to confirm/)
      .waitFor();
    await checkA11y(page, 'second escalation warning');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await gone(dialog);
    expect((await nurse.api.get<unknown[]>(`/cases/${caseId}/escalations`)).body).toHaveLength(1);
  });

  step('faculty A sees the case in words (no debug string) and declines with a reason: it is re-routed to B', async () => {
    await asFaculty(facultyA, 'esc-faculty-a', async ({ page }) => {
      const card = page.locator('li.escalation').filter({ hasText: 'Breathlessness at home' });
      await card.getByText(/Assigned to Dr Mei Lindqvist, waiting for them to accept — answer expected by/).waitFor();
      const text = (await card.textContent()) ?? '';
      expect(text).not.toMatch(/→|least load|chose physician|on duty;/);
      await checkA11y(page, 'faculty queue card');
      await card.getByRole('button', { name: 'Decline' }).click();
      const form = page.getByRole('form', { name: 'Decline the escalation' });
      await form.getByRole('button', { name: 'Decline and re-route' }).click();
      await form.getByText('Why are you declining? cannot be empty.').waitFor();
      await form.getByRole('textbox', { name: /Why are you declining/ }).fill('I am away this week; a colleague should take it.');
      await checkA11y(page, 'decline form');
      await form.getByRole('button', { name: 'Decline and re-route' }).click();
      await gone(form);
      await gone(page.getByRole('region', { name: /^Assigned to me/ }).locator('li.escalation'));
    });
    const [e] = (await nurse.api.get<{ assigneeId: string }[]>(`/cases/${caseId}/escalations`)).body;
    expect(e.assigneeId).toBe(facultyB.id);
    await asker.page
      .getByRole('region', { name: 'Escalations to faculty' })
      .getByText(/Assigned to Dr Ravi Castellano/)
      .waitFor();
  });

  step('faculty B transfers it to a named colleague with a note', async () => {
    await asFaculty(facultyB, 'esc-faculty-b', async ({ page }) => {
      const card = page
        .getByRole('region', { name: /^Assigned to me/ })
        .locator('li.escalation')
        .filter({ hasText: 'Breathlessness at home' });
      await card.getByText('I am away this week; a colleague should take it.').waitFor();
      await card.getByRole('button', { name: 'Transfer', exact: true }).click();
      const form = page.getByRole('form', { name: 'Transfer the escalation' });
      await form.getByRole('button', { name: 'Transfer', exact: true }).click();
      await form.getByText('Choose the colleague who should take it.').waitFor();
      await choose(page, 'Transfer to', /Rev Ana Moretti — Chaplain, on duty/);
      await form.getByRole('textbox', { name: /Note for your colleague/ }).fill('The family asks about spiritual care as well.');
      await checkA11y(page, 'transfer form');
      await screenshot(page, 'escalation-transfer');
      await form.getByRole('button', { name: 'Transfer', exact: true }).click();
      await gone(form);
    });
    await asker.page
      .getByRole('region', { name: 'Escalations to faculty' })
      .getByText(/Assigned to Rev Ana Moretti/)
      .waitFor();
  });

  step('the chaplain asks the asker for more information; the asker sees it live and answers in place', async () => {
    await asFaculty(chaplain, 'esc-chaplain-ask', async ({ page }) => {
      const card = page
        .getByRole('region', { name: /^Assigned to me/ })
        .locator('li.escalation')
        .filter({ hasText: 'Breathlessness at home' });
      await card.getByRole('button', { name: 'Ask the asker' }).click();
      const form = page.getByRole('form', { name: 'Ask the asker for more information' });
      await form.getByRole('textbox', { name: /What do you need to know/ }).fill('What does the patient say matters most to her now?');
      await form.getByRole('button', { name: 'Ask the asker' }).click();
      await gone(form);
      await card.getByText('Needs information from the asker').waitFor();
      await card
        .getByText(/the clock is paused/)
        .first()
        .waitFor();
    });
    const { page } = asker;
    const panel = page.getByRole('region', { name: 'Escalations to faculty' });
    await panel.getByText('What does the patient say matters most to her now?').first().waitFor();
    await panel.getByText(/asked the asker for more information; the clock is paused/).waitFor();
    await checkA11y(page, 'case page: faculty question for the asker');
    await checkPhone(page, 'case page: faculty question for the asker', 'escalation-needs-info-phone');
    const form = panel.getByRole('form', { name: 'Answer the faculty question' });
    await form.getByRole('textbox', { name: /Your answer/ }).fill('Staying at home with her dog, and no more hospital stays.');
    await form.getByRole('button', { name: 'Post answer' }).click();
    await panel.getByText(/Rev Ana Moretti is answering/).waitFor();
    // The answer is a post in the thread.
    await page.locator('.thread-panel').getByText('Staying at home with her dog').waitFor();
  });

  step('the chaplain answers with the case summary beside the form', async () => {
    await asFaculty(chaplain, 'esc-chaplain-answer', async ({ page }) => {
      const card = page
        .getByRole('region', { name: /^Assigned to me/ })
        .locator('li.escalation')
        .filter({ hasText: 'Breathlessness at home' });
      await card.getByRole('button', { name: 'Answer', exact: true }).click();
      const summary = page.getByRole('complementary', { name: /The case: Breathlessness at home/ });
      await summary
        .getByRole('table', { name: /ESAS-r/ })
        .getByRole('row', { name: /Shortness of breath 9 \(high\)/ })
        .waitFor();
      await summary.getByText('PPS 40%', { exact: false }).waitFor();
      await summary.getByText('morphine 2.5 mg q4h prn').waitFor();
      await summary.getByText(/stay at home; the daughter is the surrogate/).waitFor();
      await summary.getByText('Staying at home with her dog', { exact: false }).waitFor();
      const form = page.getByRole('form', { name: 'Answer the escalation' });
      await form
        .getByRole('textbox', { name: /^Recommendations/ })
        .fill(
          '1. Explain that low-dose morphine eases breathlessness without sedation at these doses.\n2. Plan care at home with hospice.',
        );
      await form.getByRole('textbox', { name: /^Rationale/ }).fill('She values being at home; the doses in use are low.');
      await checkA11y(page, 'answer form with case summary');
      await screenshot(page, 'escalation-answer-with-summary', { fullPage: true });
      await checkPhone(page, 'answer form with case summary');
      await form.getByRole('button', { name: 'Post recommendation' }).click();
      await gone(form);
    });
  });

  step('the asker marks it resolved next to the recommendation; the case no longer shows "answered"', async () => {
    const { page } = asker;
    const rec = page.getByRole('article', { name: 'Recommendation by Rev Ana Moretti' });
    await rec.getByRole('button', { name: 'Mark resolved' }).waitFor();
    await checkA11y(page, 'recommendation with Mark resolved');
    await screenshot(page, 'escalation-mark-resolved', { fullPage: true });
    await rec.getByRole('button', { name: 'Mark resolved' }).click();
    await gone(rec.getByRole('button', { name: 'Mark resolved' }));
    await page.getByRole('region', { name: 'Escalations to faculty' }).getByText('Resolved by the asker').waitFor();
    expect((await nurse.api.get<{ status: string }>(`/cases/${caseId}`)).body.status).toBe('open');
    await page.getByRole('button', { name: 'Escalate to faculty' }).waitFor();
    await checkPhone(page, 'case page after resolve');
    expect(asker.errors).toEqual([]);
  });

  step('notifications say who acted and link to the exact post; one recommendation is one item', async () => {
    const { page } = asker;
    await page.goto(`${api.url}/notifications`);
    const inbox = page.getByRole('list', { name: 'Notifications' });
    const rec = inbox.getByRole('listitem').filter({ hasText: 'Faculty recommendation' });
    await rec.first().waitFor();
    expect(await rec.count()).toBe(1);
    expect(await inbox.getByRole('listitem').filter({ hasText: 'New recommendation' }).count()).toBe(0);
    await rec.getByText('Rev Ana Moretti:').waitFor();
    expect(await rec.getByRole('link').getAttribute('href')).toMatch(new RegExp(`^/cases/${caseId}#post-[a-f0-9]{24}$`));
    await inbox.getByRole('listitem').filter({ hasText: 'Faculty need more information' }).getByText('Rev Ana Moretti:').waitFor();
    await checkA11y(page, 'notifications with who acted');
    await screenshot(page, 'notifications-who-acted');
    await checkPhone(page, 'notifications with who acted');
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  step('a peer who replies sees the Follow control switch to "Follow" without reloading', async () => {
    const peer = await Person.launch('esc-peer');
    try {
      await peer.signIn(api.url, peerUser);
      const { page } = peer;
      await page.goto(`${api.url}/cases/${caseId}`);
      const control = page.getByRole('radiogroup', { name: 'Notifications for this case' });
      expect(await control.getByRole('radio', { name: 'Normal' }).isChecked()).toBe(true);
      await page.locator('.post-composer textarea').fill('Our team used the same plan last month; the family felt heard.');
      await page.locator('.post-composer').getByRole('button', { name: 'Post', exact: true }).click();
      await page.locator('.thread-panel').getByText('Our team used the same plan last month').waitFor();
      await page.waitForFunction(
        () => (document.querySelector('.follow-control input[value="following"]') as HTMLInputElement | null)?.checked === true,
        undefined,
        { timeout: 15_000 },
      );
      expect(peer.errors).toEqual([]);
    } finally {
      await peer.close();
    }
  });
});
