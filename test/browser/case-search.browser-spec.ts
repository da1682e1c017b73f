/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../fixtures/cases';
import { apiEnv, checkA11y, checkPhone, choose, count, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * Case search in real Chromium: the cases list searches by clinical fields the api already
 * supports (PPS band, any ESAS-r item ≥ 7, serious illness, responder profession, followed
 * only). Every filter is in the URL: the back button steps back through them, and the link
 * opened in a colleague's browser shows the same list. axe at 1280 and 375 px.
 */
const LOW = {
  pain: 2,
  tiredness: 3,
  drowsiness: 2,
  nausea: 1,
  appetite: 3,
  dyspnea: 2,
  depression: 1,
  anxiety: 2,
  wellbeing: 3,
  completedBy: 'patient',
};

describe('cases list: clinical filters in the URL', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let nurse: TestUser;
  let chaplain: TestUser;
  let reader: Person;
  let colleague: Person;
  const step = storySteps();
  const titles = {
    copdLow: 'COPD at home, low PPS, high dyspnoea',
    renal: 'Renal failure, deciding about dialysis',
    cancer: 'Cancer pain, ambulatory, settled symptoms',
  };

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Search Fellows')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    chaplain = await session.user({ role: 'learner', profession: 'chaplain', cohortId, displayName: 'Samuel Okafor' });
    const pharmacist = await session.user({ role: 'learner', profession: 'pharmacist', cohortId, displayName: 'Lee Pharm' });
    const post = async (body: Record<string, unknown>) => ((await nurse.api.post('/cases', body)).body as { id: string }).id;
    const copd = await post(cleanCase(cohortId, { title: titles.copdLow, illness: 'copd', pps: 30 }));
    await post(cleanCase(cohortId, { title: titles.renal, illness: 'renal', pps: 50, esas: LOW }));
    const cancer = await post(cleanCase(cohortId, { title: titles.cancer, illness: 'cancer', pps: 70, esas: LOW }));
    await pharmacist.api.post(`/cases/${copd}/posts`, { body: 'A low-dose opioid trial is reasonable here.', clientId: 'search-post-1' });
    await chaplain.api.put(`/cases/${cancer}/follow`, { level: 'following' });
    reader = await Person.launch('search-reader');
    colleague = await Person.launch('search-colleague');
  }, 120_000);

  afterAll(async () => {
    await reader?.close();
    await colleague?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  const cards = (p: Person) => p.page.getByRole('list', { name: 'Cases' }).getByRole('listitem');
  const cardTitles = async (p: Person) =>
    (await p.page.getByRole('list', { name: 'Cases' }).getByRole('heading').getByRole('link').allTextContents()).sort();

  step('lists every case, with PPS and high ESAS-r on the cards; passes axe', async () => {
    await reader.signIn(api.url, chaplain);
    await reader.page.getByRole('link', { name: 'Cases', exact: true }).click();
    await reader.page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
    await count(cards(reader), 3);
    const copdCard = cards(reader).filter({ hasText: titles.copdLow });
    await copdCard.getByText('ESAS-r ≥ 7').waitFor();
    await copdCard.getByText(/PPS 30%/).waitFor();
    await checkA11y(reader.page, 'cases list');
  });

  step('PPS band, then ESAS-r ≥ 7: each a URL change, the list narrowing', async () => {
    const { page } = reader;
    await choose(page, 'PPS', 'PPS 0–30% (bed-bound)');
    await page.waitForURL(/pps=0-30/);
    await count(cards(reader), 1);
    expect(await cardTitles(reader)).toEqual([titles.copdLow]);
    await choose(page, 'PPS', 'Any PPS');
    await page.waitForURL((u) => !u.search.includes('pps='));
    await count(cards(reader), 3);
    await page.getByRole('checkbox', { name: 'Any ESAS-r item 7 or more' }).click({ force: true });
    await page.waitForURL(/esasHigh=1/);
    await count(cards(reader), 1);
    await choose(page, 'Serious illness', 'Renal');
    await page.waitForURL(/illness=renal/);
    await page.getByText('No cases match these filters.').waitFor();
    await page.getByRole('status').filter({ hasText: '0 cases: renal, an ESAS-r item 7 or more.' }).waitFor();
  });

  step('the back button steps back through the filters', async () => {
    const { page } = reader;
    await page.goBack();
    await page.waitForURL((u) => u.search === '?esasHigh=1');
    await count(cards(reader), 1);
    expect(await page.getByRole('checkbox', { name: 'Any ESAS-r item 7 or more' }).isChecked()).toBe(true);
    await page.goBack();
    await page.waitForURL((u) => u.search === '');
    await count(cards(reader), 3);
    expect(await page.getByRole('checkbox', { name: 'Any ESAS-r item 7 or more' }).isChecked()).toBe(false);
  });

  step('replies from a profession, followed only, and text search', async () => {
    const { page } = reader;
    await choose(page, 'Replies from', 'Pharmacist');
    await page.waitForURL(/responder=pharmacist/);
    await count(cards(reader), 1);
    expect(await cardTitles(reader)).toEqual([titles.copdLow]);
    await choose(page, 'Replies from', 'Any profession');
    await page.getByRole('checkbox', { name: 'Only cases I follow' }).click({ force: true });
    await page.waitForURL(/followed=1/);
    await count(cards(reader), 1);
    expect(await cardTitles(reader)).toEqual([titles.cancer]);
    await page.getByRole('checkbox', { name: 'Only cases I follow' }).click({ force: true });
    await page.getByRole('searchbox', { name: 'Search' }).fill('dialysis');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=dialysis/);
    await count(cards(reader), 1);
    expect(await cardTitles(reader)).toEqual([titles.renal]);
    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('q='));
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('');
  });

  step('a shared link shows a colleague the same filtered list; passes axe at 375 px', async () => {
    const { page } = reader;
    await choose(page, 'PPS', 'PPS 0–30% (bed-bound)');
    await page.getByRole('checkbox', { name: 'Any ESAS-r item 7 or more' }).click({ force: true });
    await page.waitForURL(/pps=0-30.*esasHigh=1/);
    await count(cards(reader), 1);
    await screenshot(page, 'cases-clinical-filters');
    await checkPhone(page, 'cases list filtered', 'cases-clinical-filters-phone');
    const shared = page.url();
    await colleague.signIn(api.url, nurse);
    await colleague.page.goto(shared);
    await count(cards(colleague), 1);
    expect(await cardTitles(colleague)).toEqual([titles.copdLow]);
    await colleague.page.getByRole('status').filter({ hasText: 'PPS 0–30%, an ESAS-r item 7 or more' }).waitFor();
    await colleague.page.getByRole('button', { name: 'Clear all filters' }).click();
    await count(cards(colleague), 3);
    expect(reader.errors.concat(colleague.errors)).toEqual([]);
  });
});
