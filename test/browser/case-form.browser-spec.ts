/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { apiEnv, checkA11y, checkPhone, choose, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * Case form validation in real Chromium: the case form after an incomplete submit. Errors are plain
 * sentences next to their fields, the summary's items move focus to the field, required fields
 * carry a visible marker, an off-scale ESAS-r entry gets a warning instead of being changed, and
 * "Discard draft" can be undone. axe at 1280 and 375 px with the errors showing.
 */
describe('case form: plain errors, summary links, required markers, ESAS-r warnings, undoable discard', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let nurse: TestUser;
  let writer: Person;
  const step = storySteps();

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Form Fellows')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    writer = await Person.launch('form-writer');
  }, 120_000);

  afterAll(async () => {
    await writer?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('required fields carry a visible marker that is not read twice', async () => {
    const { page } = writer;
    await writer.signIn(api.url, nurse);
    await page.goto(`${api.url}/cases/new`);
    await page.getByRole('heading', { name: 'New case', level: 1 }).waitFor();
    await page.getByText('Fields marked').waitFor();
    const marker = (name: string) =>
      page
        .locator('.composer .field')
        .filter({ has: page.getByRole('textbox', { name, exact: true }) })
        .first()
        .evaluate((el) => {
          const label = el.querySelector('.react-aria-Label, label');
          return label ? getComputedStyle(label, '::after').content : '';
        });
    expect(await marker('Title')).toContain('*');
    expect(await marker('Question')).toContain('*');
    expect(await marker('Social')).not.toContain('*');
    // the accessible name stays "Title" (the star is visual only; aria-required says it)
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).getAttribute('aria-required')).toBe('true');
  });

  step('an ESAS-r entry off the scale or between two scores gets a warning and is kept as typed', async () => {
    const { page } = writer;
    const pain = page.getByRole('textbox', { name: 'Pain', exact: true });
    await pain.fill('12');
    await pain.press('Tab');
    await page.getByText('12 is off the scale: ESAS-r goes from 0 (none) to 10 (worst possible).').waitFor();
    expect(await pain.inputValue()).toBe('12');
    expect(await pain.getAttribute('aria-invalid')).toBe('true');
    const breath = page.getByRole('textbox', { name: 'Shortness of breath', exact: true });
    await breath.fill('7.5');
    await breath.press('Tab');
    await page.getByText('ESAS-r uses whole numbers: choose 7 or 8.').waitFor();
    expect(await breath.inputValue()).toBe('7.5');
    await breath.fill('8');
    await breath.press('Tab');
    await page.getByText('ESAS-r uses whole numbers').waitFor({ state: 'detached' });
  });

  step('an incomplete submit lists plain-language problems; each link moves focus to its field', async () => {
    const { page } = writer;
    await page.getByRole('textbox', { name: 'Title', exact: true }).fill('Breathlessness at home');
    await page.getByRole('button', { name: 'Post case' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'The case was not posted.' });
    await summary.waitFor();
    const text = await summary.innerText();
    for (const raw of ['cohortId', 'Required', 'Expected', 'esas.', 'questionText']) expect(text).not.toContain(raw);
    expect(text).toContain('Cohort: Choose the cohort to post the case in.');
    expect(text).toContain('NCP domains: Choose at least one NCP domain.');
    expect(text).toContain('Age: Enter an age from 0 to 89, or 90+.');
    expect(text).not.toContain('patient');
    // eight missing scores are one item, naming them (breath was filled in)
    expect(text).toContain(
      'ESAS-r: Enter a score from 0 to 10 for pain, tiredness, drowsiness, nausea, lack of appetite, depression, anxiety, wellbeing, or untick',
    );
    expect(text).toContain('De-identification: Confirm that the case is de-identified.');
    // the summary's order follows the form: cohort first
    const links = summary.getByRole('link');
    expect(await links.first().innerText()).toMatch(/^Cohort:/);
    // the message also sits next to its field
    await page.locator('.field').filter({ hasText: 'Question type' }).getByText('Choose what kind of question it is.').waitFor();
    // the pain field keeps its own warning (what was typed) rather than the generic one
    await page.getByText('12 is off the scale').waitFor();

    await summary.getByRole('link', { name: /^Question type:/ }).click();
    expect(await page.evaluate(() => document.activeElement?.closest('.field')?.textContent ?? '')).toContain('Question type');
    await summary.getByRole('link', { name: /^NCP domains:/ }).click();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    await summary.getByRole('link', { name: /^ESAS-r:/ }).click();
    expect(await page.evaluate(() => document.activeElement?.closest('.field')?.textContent ?? '')).toMatch(/^Pain/);

    await summary.scrollIntoViewIfNeeded();
    await screenshot(page, 'case-form-errors');
    await checkA11y(page, 'case form with errors');
    await checkPhone(page, 'case form with errors', 'case-form-errors-phone');
  });

  step('"Discard draft" empties the form and can be undone', async () => {
    const { page } = writer;
    await choose(page, 'Setting', 'Home');
    await page.getByRole('textbox', { name: 'Goals of care' }).fill('She wants to stay at home with her family.');
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await page.getByText('Draft discarded.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('textbox', { name: 'Goals of care' }).inputValue()).toBe('');
    expect(await page.getByRole('alert').filter({ hasText: 'The case was not posted.' }).count()).toBe(0);
    await checkA11y(page, 'case form after discard (undo offered)');
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await page.getByRole('textbox', { name: 'Title', exact: true }).inputValue()).toBe('Breathlessness at home');
    expect(await page.getByRole('textbox', { name: 'Goals of care' }).inputValue()).toBe('She wants to stay at home with her family.');
    expect(await page.getByRole('textbox', { name: 'Shortness of breath', exact: true }).inputValue()).toBe('8');
    await page.getByText('Draft discarded.').waitFor({ state: 'detached' });
    // the restored draft is saved again, so a reload keeps it
    await page
      .locator('.draft-status')
      .getByText(/^Draft saved/)
      .waitFor();
    await page.waitForTimeout(500);
    await page.reload();
    await page.getByRole('heading', { name: 'New case', level: 1 }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Goals of care' }).inputValue()).toBe('She wants to stay at home with her family.');
    expect(writer.errors).toEqual([]);
  });
});
