/// <reference lib="dom" />
import * as fs from 'node:fs';
import { startTestApi, waitFor, type TestApi } from '@casebridge/testing';
import { apiEnv, checkA11y, checkPhone, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * The quality page in real Chromium, on the demo seed a fresh `npm start` makes: the
 * quality page shows the programme's measures from months of seeded history (not empty charts),
 * its filters live in the URL (Back restores them), each table downloads as CSV, and axe finds no
 * serious or critical violation at 1280 and 375 px. Saves the README screenshot.
 */
describe('quality page on the demo seed', () => {
  let api: TestApi;
  let faculty: Person;
  const step = storySteps();
  const physician = { email: 'physician@demo.casebridge.local', password: 'demo-password' };

  beforeAll(async () => {
    requireWebDist();
    api = await startTestApi({ env: { ...apiEnv(), SEED_DEMO: 'true', ESCALATION_POLL_MS: '500' } });
    // The months of history fill in after the server listens.
    await waitFor(() => (api.output().includes('Demo history ready') ? true : undefined), { timeoutMs: 90_000, what: 'the demo history' });
    faculty = await Person.launch('quality-faculty');
  }, 120_000);

  afterAll(async () => {
    await faculty?.close();
    await api?.stop();
  });

  const region = (name: string) => faculty.page.getByRole('region', { name });

  step(
    'shows the measures of the seeded months; passes axe; README screenshot',
    async () => {
      await faculty.signIn(api.url, physician);
      await faculty.page.goto(`${api.url}/analytics`);
      await faculty.page.getByRole('heading', { level: 1, name: 'Quality improvement' }).waitFor();
      await faculty.page.getByText(/of decided escalations were answered within target/).waitFor();
      const urgency = region('On-time answers by urgency');
      await urgency.getByRole('rowheader', { name: /^Urgent/ }).waitFor();
      await urgency.getByRole('rowheader', { name: /^Routine/ }).waitFor();
      // every profession that attended a seeded session has a row; chat counts are there
      const sessions = region('Live sessions by profession');
      expect(await sessions.getByRole('row').count()).toBeGreaterThan(8);
      await sessions
        .getByRole('rowheader', { name: /Counselor/ })
        .first()
        .waitFor();
      const reply = region('Time to first peer reply');
      await reply.getByRole('rowheader', { name: 'Whole range' }).waitFor();
      expect(faculty.errors).toEqual([]);
      await checkA11y(faculty.page, 'quality');
      await screenshot(faculty.page, 'quality', { fullPage: true });
    },
    90_000,
  );

  step(
    'date filters go into the URL and Back restores the whole range',
    async () => {
      const { page } = faculty;
      const sessions = region('Live sessions by profession');
      const before = await sessions.getByRole('row').count();
      const from = new Date(Date.now() - 50 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('From (day)').fill(from);
      await page.getByRole('button', { name: 'Apply dates' }).click();
      await page.waitForURL((u) => u.searchParams.get('from') === from);
      // only the last seeded session (about a month ago) is left
      await page.waitForFunction(
        (n) => document.querySelectorAll('section[aria-labelledby="qi-sessions-title"] tbody tr').length < n,
        before - 1,
      );
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has('from'));
      await page.waitForFunction(
        (n) => document.querySelectorAll('section[aria-labelledby="qi-sessions-title"] tbody tr').length === n,
        before - 1,
      );
    },
    60_000,
  );

  step(
    'each table downloads as CSV',
    async () => {
      const { page } = faculty;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download on-time answers by urgency as CSV' }).click(),
      ]);
      const text = fs.readFileSync((await download.path())!, 'utf8');
      expect(text.split('\r\n')[0]).toBe('urgency,label,on_time,late,pending,on_time_rate');
      expect(text).toMatch(/\r\nurgent,urgent \(target 24 h\),\d+,\d+,\d+,/);
    },
    30_000,
  );

  step(
    'passes axe at 375 px without horizontal scrolling',
    async () => {
      await checkPhone(faculty.page, 'quality', 'quality-phone');
    },
    60_000,
  );
});
