/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../fixtures/cases';
import { apiEnv, checkA11y, checkPhone, count, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * The case thread in real Chromium: the thread reads top to bottom as part of the page (no
 * fixed-height inner scroll box, no empty box under a short thread), with "jump to first unread"
 * and "jump to newest"; a "new since your last visit" divider sits above the first post the
 * reader has not seen, and the cases list says how many posts are new per case. A post from a
 * colleague in another browser arrives live and counts as new in the list afterwards.
 */
describe('case thread: part of the page, unread markers, jumps', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let chaplain: TestUser;
  let pharmacist: TestUser;
  let reader: Person;
  let longCase = '';
  let shortCase = '';
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Thread Fellows')).id;
    const nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    chaplain = await session.user({ role: 'learner', profession: 'chaplain', cohortId, displayName: 'Samuel Okafor' });
    pharmacist = await session.user({ role: 'learner', profession: 'pharmacist', cohortId, displayName: 'Lee Pharm' });
    shortCase = ((await nurse.api.post('/cases', cleanCase(cohortId, { title: 'Short thread: one reply' }))).body as { id: string }).id;
    await pharmacist.api.post(`/cases/${shortCase}/posts`, { body: 'One reply only.', clientId: 'thread-short-1' });
    longCase = (
      (await nurse.api.post('/cases', cleanCase(cohortId, { title: 'Long thread: secretions at the end of life' }))).body as { id: string }
    ).id;
    for (let i = 1; i <= 14; i++) {
      const who = i % 2 ? pharmacist : nurse;
      await who.api.post(`/cases/${longCase}/posts`, {
        body: `Thoughts on secretions, part ${i}: ${'glycopyrrolate versus repositioning and mouth care. '.repeat(3)}`,
        clientId: `thread-long-${i}`,
      });
    }
    // the chaplain read the first ten posts on an earlier visit
    await chaplain.api.put(`/cases/${longCase}/read`, { seq: 10 });
    reader = await Person.launch('thread-reader');
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('the cases list says how many posts are new in each case', async () => {
    const { page } = reader;
    await reader.signIn(api.url, chaplain);
    await page.goto(`${api.url}/cases`);
    const card = (title: string) => page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: title });
    await card('Long thread').getByText('4 new').waitFor();
    await card('Short thread').getByText('1 new').waitFor();
    await checkA11y(page, 'cases list with unread counts');
  });

  step('the long thread is part of the page, with a divider above the first unread post and jump buttons', async () => {
    const { page } = reader;
    await page.goto(`${api.url}/cases/${longCase}`);
    await page.getByRole('heading', { level: 1, name: /Long thread/ }).waitFor();
    const feed = page.getByRole('feed', { name: 'Discussion' });
    await feed.locator('article').first().waitFor();
    // no inner scroll box: neither the feed nor any ancestor below <body> scrolls on its own
    const innerScroller = await feed.evaluate((el) => {
      for (let n: Element | null = el; n && n !== document.body; n = n.parentElement) {
        const s = getComputedStyle(n);
        if (/(auto|scroll)/.test(s.overflowY) && n.scrollHeight > n.clientHeight + 1) return n.className || n.tagName;
      }
      return null;
    });
    expect(innerScroller).toBeNull();
    // it opens at the top of the page, not scrolled to the newest post
    expect(await page.evaluate(() => window.scrollY)).toBeLessThan(50);
    await page.getByRole('button', { name: 'Jump to first unread (4 new)' }).click();
    const divider = page.getByText('New since your last visit');
    await divider.waitFor();
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.textContent?.includes('part 11:') ?? false);
    expect(await divider.isVisible()).toBe(true);
    const box = await page.evaluate(() => (document.activeElement as HTMLElement).getBoundingClientRect().top);
    expect(box).toBeGreaterThanOrEqual(0);
    expect(box).toBeLessThan(860);
    await screenshot(page, 'thread-unread-divider');
    await page.getByRole('button', { name: 'Jump to newest' }).click();
    await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.textContent?.includes('part 14:') ?? false);
    await checkA11y(page, 'case thread with unread divider');
    await checkPhone(page, 'case thread with unread divider', 'thread-unread-divider-phone');
  });

  step(
    'having read it, the marker is at the newest post; a colleague’s post arrives live, and one posted after leaving counts as new',
    async () => {
      const { page } = reader;
      // the marker moves after a short pause on the page (debounced 800 ms)
      await page.waitForTimeout(1200);
      const res = await chaplain.api.get<{ readSeq?: number }>(`/cases/${longCase}`);
      expect(res.body.readSeq).toBe(14);
      await pharmacist.api.post(`/cases/${longCase}/posts`, {
        body: 'One more thought while you were here: scopolamine patch.',
        clientId: 'thread-long-live',
      });
      await page.getByRole('feed', { name: 'Discussion' }).getByText('scopolamine patch').waitFor();
      await page.waitForTimeout(1200); // seen on the page: marked read too
      await pharmacist.api.post(`/cases/${longCase}/posts`, { body: 'And a last one after you left.', clientId: 'thread-long-after' });
      await page.goto(`${api.url}/cases`);
      const card = page.getByRole('list', { name: 'Cases' }).getByRole('listitem').filter({ hasText: 'Long thread' });
      await card.getByText('1 new').waitFor();
    },
  );

  step('a link to one post (as notifications give) opens the case at that post, focused', async () => {
    const { page } = reader;
    const posts = (await chaplain.api.get<{ id: string; body: string }[]>(`/cases/${longCase}/posts`)).body;
    const fifth = posts.find((p) => p.body.includes('part 5:'))!;
    await page.goto(`${api.url}/cases/${longCase}#post-${fifth.id}`);
    await page.waitForFunction(
      () => document.activeElement?.tagName === 'ARTICLE' && (document.activeElement.textContent ?? '').includes('part 5:'),
    );
    const top = await page.evaluate(() => (document.activeElement as HTMLElement).getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(400);
  });

  step('a short thread leaves no empty box under it', async () => {
    const { page } = reader;
    await page.goto(`${api.url}/cases/${shortCase}`);
    const feed = page.getByRole('feed', { name: 'Discussion' });
    await feed.locator('article').first().waitFor();
    const heights = await feed.evaluate((el) => ({
      feed: el.getBoundingClientRect().height,
      post: el.querySelector('article')!.getBoundingClientRect().height,
    }));
    expect(heights.feed).toBeLessThan(heights.post + 60);
    await count(page.getByRole('button', { name: /Jump to first unread/ }), 0);
    expect(reader.errors).toEqual([]);
  });
});
