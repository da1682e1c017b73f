/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../fixtures/cases';
import { apiEnv, checkA11y, checkPhone, gone, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * Keyboard shortcuts in real Chromium: `?` lists the shortcuts, `/` focuses the case search, `g c` goes
 * to cases, `j`/`k` move between posts and `r` replies to the focused one, and none of them
 * fires while the person types in a field.
 */
describe('keyboard shortcuts', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let chaplain: TestUser;
  let person: Person;
  let caseId = '';
  const step = storySteps();
  /** Focus moves a frame or two after the key (the list scrolls first): wait for it, bounded. */
  const focusOn = (text: string) =>
    person.page.waitForFunction(
      (t) => document.activeElement?.tagName === 'ARTICLE' && (document.activeElement.textContent ?? '').includes(t),
      text,
    );

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Keyboard Fellows')).id;
    const nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    chaplain = await session.user({ role: 'learner', profession: 'chaplain', cohortId, displayName: 'Samuel Okafor' });
    caseId = ((await nurse.api.post('/cases', cleanCase(cohortId, { title: 'Keyboard case: spiritual distress' }))).body as { id: string })
      .id;
    for (let i = 1; i <= 4; i++)
      await nurse.api.post(`/cases/${caseId}/posts`, { body: `Post number ${i} about meaning and hope.`, clientId: `keyboard-${i}` });
    person = await Person.launch('keyboard');
  }, 120_000);

  afterAll(async () => {
    await person?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('? lists the shortcuts in a dialog that passes axe; Escape closes it', async () => {
    const { page } = person;
    await person.signIn(api.url, chaplain);
    await page.locator('body').press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    for (const k of ['Search cases', 'Go to cases', 'Next post', 'Previous post', 'Reply to the focused post'])
      await dialog.getByText(k).first().waitFor();
    await screenshot(page, 'keyboard-shortcuts');
    await checkA11y(page, 'keyboard shortcuts dialog');
    await checkPhone(page, 'keyboard shortcuts dialog');
    await page.keyboard.press('Escape');
    await gone(dialog);
    // also reachable without knowing the key: the footer button
    await page.getByRole('button', { name: /^Keyboard shortcuts/ }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await gone(dialog);
  });

  step('g c goes to cases; / focuses the search; letters typed there stay there', async () => {
    const { page } = person;
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.waitForURL(/\/cases$/);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await page.keyboard.press('/');
    const search = page.getByRole('searchbox', { name: 'Search' });
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'search');
    await page.keyboard.type('g c j k r ?');
    expect(await search.inputValue()).toBe('g c j k r ?');
    expect(new URL(page.url()).pathname).toBe('/cases');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await search.fill('');
  });

  step('/ from another page opens the cases list with its search focused', async () => {
    const { page } = person;
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: /^Welcome,/ }).waitFor();
    await page.locator('body').press('/');
    await page.waitForURL(/\/cases$/);
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'search');
  });

  step('on a case, j and k move between posts and r replies to the focused one', async () => {
    const { page } = person;
    await page.goto(`${api.url}/cases/${caseId}`);
    await page.getByRole('feed', { name: 'Discussion' }).locator('article').first().waitFor();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await focusOn('Post number 1');
    await page.keyboard.press('j');
    await focusOn('Post number 2');
    await page.keyboard.press('j');
    await focusOn('Post number 3');
    await page.keyboard.press('k');
    await focusOn('Post number 2');
    await page.keyboard.press('r');
    await page.locator('.replying').getByText('Replying to Dana Whitfield').waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    // typing in the reply box is typing, not shortcuts
    await page.keyboard.type('j k r g c');
    expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).value)).toBe('j k r g c');
    expect(new URL(page.url()).pathname).toBe(`/cases/${caseId}`);
    expect(person.errors).toEqual([]);
  });
});
