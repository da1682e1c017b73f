/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../security/world';
import { apiEnv, checkA11y, checkPhone, choose, count, gone, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * A live session with three people of different professions in three
 * browsers (a physician facilitating, a nurse and a social worker learning). Presence grouped by
 * profession shows all three everywhere, chat reaches everyone, two learners raise hands and the
 * facilitator calls on the first in the queue, and phase changes show on the learners' banners.
 * axe-core on every screen visited; screenshots for the README.
 */

const TITLE = 'Case conference: breathlessness at home';
const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local value two hours from now, in the local time zone the browser shares with us. */
function inTwoHours(): string {
  const d = new Date(Date.now() + 2 * 3600_000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('live session room: presence by profession, chat, hands, phases across three browsers', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let cohortId: string;
  let caseId: string;
  let lead: TestUser;
  let nurse: TestUser;
  let social: TestUser;
  let facilitator: Person;
  let learnerN: Person;
  let learnerS: Person;
  const people: Person[] = [];
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    cohortId = (await session.cohort('Interprofessional Fellows B')).id;
    lead = await session.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Lena Brooks' });
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Maya Chen' });
    social = await session.user({ role: 'learner', profession: 'social_worker', cohortId, displayName: 'Tomas Rivera' });
    const c = await nurse.api.post<{ id: string }>('/cases', cleanCase(cohortId, { title: 'Breathlessness and fear of sedation at home' }));
    if (c.status !== 201) throw new Error(`case: ${c.status} ${JSON.stringify(c.body)}`);
    caseId = c.body.id;
    [facilitator, learnerN, learnerS] = await Promise.all([
      Person.launch('facilitator'),
      Person.launch('nurse'),
      Person.launch('social-worker'),
    ]);
    people.push(facilitator, learnerN, learnerS);
  }, 120_000);

  afterAll(async () => {
    for (const p of people) await p.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  const present = (p: Person) => p.page.getByRole('region', { name: /^Present \(/ });
  const banner = (p: Person) => p.page.locator('.phase-banner .phase-now');

  step('the facilitator schedules the session from the sessions page', async () => {
    const { page } = facilitator;
    await facilitator.signIn(api.url, lead);
    await page.getByRole('link', { name: 'Live sessions' }).click();
    await page.getByRole('heading', { name: 'Live sessions', level: 1 }).waitFor();
    await choose(page, 'Cohort', 'Interprofessional Fellows B');
    await page.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await page.getByLabel('Starts at').fill(inTwoHours());
    await choose(page, 'Presented case', /^Breathlessness and fear of sedation at home — /);
    await page.getByRole('button', { name: 'Schedule' }).click();
    const link = page.getByRole('region', { name: 'Sessions' }).getByRole('link', { name: TITLE });
    await link.waitFor();
    await checkA11y(page, 'live sessions (faculty, with schedule form)');
    await link.click();
    await page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
  });

  step('both learners open it from their home page; presence grouped by profession shows all three everywhere', async () => {
    for (const [p, u] of [
      [learnerN, nurse],
      [learnerS, social],
    ] as const) {
      await p.signIn(api.url, u);
      await p.page.getByRole('region', { name: 'Upcoming live sessions' }).getByRole('link', { name: TITLE }).click();
      await p.page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    }
    for (const p of people) {
      await present(p).getByRole('heading', { name: 'Present (3)' }).waitFor();
      const groups = await present(p).locator('.presence-group h3 .profession-badge').allInnerTexts();
      expect(groups.map((g) => g.replace(/^\W+/, '').trim()).sort()).toEqual(['Nurse', 'Physician', 'Social Worker']);
      for (const name of ['Dr Lena Brooks', 'Maya Chen', 'Tomas Rivera']) await present(p).getByText(name).waitFor();
    }
    // the chosen case is the presented one, summarised in the room (no raw id was pasted anywhere)
    const panel = learnerS.page.getByRole('region', { name: 'The presented case' });
    await panel.getByText('Breathlessness and fear of sedation at home').waitFor();
    expect(await panel.getByRole('link', { name: /Open the full case/ }).getAttribute('href')).toBe(`/cases/${caseId}`);
    await checkA11y(learnerN.page, 'session room (learner, lobby)');
  });

  step('the facilitator starts the session (the presentation phase); the learners’ banners follow', async () => {
    const { page } = facilitator;
    for (const p of people) await banner(p).getByText('Waiting to start').waitFor();
    await page.getByRole('button', { name: 'Start session' }).click();
    await page.getByRole('button', { name: 'End session' }).waitFor();
    for (const p of people) await banner(p).getByText('Case presentation').waitFor();
    expect(await learnerS.page.locator('.phase-steps [aria-current="step"]').innerText()).toBe('Case presentation');
  });

  step('chat messages reach everyone, each with the author’s profession', async () => {
    // a name in chat is refused by the server's gate and given back highlighted, not left as "Not sent"
    const box = facilitator.page.getByRole('textbox', { name: 'Message' });
    await box.fill('Welcome. Maya will present; questions after the presentation, please.');
    await box.press('Enter');
    const composer = facilitator.page.getByRole('form', { name: 'Chat' });
    await composer.locator('.phi-finding[data-type="NAME"][data-source="server"]').waitFor();
    await composer
      .getByRole('alert')
      .getByText(/Not sent: possible identifiers/)
      .waitFor();
    await count(facilitator.page.locator('.chat-message'), 0);
    expect(await box.inputValue()).toBe('Welcome. Maya will present; questions after the presentation, please.');

    const lines: [Person, string][] = [
      [facilitator, 'Welcome. Our nurse colleague will present; questions after the presentation, please.'],
      [learnerN, 'She rates breathlessness 9 of 10 and sleeps upright; the daughter fears morphine.'],
      [learnerS, 'The daughter is the only carer and has not slept properly in weeks.'],
    ];
    for (const [p, text] of lines) {
      const box = p.page.getByRole('textbox', { name: 'Message' });
      await box.fill(text);
      await box.press('Enter');
      await gone(p.page.locator('.chat-message.pending'));
    }
    for (const p of people) {
      const log = p.page.getByRole('list', { name: 'Messages' });
      for (const [, text] of lines) await count(log.locator('.chat-message').filter({ hasText: text }), 1);
      await log.locator('.chat-message[data-profession="social_worker"] .profession-badge').first().waitFor();
    }
  });

  step('two learners raise hands; the facilitator sees them in order and calls on the first', async () => {
    await learnerN.page.getByRole('button', { name: 'Raise my hand' }).click();
    await learnerN.page.getByRole('button', { name: 'Lower my hand' }).waitFor();
    const queue = facilitator.page.getByRole('list', { name: 'Hand queue, first raised first' });
    await queue.getByText('Maya Chen').waitFor();
    await learnerS.page.getByRole('button', { name: 'Raise my hand' }).click();
    await queue.getByText('Tomas Rivera').waitFor();
    expect((await queue.locator('li').allInnerTexts()).map((t) => t.split('\n')[0])).toEqual([
      expect.stringContaining('Maya Chen'),
      expect.stringContaining('Tomas Rivera'),
    ]);
    // everyone sees the same queue
    await learnerS.page
      .getByRole('list', { name: 'Hand queue, first raised first' })
      .locator('li')
      .first()
      .getByText('Maya Chen')
      .waitFor();
    await checkA11y(facilitator.page, 'session room (facilitator, hands raised)');

    await queue.locator('li').first().getByRole('button', { name: 'Call on' }).click();
    await learnerS.page.locator('p.floor').getByText('Maya Chen has the floor.').waitFor();
    // and it is announced to screen readers at once (assertive), and shown in the pinned dock by the composer
    await learnerN.page
      .locator('[aria-live="assertive"]')
      .getByText(/You have the floor/)
      .waitFor({ state: 'attached' });
    await learnerN.page.getByRole('group', { name: 'Your turn' }).getByText('You have the floor.').waitFor();
    await count(queue.locator('li'), 1);
    await queue.getByText('Tomas Rivera').waitFor();
    await learnerN.page.getByRole('button', { name: 'Raise my hand' }).waitFor();
  });

  step('phase changes by the facilitator and a pinned summary show for the learners', async () => {
    const { page } = facilitator;
    for (const phase of ['Clarifying questions', 'Recommendations']) {
      await choose(page, 'Phase', phase);
      await page.getByRole('button', { name: 'Set phase' }).click();
      for (const p of [learnerN, learnerS]) await banner(p).getByText(phase).waitFor();
    }
    await page
      .getByRole('textbox', { name: 'Summary' })
      .fill(
        '- Breathlessness 9/10, worse lying flat\n- Carer strain: the daughter is the only carer\n- Next: low-dose opioid trial and a family meeting',
      );
    await page.getByRole('button', { name: 'Pin summary' }).click();
    for (const p of [learnerN, learnerS])
      await p.page
        .getByRole('region', { name: /Summary/ })
        .getByText('Carer strain')
        .waitFor();
  });

  step('the room passes axe for each role, at desktop and 375 px; screenshots', async () => {
    await facilitator.page.locator('svg.recharts-surface').first().waitFor();
    await checkA11y(facilitator.page, 'session room (facilitator)');
    await screenshot(facilitator.page, 'session-room', { fullPage: true });
    await checkA11y(learnerS.page, 'session room (learner)');
    await screenshot(learnerN.page, 'session-room-learner');
    await checkPhone(learnerN.page, 'session room', 'phone-session');
    await checkPhone(facilitator.page, 'session room (facilitator)');
  });

  it('no page threw an uncaught error', () => {
    expect(people.flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`))).toEqual([]);
  });
});
