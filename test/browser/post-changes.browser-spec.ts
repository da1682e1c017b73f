/// <reference lib="dom" />
import { startTestApi, startTestDb, TestSession, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { cleanCase } from '../fixtures/cases';
import { apiEnv, checkA11y, checkPhone, gone, Person, requireWebDist, screenshot, storySteps } from './support';

/**
 * Changing a published post in real Chromium against the compiled api serving the built client: the author edits
 * a post (the privacy gate refuses an identifier in the edit, shown on the text, nothing stored),
 * everyone sees an "edited" marker live, the author opens the edit history; a moderator of the
 * cohort hides, shows again, redacts (marked "[redacted by a moderator]") and deletes posts from
 * the post itself, each after a confirmation, and a peer in another browser sees each change live
 * and never the edit history. axe at 1280 and 375 px.
 */
describe('post changes: edit with history, moderator hide / redact / delete', () => {
  let db: TestDb;
  let api: TestApi;
  let session: TestSession;
  let nurse: TestUser;
  let chaplain: TestUser;
  let moderatorUser: TestUser;
  let author: Person;
  let peer: Person;
  let moderator: Person;
  let caseId = '';
  let editedId = '';
  let redactId = '';
  let deleteId = '';
  const step = storySteps();
  const post = (p: Person, id: string) => p.page.locator(`article[data-post-id="${id}"]`);

  beforeAll(async () => {
    requireWebDist();
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri, env: apiEnv() });
    session = await new TestSession(api.url).init();
    const cohortId = (await session.cohort('Post Change Fellows')).id;
    nurse = await session.user({ role: 'learner', profession: 'nurse', cohortId, displayName: 'Dana Whitfield' });
    chaplain = await session.user({ role: 'learner', profession: 'chaplain', cohortId, displayName: 'Samuel Okafor' });
    moderatorUser = await session.user({
      role: 'faculty',
      profession: 'physician',
      cohortId,
      displayName: 'Dr Omar Haddad',
      moderator: true,
    });
    caseId = (
      (await nurse.api.post('/cases', cleanCase(cohortId, { title: 'Terminal agitation, family asks about sedation' }))).body as {
        id: string;
      }
    ).id;
    const add = async (who: TestUser, body: string, clientId: string) =>
      ((await who.api.post(`/cases/${caseId}/posts`, { body, clientId })).body as { id: string }).id;
    editedId = await add(nurse, 'We started haloperidol 0.5 mg at night.', 'changes-1');
    redactId = await add(chaplain, 'The family prayed together in the evening; the wife stayed.', 'changes-2');
    deleteId = await add(chaplain, 'Off-topic: anyone selling a bike?', 'changes-3');
    author = await Person.launch('changes-author');
    peer = await Person.launch('changes-peer');
    moderator = await Person.launch('changes-moderator');
  }, 120_000);

  afterAll(async () => {
    await author?.close();
    await peer?.close();
    await moderator?.close();
    session?.close();
    await api?.stop();
    await db?.stop();
  });

  step('all three open the case; only the author may edit, only the moderator gets moderator actions', async () => {
    await author.signIn(api.url, nurse);
    await peer.signIn(api.url, chaplain);
    await moderator.signIn(api.url, moderatorUser);
    for (const p of [author, peer, moderator]) {
      await p.page.goto(`${api.url}/cases/${caseId}`);
      await post(p, editedId).waitFor();
    }
    await post(author, editedId).getByRole('button', { name: 'Edit' }).waitFor();
    expect(await post(peer, editedId).getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(await post(peer, editedId).getByRole('group', { name: 'Moderator actions' }).count()).toBe(0);
    await post(moderator, redactId).getByRole('group', { name: 'Moderator actions' }).waitFor();
  });

  step('an identifier in the edit is refused before storage and shown on the text; a clean edit saves', async () => {
    const { page } = author;
    await post(author, editedId).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit your post' });
    await dialog.waitFor();
    const box = dialog.getByRole('textbox', { name: 'Your post' });
    await box.fill('We started haloperidol 0.5 mg at night; call her daughter on 555-867-5309.');
    await dialog.getByRole('button', { name: 'Save edit' }).click();
    await dialog.getByText('Not saved: the privacy check found possible identifiers').waitFor();
    await checkA11y(page, 'edit post dialog (refused)');
    await box.fill('We started haloperidol 0.5 mg at night and reviewed it after two nights.');
    await screenshot(page, 'post-edit-dialog');
    await dialog.getByRole('button', { name: 'Save edit' }).click();
    await gone(dialog);
    await post(author, editedId).getByText('reviewed it after two nights').waitFor();
    // nothing of the refused text was stored: the history holds only the first version
    const history = (await nurse.api.get(`/posts/${editedId}/history`)).body as { body: string }[];
    expect(history.map((h) => h.body)).toEqual(['We started haloperidol 0.5 mg at night.']);
  });

  step('the peer sees the edit live with an "edited" marker, but no history; the author opens the history', async () => {
    await post(peer, editedId).getByText('reviewed it after two nights').waitFor();
    await post(peer, editedId).getByText('edited', { exact: true }).waitFor();
    expect(
      await post(peer, editedId)
        .getByRole('button', { name: /edit history/ })
        .count(),
    ).toBe(0);
    expect((await chaplain.api.get(`/posts/${editedId}/history`)).status).toBe(403);
    const { page } = author;
    await post(author, editedId)
      .getByRole('button', { name: /edit history/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Edit history' });
    await dialog.getByText('We started haloperidol 0.5 mg at night.').waitFor();
    await dialog.getByText('Current version').waitFor();
    await checkA11y(page, 'edit history dialog');
    await screenshot(page, 'post-edit-history');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await gone(dialog);
  });

  step('the moderator hides a post after confirming; the peer sees it hidden live; the moderator shows it again', async () => {
    const { page } = moderator;
    await post(moderator, deleteId).getByRole('button', { name: 'Hide…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Hide this post?' });
    await confirm.waitFor();
    await checkA11y(page, 'hide post confirmation');
    await confirm.getByRole('button', { name: 'Hide post' }).click();
    await gone(confirm);
    await post(moderator, deleteId).getByText('hidden from members').waitFor();
    await post(peer, deleteId).getByText('Hidden while a moderator reviews it').waitFor();
    expect(await post(peer, deleteId).textContent()).not.toContain('bike');
    await post(moderator, deleteId).getByRole('button', { name: 'Show again…' }).click();
    const restore = page.getByRole('alertdialog', { name: 'Show this post again?' });
    await restore.getByRole('button', { name: 'Show post' }).click();
    await gone(restore);
    await post(peer, deleteId).getByText('anyone selling a bike?').waitFor();
  });

  step('the moderator redacts a post: the rewrite is gated and marked "[redacted by a moderator]" for everyone', async () => {
    const { page } = moderator;
    await post(moderator, redactId).getByRole('button', { name: 'Redact…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Redact this post?' });
    const box = confirm.getByRole('textbox', { name: 'Text after redaction' });
    await box.fill('The family prayed together in the evening; [redacted by a moderator] stayed.');
    await checkA11y(page, 'redact post confirmation');
    await screenshot(page, 'post-redact-dialog');
    await confirm.getByRole('button', { name: 'Redact post' }).click();
    await gone(confirm);
    for (const p of [moderator, peer, author]) {
      await post(p, redactId).getByText('[redacted by a moderator] stayed.').waitFor();
      await post(p, redactId).locator('.moderator-edited', { hasText: '[redacted by a moderator]' }).waitFor();
    }
    // every earlier version was purged with the redaction
    expect((await moderatorUser.api.get(`/posts/${redactId}/history`)).body).toEqual([]);
  });

  step('the moderator deletes a post after confirming: a tombstone for everyone, live', async () => {
    const { page } = moderator;
    await post(moderator, deleteId).getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete this post?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await gone(confirm);
    await post(moderator, deleteId).getByText('anyone selling a bike?').waitFor();
    await post(moderator, deleteId).getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog', { name: 'Delete this post?' }).getByRole('button', { name: 'Delete post' }).click();
    await gone(page.getByRole('alertdialog'));
    for (const p of [moderator, peer]) await post(p, deleteId).getByText('Removed by a moderator.').waitFor();
    expect(await post(peer, deleteId).textContent()).not.toContain('bike');
    await screenshot(page, 'post-moderated-thread', { fullPage: true });
    await checkA11y(page, 'moderated thread (moderator)');
    await checkPhone(page, 'moderated thread (moderator)');
    await checkPhone(peer.page, 'moderated thread (peer)');
    for (const p of [author, peer, moderator]) expect(p.errors).toEqual([]);
  });
});
