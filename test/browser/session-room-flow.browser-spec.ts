/// <reference lib="dom" />
import { PDFDocument } from 'pdf-lib';
import fs from 'node:fs';
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../security/world';
import {
  apiEnv,
  checkA11y,
  checkPhone,
  choose,
  count,
  gone,
  Person,
  PHONE,
  requireWebDist,
  screenshot,
  storySteps,
  DESKTOP,
} from './support';

/**
 * Scheduling, running and ending a live session in three browsers: a facilitator schedules by choosing a case, with a time
 * zone and a video-meeting link; a nurse presenting her anonymous case follows on a phone; a
 * social worker (a peer) on a desktop. The home page cues "Live now — join"; on the phone the
 * composer and "Raise my hand" stay pinned and "You have the floor" shows there (and is said
 * assertively); ending asks first and leaves nobody "speaking"; a revisit names the presenter
 * as each viewer may see them; the record lands in the case as structured sections.
 */

const TITLE = 'ECHO: breathlessness at home';
const MEETING = 'https://example.zoom.us/j/85512345678';
const pad = (n: number) => String(n).padStart(2, '0');
/** A datetime-local wall time in UTC one hour from now (the form's zone is set to UTC below). */
function utcInOneHour(): string {
  const d = new Date(Date.now() + 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

describe('live session flow: scheduling by case, live cue, pinned dock, ending, record', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let cohortId: string;
  let caseId: string;
  let lead: TestUser;
  let nurse: TestUser;
  let social: TestUser;
  let fac: Person;
  let phone: Person;
  let peer: Person;
  const people: Person[] = [];
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    cohortId = (await session.cohort('Hospice Nurses Cohort')).id;
    lead = await session.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Lena Brooks' });
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Maya Chen' });
    social = await session.user({ role: 'learner', profession: 'social_worker', cohortId, displayName: 'Tomas Rivera' });
    const c = await nurse.api.post<{ id: string }>(
      '/cases',
      cleanCase(cohortId, { title: 'Breathlessness and fear of sedation', anonymous: true }),
    );
    if (c.status !== 201) throw new Error(`case: ${c.status} ${JSON.stringify(c.body)}`);
    caseId = c.body.id;
    [fac, phone, peer] = await Promise.all([Person.launch('facilitator'), Person.launch('nurse-phone'), Person.launch('social-worker')]);
    people.push(fac, phone, peer);
  }, 120_000);

  afterAll(async () => {
    for (const p of people) await p.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  const card = (p: Person, region: string) =>
    p.page.getByRole('region', { name: region }).locator('.session-card').filter({ hasText: TITLE });
  const inViewport = async (p: Person, name: RegExp | string, role: 'button' | 'textbox') => {
    const box = await p.page.getByRole(role, { name }).boundingBox();
    const vh = p.page.viewportSize()!.height;
    return !!box && box.y >= 0 && box.y + box.height <= vh + 1;
  };

  step('the facilitator schedules by choosing the case, with a time zone and the meeting link', async () => {
    const { page } = fac;
    await fac.signIn(api.url, lead);
    await page.goto(`${api.url}/sessions`);
    await page.getByRole('heading', { name: 'Live sessions', level: 1 }).waitFor();
    await choose(page, 'Cohort', 'Hospice Nurses Cohort');
    await page.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await page.getByLabel('Starts at').fill(utcInOneHour());
    await choose(page, 'Time zone', 'UTC');
    // the case is chosen by its title; an anonymous author is not named in the chooser
    await choose(page, 'Presented case', 'Breathlessness and fear of sedation — anonymous author');
    // a meeting label with an identifier is refused by the gate, which says where without echoing it
    await page.getByRole('textbox', { name: 'Video meeting link (optional)' }).fill(MEETING);
    await page.getByRole('textbox', { name: 'Meeting label (optional)' }).fill('Zoom for Mrs Eleanor Whitfield, MRN 4829173');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('region', { name: 'Schedule a session' }).getByRole('alert').waitFor();
    await page.getByRole('textbox', { name: 'Meeting label (optional)' }).fill('Zoom, passcode in the invitation');
    await page.getByRole('button', { name: 'Schedule' }).click();
    const row = card(fac, 'Sessions');
    await row.waitFor();
    expect(await row.locator('time').innerText()).toMatch(/\d\d:\d\d UTC$/);
    expect(await row.getByRole('link', { name: /Join the video meeting \(Zoom, passcode in the invitation\)/ }).getAttribute('href')).toBe(
      MEETING,
    );
    await checkA11y(page, 'live sessions (schedule by case, time zone, meeting link)');
    await screenshot(page, 'session-schedule');
    await checkPhone(page, 'live sessions (schedule form)');
  });

  step('before the start the home card says "Not started"; after it, "Live now — join" leads into the room', async () => {
    await phone.signIn(api.url, nurse);
    await peer.signIn(api.url, social);
    await card(peer, 'Upcoming live sessions')
      .getByText(/Not started/)
      .waitFor();
    expect(await card(peer, 'Upcoming live sessions').getByText('Live now — join').count()).toBe(0);

    await card(fac, 'Sessions').getByRole('link', { name: TITLE }).click();
    await fac.page.getByRole('button', { name: 'Start session' }).click();
    await fac.page.getByRole('button', { name: /End session/ }).waitFor();

    for (const p of [phone, peer]) {
      await p.page.goto(`${api.url}/`);
      const live = card(p, 'Upcoming live sessions').getByRole('link', { name: `Live now — join ${TITLE}` });
      await live.waitFor();
      if (p === peer) {
        await checkA11y(p.page, 'home (live session cue)');
        await screenshot(p.page, 'home-live-now');
      }
      await live.click();
      await p.page.getByRole('heading', { name: TITLE, level: 1 }).waitFor();
    }
    // the room shows the meeting link and the presented case's summary without leaving
    const link = peer.page.getByRole('link', { name: /Join the video meeting/ });
    expect(await link.getAttribute('href')).toBe(MEETING);
    expect(await link.getAttribute('target')).toBe('_blank');
    const panel = peer.page.getByRole('region', { name: 'The presented case' });
    await panel.getByText('Breathlessness and fear of sedation').waitFor();
    await panel.getByText(/Shortness of breath 9/).waitFor();
    // who presents, as each may see it: the peer does not learn the anonymous author's name
    await peer.page.getByText('presenter: the case author (anonymous)').waitFor();
    await phone.page.getByText('presenter: you').waitFor();
    await fac.page.getByText('presenter: Maya Chen').waitFor();
  });

  step('on a phone the composer and "Raise my hand" stay pinned as the chat grows', async () => {
    await phone.page.setViewportSize(PHONE);
    for (let i = 1; i <= 8; i++) {
      const box = peer.page.getByRole('textbox', { name: 'Message' });
      await box.fill(`Question ${i}: how often is breathlessness reassessed at home, and by whom, during titration?`);
      await box.press('Enter');
      await gone(peer.page.locator('.chat-message.pending'));
    }
    await count(phone.page.locator('.chat-message'), 8);
    await phone.page.getByRole('region', { name: 'The presented case' }).scrollIntoViewIfNeeded();
    expect(await inViewport(phone, 'Message', 'textbox')).toBe(true);
    expect(await inViewport(phone, 'Raise my hand', 'button')).toBe(true);
    await checkA11y(phone.page, 'session room (learner, 375 px, pinned dock)');
  });

  step('called on, the phone shows "You have the floor" in the pinned dock and says it assertively', async () => {
    await phone.page.getByRole('button', { name: 'Raise my hand' }).click();
    const queue = fac.page.getByRole('list', { name: 'Hand queue, first raised first' });
    // the facilitator sees the anonymous presenter's hand under her name (faculty may see it)
    await queue.locator('li').first().getByRole('button', { name: 'Call on' }).click();
    const dock = phone.page.getByRole('group', { name: 'Your turn' });
    await dock.getByText('You have the floor.').waitFor();
    expect(await inViewport(phone, 'Message', 'textbox')).toBe(true);
    const floorBox = await dock.getByText('You have the floor.').boundingBox();
    expect(floorBox && floorBox.y >= 0 && floorBox.y + floorBox.height <= PHONE.height).toBe(true);
    await phone.page
      .locator('[aria-live="assertive"]')
      .getByText(/You have the floor/)
      .waitFor({ state: 'attached' });
    await checkA11y(phone.page, 'session room (learner has the floor, 375 px)');
    await screenshot(phone.page, 'phone-session-floor');
    await fac.page
      .getByRole('region', { name: /^Present/ })
      .getByText('speaking')
      .waitFor();
    // she answers from the pinned composer
    const box = phone.page.getByRole('textbox', { name: 'Message' });
    await box.fill('The fan helps a little; the night-time breathlessness is the worst part.');
    await box.press('Enter');
    await gone(phone.page.locator('.chat-message.pending'));
  });

  step('a recommendation and a pinned summary, then "End session" asks first; "Keep going" keeps it running', async () => {
    const { page } = fac;
    await choose(page, 'Phase', 'Recommendations');
    await page.getByRole('button', { name: 'Set phase' }).click();
    await peer.page.locator('.phase-banner .phase-now').getByText('Recommendations').waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Recommend a handheld fan and low-dose oral morphine, reviewed in 48 hours.');
    await box.press('Enter');
    await gone(page.locator('.chat-message.pending'));
    await page.getByRole('textbox', { name: 'Summary' }).fill('- Fan first\n- Low-dose opioid trial\n- Family meeting this week');
    await page.getByRole('button', { name: 'Pin summary' }).click();
    await peer.page
      .getByRole('region', { name: /Summary/ })
      .getByText('Family meeting this week')
      .waitFor();

    await page.getByRole('button', { name: 'End session…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'End the session for everyone?' });
    await dialog.waitFor();
    await checkA11y(page, 'end session confirmation');
    await screenshot(page, 'session-end-confirm');
    await dialog.getByRole('button', { name: 'Keep going' }).click();
    await gone(dialog);
    await peer.page.waitForTimeout(300);
    await peer.page.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await peer.page.locator('.phase-banner .phase-now').innerText()).toContain('Recommendations');
  });

  step('ending for everyone: nobody still has the floor or a "speaking" tag, the chat closes', async () => {
    const { page } = fac;
    await page.getByRole('button', { name: 'End session…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'End for everyone' }).click();
    for (const p of [fac, phone, peer]) {
      await p.page.getByText(/This session has ended/).waitFor();
      await gone(p.page.getByRole('textbox', { name: 'Message' }));
      // (the live regions keep their last sentence for screen readers; what is on screen is checked)
      expect(await p.page.locator('p.floor').count()).toBe(0);
      expect(
        await p.page
          .locator('main')
          .getByText(/has the floor|You have the floor/)
          .filter({ visible: true })
          .count(),
      ).toBe(0);
      expect(await p.page.locator('.tag').filter({ hasText: 'speaking' }).count()).toBe(0);
    }
    expect(await phone.page.getByRole('button', { name: /Raise my hand|Lower my hand/ }).count()).toBe(0);
  });

  step('revisiting the ended session names the presenter as each viewer may see them', async () => {
    for (const p of [fac, phone, peer]) await p.page.reload();
    await fac.page.getByText('presenter: Maya Chen').waitFor();
    await phone.page.getByText('presenter: you').waitFor();
    await peer.page.getByText('presenter: the case author (anonymous)').waitFor();
    expect(await peer.page.getByText(/presenter: someone/).count()).toBe(0);
    expect(await peer.page.locator('p.floor').count()).toBe(0);
    await checkA11y(peer.page, 'session room (ended, revisited)');
  });

  step('attendees evaluate the session; the facilitator sees the aggregate, by profession and never by name', async () => {
    const form = peer.page.getByRole('region', { name: 'Evaluate this session' });
    await form.getByRole('radio', { name: '4 · Quite a bit' }).check({ force: true });
    const text = form.getByRole('textbox', { name: /What will you change/ });
    await text.fill('Call Mrs Eleanor Whitfield at 303-555-0199 about the fan.');
    await form.getByRole('button', { name: 'Send evaluation' }).click();
    await form
      .getByRole('alert')
      .getByText(/identifiers/)
      .waitFor();
    await text.fill('I will offer a handheld fan before any opioid change.');
    await form.getByRole('button', { name: 'Send evaluation' }).click();
    await form.getByText('Thank you: your evaluation is saved.', { exact: false }).first().waitFor();
    await checkA11y(peer.page, 'session evaluation (learner)');
    await screenshot(peer.page, 'session-evaluation');

    await fac.page.reload();
    const summary = fac.page.getByRole('region', { name: 'Evaluations' });
    await summary.getByText(/^1 of \d attendees? answered/).waitFor();
    await summary.getByRole('row', { name: /4 · Quite a bit 1/ }).waitFor();
    await summary.getByText('I will offer a handheld fan before any opioid change.').waitFor();
    expect(await summary.innerText()).not.toContain('Tomas');
    await checkA11y(fac.page, 'session evaluations (facilitator)');
  });

  step('each attendee downloads a certificate of attendance (a real PDF) for the session and for a period', async () => {
    const pdfOf = async (p: Person, click: () => Promise<void>) => {
      const [download] = await Promise.all([p.page.waitForEvent('download'), click()]);
      const file = await download.path();
      return PDFDocument.load(new Uint8Array(fs.readFileSync(file)));
    };
    const one = await pdfOf(peer, () => peer.page.getByRole('button', { name: 'Download my certificate of attendance (PDF)' }).click());
    expect(one.getTitle()).toBe('Certificate of attendance — Tomas Rivera');
    expect(one.getKeywords()).toBe(TITLE);

    await peer.page.goto(`${api.url}/sessions`);
    const form = peer.page.getByRole('region', { name: 'Certificate of attendance' });
    await form.getByRole('button', { name: 'Download certificate (PDF)' }).waitFor();
    await checkA11y(peer.page, 'live sessions (learner, certificate form)');
    await checkPhone(peer.page, 'live sessions (learner, certificate form)');
    const period = await pdfOf(peer, () => form.getByRole('button', { name: 'Download certificate (PDF)' }).click());
    expect(period.getKeywords()).toBe(TITLE);
    expect(period.getSubject()).toMatch(/^1 session\(s\), /);
  });

  step('the record in the case thread: summary and recommendations first, speakers, times, the presenter anonymous', async () => {
    const { page } = peer;
    await page.setViewportSize(DESKTOP);
    await page.goto(`${api.url}/cases/${caseId}`);
    const record = page.locator('article.post').filter({ has: page.getByRole('heading', { name: `Live session record: ${TITLE}` }) });
    await record.waitFor();
    const headings = await record.getByRole('heading').allInnerTexts();
    expect(headings.slice(0, 5)).toEqual([`Live session record: ${TITLE}`, 'Summary', 'Recommendations', 'Speakers', 'Transcript']);
    await record.getByText(/Times in UTC · \d\d:\d\d–\d\d:\d\d/).waitFor();
    await record.getByRole('listitem').filter({ hasText: 'Recommend a handheld fan' }).first().waitFor();
    // the anonymous author presenting her own case is "The presenter" in the case's thread; the peer is named
    await record.getByText(/The presenter, nurse: The fan helps a little/).waitFor();
    expect(await record.innerText()).not.toContain('Maya Chen');
    await record.getByText(/@Tomas Rivera, social worker: 8 messages/).waitFor();
    await checkA11y(page, 'case thread with session record');
    await record.scrollIntoViewIfNeeded();
    await screenshot(page, 'session-record-in-case');
  });

  it('no page threw an uncaught error', () => {
    expect(people.flatMap((p) => p.errors.map((e) => `${p.name}: ${e}`))).toEqual([]);
  });
});
