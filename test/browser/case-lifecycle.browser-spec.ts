/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../fixtures/cases';
import { apiEnv, checkA11y, checkPhone, choose, gone, Person, requireWebDist, screenshot, storySteps, tick } from './support';

/**
 * A case's lifecycle in real Chromium against the compiled api serving the built client: the author of
 * an anonymous case closes it with an outcome and a note; a peer watching the case in a second
 * browser sees it close without reloading (no composer any more, the closer stays anonymous to
 * them) and is offered neither close nor reopen. The author adds a follow-up ("what happened"),
 * and faculty of the cohort reopen the case, which takes posts again. axe at 1280 and 375 px.
 */
describe('case lifecycle: close with an outcome, follow-up, reopen', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let nurse: TestUser;
  let chaplain: TestUser;
  let physician: TestUser;
  let author: Person;
  let peer: Person;
  let caseId = '';
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Lifecycle Fellows')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    chaplain = await session.user({ role: 'learner', profession: 'chaplain', cohortId, displayName: 'Samuel Okafor' });
    physician = await session.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Omar Haddad' });
    const res = await nurse.api.post(
      '/cases',
      cleanCase(cohortId, { anonymous: true, title: 'Breathlessness at home, family fears sedation' }),
    );
    caseId = (res.body as { id: string }).id;
    await chaplain.api.post(`/cases/${caseId}/posts`, {
      body: 'We used a fan and pursed-lip breathing first.',
      clientId: 'lifecycle-post-1',
    });
    author = await Person.launch('lifecycle-author');
    peer = await Person.launch('lifecycle-peer');
  }, 120_000);

  afterAll(async () => {
    await author?.close();
    await peer?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('both open the case; the peer is offered neither close nor reopen', async () => {
    await author.signIn(api.url, nurse);
    await peer.signIn(api.url, chaplain);
    for (const p of [author, peer]) {
      await p.page.goto(`${api.url}/cases/${caseId}`);
      await p.page.getByRole('heading', { level: 1, name: /Breathlessness at home/ }).waitFor();
    }
    await author.page.getByRole('button', { name: 'Close case…' }).waitFor();
    await peer.page.locator('.post-composer textarea').waitFor();
    expect(await peer.page.getByRole('button', { name: 'Close case…' }).count()).toBe(0);
    expect(await peer.page.getByRole('button', { name: 'Add a follow-up' }).count()).toBe(0);
  });

  step('the author closes it with an outcome; the dialog asks for an outcome first and passes axe', async () => {
    const { page } = author;
    await page.getByRole('button', { name: 'Close case…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close this case' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close case' }).click();
    await dialog.getByText('Choose how the case ended.').waitFor();
    await checkA11y(page, 'close case dialog');
    await tick(dialog, 'Care plan agreed', 'radio');
    await dialog
      .getByRole('textbox', { name: /Closing note/ })
      .fill('Family meeting held; plan agreed to keep her at home with hospice support.');
    await screenshot(page, 'case-close-dialog');
    await dialog.getByRole('button', { name: 'Close case' }).click();
    await gone(dialog);
    await page.getByRole('heading', { name: 'Closed: Care plan agreed' }).waitFor();
    await page.getByText('Family meeting held; plan agreed').waitFor();
    await page.getByRole('button', { name: 'Reopen case' }).waitFor();
  });

  step('the peer sees it close live: banner, no composer, the anonymous closer unnamed', async () => {
    const { page } = peer;
    const banner = page.getByRole('region', { name: 'Closed: Care plan agreed' });
    await banner.waitFor();
    expect(await banner.textContent()).not.toContain('Dana');
    expect(await banner.textContent()).toContain('Anonymous');
    await gone(page.locator('.post-composer'));
    expect(await page.getByRole('button', { name: 'Reopen case' }).count()).toBe(0);
    await checkA11y(page, 'closed case (peer)');
  });

  step('the author adds a follow-up: what happened shows on the case page, for the peer too', async () => {
    const { page } = author;
    await page.getByRole('button', { name: 'Add a follow-up' }).click();
    const form = page.getByRole('form', { name: 'Add a follow-up' });
    await form.getByRole('button', { name: 'Add follow-up' }).click();
    await form.getByText('Describe what happened.').waitFor();
    await form.getByText('Say whether the advice was followed.').waitFor();
    await tick(form, 'Advice partly followed', 'radio');
    await form
      .getByRole('textbox', { name: /What happened/ })
      .fill('Breathlessness eased on low-dose morphine; she stayed at home with hospice.');
    await choose(page, 'PPS now (optional)', '30%');
    await checkA11y(page, 'follow-up form');
    await form.getByRole('button', { name: 'Add follow-up' }).click();
    await gone(form);
    const list = page.getByRole('region', { name: 'What happened (1)' });
    await list.getByText('Breathlessness eased on low-dose morphine').waitFor();
    await list.getByText('PPS 30%').waitFor();
    await screenshot(page, 'case-closed-follow-up', { fullPage: true });
    await checkPhone(page, 'closed case with follow-up', 'case-closed-follow-up-phone');
    await peer.page.getByRole('region', { name: 'What happened (1)' }).getByText('Breathlessness eased').waitFor();
  });

  step('faculty of the cohort reopen it; it takes posts again and the peer sees the composer come back', async () => {
    const fac = await Person.launch('lifecycle-faculty');
    try {
      await fac.signIn(api.url, physician);
      await fac.page.goto(`${api.url}/cases/${caseId}`);
      await fac.page.getByRole('button', { name: 'Reopen case' }).click();
      await fac.page.getByRole('button', { name: 'Close case…' }).waitFor();
      await gone(fac.page.getByRole('region', { name: /^Closed/ }));
    } finally {
      await fac.close();
    }
    await gone(peer.page.getByRole('region', { name: /^Closed/ }));
    await peer.page.locator('.post-composer').waitFor();
    await checkPhone(peer.page, 'reopened case (peer)');
    expect(author.errors.concat(peer.errors)).toEqual([]);
  });
});
