/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../security/world';
import { apiEnv, checkA11y, checkPhone, choose, Person, requireWebDist, screenshot, storySteps, tick } from './support';

/**
 * The ECHO workflow around a session in the browser: a nurse submits her (anonymous) case for an upcoming session,
 * the facilitator returns it with a note, she revises and resubmits, the facilitator approves it
 * onto the agenda; a peer sees the case on the session card and in the room without its author's
 * name; after the session the facilitator adjusts a peer's attendance with a reason. axe-core on
 * every new screen, at desktop and 375 px; screenshots for the README.
 */

const SESSION = 'ECHO case review: breathlessness';
const CASE = 'Breathlessness at home, family fears sedation';
const NOTE = 'Please add the current opioid doses and what was tried for breathlessness.';

describe('session workflow in the browser: case submission, review, agenda, attendance adjustment', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let sessionId: string;
  let lead: TestUser;
  let nurse: TestUser;
  let social: TestUser;
  let facilitator: Person;
  let learner: Person;
  let peer: Person;
  const people: Person[] = [];
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('ECHO Fellows')).id;
    lead = await session.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Lena Brooks' });
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Maya Chen' });
    social = await session.user({ role: 'learner', profession: 'social_worker', cohortId, displayName: 'Tomas Rivera' });
    const c = await nurse.api.post<{ id: string }>('/cases', cleanCase(cohortId, { title: CASE, anonymous: true }));
    if (c.status !== 201) throw new Error(`case: ${c.status} ${JSON.stringify(c.body)}`);
    const s = await lead.api.post<{ id: string }>('/sessions', {
      cohortId,
      title: SESSION,
      startsAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
    });
    if (s.status !== 201) throw new Error(`session: ${s.status} ${JSON.stringify(s.body)}`);
    sessionId = s.body.id;
    [facilitator, learner, peer] = await Promise.all([Person.launch('facilitator'), Person.launch('nurse'), Person.launch('peer')]);
    people.push(facilitator, learner, peer);
  }, 120_000);

  afterAll(async () => {
    for (const p of people) await p.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  const sessionsPage = async (p: Person) => {
    await p.page.getByRole('link', { name: 'Live sessions' }).first().click();
    await p.page.getByRole('heading', { name: 'Live sessions', level: 1 }).waitFor();
  };
  const mine = (p: Person) => p.page.getByRole('list', { name: 'My submissions' });
  const toReview = (p: Person) => p.page.getByRole('list', { name: 'Submissions to review' });

  step('the nurse submits her case for the upcoming session; it shows as in review', async () => {
    const { page } = learner;
    await learner.signIn(api.url, nurse);
    await sessionsPage(learner);
    await choose(page, 'Session', new RegExp(`^(✓\\s*)?${SESSION} — `));
    await choose(page, 'Your case', `${CASE} (anonymous to peers)`);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await mine(learner).getByText('In review').waitFor();
    await checkA11y(page, 'sessions page: submit a case (learner)');
    await checkPhone(page, 'sessions page: submit a case (learner)');
  });

  step('the facilitator sees it in review and returns it with a note', async () => {
    const { page } = facilitator;
    await facilitator.signIn(api.url, lead);
    await sessionsPage(facilitator);
    const item = toReview(facilitator).getByRole('listitem').filter({ hasText: CASE });
    await item.getByText('submitted by Maya Chen').waitFor(); // faculty see who submitted
    await checkA11y(page, 'sessions page: submissions to review (facilitator)');
    await item.getByRole('button', { name: 'Return with note' }).click();
    await item.getByText('Write what the author should change.').waitFor(); // a return needs a note
    await item.getByLabel('Note to the author (to return it)').fill(NOTE);
    await screenshot(page, 'session-submission-review');
    await item.getByRole('button', { name: 'Return with note' }).click();
    await item.getByText('Returned for changes').waitFor();
    await checkPhone(page, 'sessions page: submissions to review (facilitator)', 'session-submission-review-phone');
  });

  step('the nurse reads the note (and the inbox notice), revises and resubmits', async () => {
    const { page } = learner;
    await page.reload();
    const row = mine(learner).getByRole('listitem').filter({ hasText: CASE });
    await row.getByText('Returned for changes').waitFor();
    await row.getByText(NOTE).waitFor();
    const inbox = await nurse.api.get<{ items: { title: string; type: string }[] }>('/notifications');
    expect(inbox.body.items.map((n) => n.title)).toContain(`Your case was returned for changes before “${SESSION}”`);
    await screenshot(page, 'session-submission-returned');
    await row.getByRole('button', { name: `Resubmit “${CASE}”` }).click();
    await row.getByText('In review').waitFor();
  });

  step('the facilitator approves it onto the agenda', async () => {
    const { page } = facilitator;
    await page.reload();
    const item = toReview(facilitator).getByRole('listitem').filter({ hasText: CASE });
    await item.getByRole('button', { name: 'Approve for the agenda' }).click();
    await item.getByText('Scheduled: on the agenda').waitFor();
    const inbox = await nurse.api.get<{ items: { title: string }[] }>('/notifications');
    expect(inbox.body.items.map((n) => n.title)).toContain(`Your case is on the agenda of “${SESSION}”`);
  });

  step('a peer sees the case on the session card and in the room, without the anonymous author’s name', async () => {
    const { page } = peer;
    await peer.signIn(api.url, social);
    await sessionsPage(peer);
    const card = page.getByRole('region', { name: 'Sessions' }).getByRole('listitem').filter({ hasText: SESSION });
    const agenda = card.getByRole('list', { name: 'Cases on the agenda' });
    await agenda.getByRole('link', { name: CASE }).waitFor();
    await agenda.getByText('presented by a learner · Nurse (anonymous)').waitFor();
    expect(await page.content()).not.toContain('Maya Chen');
    await card.getByRole('link', { name: SESSION }).first().click();
    await page.getByRole('heading', { name: SESSION, level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Agenda' }).getByRole('link', { name: CASE }).waitFor();
    await page.getByRole('region', { name: 'Agenda case 1' }).getByText(CASE).waitFor();
    expect(await page.content()).not.toContain('Maya Chen');
    await checkA11y(page, 'session room with agenda (peer)');
    await screenshot(page, 'session-agenda', { fullPage: true });
    await checkPhone(page, 'session room with agenda (peer)', 'session-agenda-phone');
  });

  step('after the session the facilitator credits the peer’s attendance with a reason', async () => {
    const { page } = facilitator;
    expect((await lead.api.post(`/sessions/${sessionId}/start`, {})).status).toBe(200);
    expect((await lead.api.post(`/sessions/${sessionId}/end`, {})).status).toBe(200);
    await page.goto(`${api.url}/sessions/${sessionId}`);
    const panel = page.getByRole('region', { name: 'Attendance' });
    await panel.getByRole('table').waitFor();
    const form = panel.getByRole('form', { name: 'Adjust attendance' });
    await choose(page, 'Person', 'Tomas Rivera');
    await tick(form, 'Present', 'radio');
    await form.getByLabel('Minutes present (optional)').fill('40');
    await form.getByLabel('Reason').fill('Joined by phone; the facilitator confirmed it');
    await form.getByRole('button', { name: 'Save adjustment' }).click();
    const row = panel.getByRole('row').filter({ hasText: 'Tomas Rivera' });
    await row.getByText(/Adjusted by Dr Lena Brooks, .*: Joined by phone; the facilitator confirmed it/).waitFor();
    await row.getByText('40 min').waitFor();
    await checkA11y(page, 'session room: attendance adjustment (facilitator)');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'session-attendance-adjust');
    await checkPhone(page, 'session room: attendance adjustment (facilitator)', 'session-attendance-adjust-phone');
    // the export carries it
    const csv = await (
      await fetch(`${api.url}/api/sessions/${sessionId}/attendance.csv`, { headers: { authorization: `Bearer ${lead.auth.accessToken}` } })
    ).text();
    expect(csv.split('\r\n').find((l) => l.startsWith(social.id))).toContain(
      ',40,0,present,"Joined by phone; the facilitator confirmed it",Dr Lena Brooks,',
    );
    for (const p of people) expect(p.errors).toEqual([]);
  });
});
