import * as fs from 'node:fs';
import * as path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import {
  emitAck,
  nextEvent,
  startTestApi,
  startTestDb,
  TestSession,
  uniqueId,
  type TestApi,
  type TestDb,
  type TestUser,
} from '@casebridge/testing';
import type { PostDto, PrivacyReviewDto } from '@casebridge/contracts';
import { cleanCase } from './fixtures/cases';

const clientId = () => uniqueId('cid').replace(/[^A-Za-z0-9_-]/g, '');

/**
 * The workflow around the privacy gate: false-positive overrides held for moderator review, and
 * "Report PHI" with redact/delete purging the text from every place the API serves it from.
 */
describe('privacy workflow: overrides, review queue, reports, purge', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let cohort: { id: string };
  let author: TestUser;
  let peer: TestUser;
  let faculty: TestUser;
  let moderator: TestUser;
  let otherModerator: TestUser; // a moderator of another cohort
  let secondModerator: TestUser; // a second moderator of the same cohort
  let caseId: string;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri });
    s = await new TestSession(api.url).init();
    cohort = await s.cohort();
    author = await s.user({ profession: 'nurse', cohortId: cohort.id });
    peer = await s.user({ profession: 'counselor', cohortId: cohort.id });
    faculty = await s.user({ role: 'faculty', profession: 'physician', cohortId: cohort.id });
    moderator = await s.user({ profession: 'psychologist', cohortId: cohort.id, moderator: true });
    otherModerator = await s.user({ profession: 'ethicist', cohortId: (await s.cohort()).id, moderator: true });
    secondModerator = await s.user({ role: 'faculty', profession: 'pharmacist', cohortId: cohort.id, moderator: true });
    const c = await author.api.post('/cases', cleanCase(cohort.id));
    expect(c.status).toBe(201);
    caseId = c.body.id;
  });
  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  /** A text the detector flags although it names a protocol (a plausible false positive). */
  async function flaggedText(): Promise<{ text: string; findings: { field: string; start: number; end: number; type: string }[] }> {
    for (const text of [
      'Started on Hope Lodge protocol for mouth care.',
      'We used the Brief Pain Inventory with Mrs. Bell.',
      'Pat helped with the fan.',
    ]) {
      const r = await author.api.post('/privacy/scan', { fields: { body: text } });
      if (r.body.findings.length) return { text, findings: r.body.findings };
    }
    throw new Error('no candidate text is flagged by the detector');
  }

  it('holds an overridden post for review (invisible to peers), and approval publishes it with the next seq', async () => {
    const { text, findings } = await flaggedText();
    const payload = { caseId, body: text, clientId: clientId() };
    const refused = await author.api.post(`/cases/${caseId}/posts`, { body: text, clientId: payload.clientId });
    expect(refused.status).toBe(422);

    // a confirmation must name a real finding; every finding must be confirmed
    const wrong = await author.api.post('/privacy/overrides', {
      target: 'post',
      payload,
      confirmations: [{ field: 'body', start: 0, end: 1, reason: 'not a name' }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'PRIVACY.OVERRIDE_INVALID', details: { field: 'confirmations.0' } });
    const confirmations = findings.map((f) => ({
      field: f.field,
      start: f.start,
      end: f.end,
      reason: 'It is the name of a care protocol',
    }));
    const held = await author.api.post('/privacy/overrides', { target: 'post', payload, confirmations });
    expect(held.status).toBe(202);
    const reviewId = held.body.reviewId as string;

    // held: not in the thread for anyone, and only moderators/admins see the queue
    const thread = await peer.api.get(`/cases/${caseId}/posts`);
    expect(thread.body.map((p: PostDto) => p.body)).not.toContain(text);
    expect((await peer.api.get('/privacy/reviews')).status).toBe(403);
    expect((await faculty.api.get('/privacy/reviews')).status).toBe(403);
    const queue = await moderator.api.get('/privacy/reviews');
    expect(queue.status).toBe(200);
    const item = (queue.body as PrivacyReviewDto[]).find((r) => r.id === reviewId);
    expect(item).toMatchObject({ kind: 'override', target: 'post', status: 'pending', authorId: author.id, caseId });
    expect((item?.payload as { body: string }).body).toBe(text);
    expect(item?.body).toBe(text);
    expect(item?.author).toMatchObject({ id: author.id, profession: 'nurse' });
    expect((await peer.api.post(`/privacy/reviews/${reviewId}/approve`)).status).toBe(403);
    // moderators review their own cohorts only
    const elsewhere = await otherModerator.api.get('/privacy/reviews');
    expect(elsewhere.status).toBe(200);
    expect((elsewhere.body as PrivacyReviewDto[]).map((r) => r.id)).not.toContain(reviewId);
    const foreign = await otherModerator.api.post(`/privacy/reviews/${reviewId}/approve`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('PRIVACY.REVIEW_NOT_FOUND');

    const before = (await peer.api.get(`/cases/${caseId}`)).body.lastSeq as number;
    const peerSock = await s.connectAs(peer);
    await emitAck(peerSock, 'case:subscribe', { caseId });
    const live = nextEvent(peerSock, 'post:created', (p) => p.caseId === caseId);
    const approved = await moderator.api.post(`/privacy/reviews/${reviewId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', resultId: expect.any(String) });
    expect(approved.body.payload).toBeUndefined();
    const published = await live;
    expect(published).toMatchObject({ body: text, seq: before + 1, id: approved.body.resultId });
    expect((await moderator.api.post(`/privacy/reviews/${reviewId}/approve`)).status).toBe(409);
    const told = (await author.api.get('/notifications')).body.items.find(
      (n: { type: string; postId?: string }) => n.type === 'privacy' && n.postId === published.id,
    );
    expect(told.title).not.toContain(text);

    // audited with types and offsets, never the text
    const audit = await s.admin.api.get('/audit?limit=1000');
    const records = (audit.body as { type: string; targetId?: string; meta?: unknown }[]).filter((r) => r.type.startsWith('privacy.'));
    const override = records.find((r) => r.type === 'privacy.override' && r.targetId === reviewId);
    expect(override?.meta).toMatchObject({
      target: 'post',
      findings: findings.map((f) => ({ field: f.field, start: f.start, end: f.end, type: f.type })),
    });
    expect(records.find((r) => r.type === 'privacy.approved' && r.targetId === reviewId)).toBeDefined();
    for (const r of records) expect(JSON.stringify(r)).not.toContain(text.slice(findings[0].start, findings[0].end));
  });

  it('rejection deletes the held item and tells the author without text; a held case is the same', async () => {
    const { text, findings } = await flaggedText();
    const confirmations = findings.map((f) => ({ field: 'narrative.history', start: f.start, end: f.end, reason: 'Name of a protocol' }));
    const held = await author.api.post('/privacy/overrides', {
      target: 'case',
      payload: cleanCase(cohort.id, { title: 'Held case for review', narrative: { history: text } }),
      confirmations,
    });
    expect(held.status).toBe(202);
    const list = await author.api.get('/cases');
    expect(list.body.items.map((c: { title: string }) => c.title)).not.toContain('Held case for review');
    const rejected = await moderator.api.post(`/privacy/reviews/${held.body.reviewId}/reject`);
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.payload).toBeUndefined();
    const all = await moderator.api.get('/privacy/reviews?status=all');
    expect(JSON.stringify((all.body as PrivacyReviewDto[]).find((r) => r.id === held.body.reviewId))).not.toContain(text);
    const inbox = await author.api.get('/notifications');
    const n = inbox.body.items.find((x: { type: string }) => x.type === 'privacy');
    expect(n.title).not.toContain(text);
    // a nothing-to-override request is refused
    const clean = await author.api.post('/privacy/overrides', {
      target: 'post',
      payload: { caseId, body: 'A clean note.', clientId: clientId() },
      confirmations: [{ field: 'body', start: 0, end: 1, reason: 'nothing' }],
    });
    expect(clean.status).toBe(400);
    expect(clean.body.error.code).toBe('PRIVACY.OVERRIDE_INVALID');
  });

  it('a reported post is hidden at once from all but moderators (REST, socket, catch-up); redaction purges the old text', async () => {
    const original = 'Night team note: mouth care every two hours, the daughter stays overnight.';
    const p = await author.api.post(`/cases/${caseId}/posts`, { body: original, clientId: clientId() });
    expect(p.status).toBe(201);
    const postId = p.body.id as string;
    await author.api.patch(`/posts/${postId}`, { body: `${original} Fan at bedside.` });

    const peerSock = await s.connectAs(peer);
    await emitAck(peerSock, 'case:subscribe', { caseId });
    const hiddenLive = nextEvent(peerSock, 'post:updated', (x) => x.id === postId);
    const rep = await peer.api.post(`/posts/${postId}/report`);
    expect(rep.status).toBe(202);
    const h = await hiddenLive;
    expect(h).toMatchObject({ hidden: true, body: '' });

    for (const viewer of [peer, author, faculty]) {
      const thread = await viewer.api.get(`/cases/${caseId}/posts`);
      const seen = thread.body.find((x: PostDto) => x.id === postId);
      expect(seen).toMatchObject({ hidden: true, body: '' });
      expect(JSON.stringify(thread.body)).not.toContain('mouth care every two hours');
      expect((await viewer.api.get(`/posts/${postId}/history`)).status).toBe(404);
    }
    const search = await peer.api.get('/cases?q=overnight');
    expect(search.body.items).toHaveLength(0);
    const sock = await s.connectAs(peer);
    const catchUp = await emitAck(sock, 'case:subscribe', { caseId, afterSeq: 0 });
    expect(JSON.stringify(catchUp)).not.toContain('mouth care every two hours');
    const modView = await moderator.api.get(`/cases/${caseId}/posts`);
    expect(modView.body.find((x: PostDto) => x.id === postId)).toMatchObject({ hidden: true, body: `${original} Fan at bedside.` });
    const queue = await moderator.api.get('/privacy/reviews');
    const report = (queue.body as PrivacyReviewDto[]).find((r) => r.kind === 'report' && r.postId === postId);
    expect(report).toMatchObject({
      status: 'pending',
      reporterId: peer.id,
      reportedBy: { id: peer.id },
      body: `${original} Fan at bedside.`,
    });

    expect((await otherModerator.api.post(`/privacy/reports/${postId}/redact`, { body: 'Redacted.' })).status).toBe(404);
    expect((await otherModerator.api.post(`/privacy/reports/${postId}/delete`)).status).toBe(404);
    const phi = await moderator.api.post(`/privacy/reports/${postId}/redact`, { body: 'Call 303-555-0100 for the daughter.' });
    expect(phi.status).toBe(422);
    const redactedLive = nextEvent(peerSock, 'post:updated', (x) => x.id === postId);
    const red = await moderator.api.post(`/privacy/reports/${postId}/redact`, { body: 'Night team note: [redacted by moderator].' });
    expect(red.status).toBe(200);
    expect(red.body).toMatchObject({ body: 'Night team note: [redacted by moderator].' });
    expect(red.body.hidden).toBeUndefined();
    expect((await redactedLive).body).toBe('Night team note: [redacted by moderator].');
    expect((await moderator.api.get(`/posts/${postId}/history`)).body).toEqual([]);
    expect((await peer.api.get('/cases?q=overnight')).body.items).toHaveLength(0);
    const after = await moderator.api.get('/privacy/reviews?status=all');
    expect((after.body as PrivacyReviewDto[]).find((r) => r.id === report?.id)?.status).toBe('redacted');
    expect(JSON.stringify(after.body)).not.toContain('mouth care every two hours');
    // …and from the disk: the purge compacts the store, so no file holds the old text any more.
    if (db.dir) expect(filesContaining(db.dir, 'mouth care every two hours')).toEqual([]);
  });

  it('deleting a reported post purges the text for everyone, moderators included, and its notifications', async () => {
    const body = `@[${faculty.id}] the spouse works nights at the plant.`;
    const p = await author.api.post(`/cases/${caseId}/posts`, { body, clientId: clientId() });
    expect(p.status).toBe(201);
    const postId = p.body.id as string;
    const inbox = await faculty.api.get('/notifications');
    expect(inbox.body.items.some((n: { postId?: string }) => n.postId === postId)).toBe(true);
    expect((await peer.api.post(`/posts/${postId}/report`)).status).toBe(202);
    expect((await peer.api.post(`/posts/${postId}/report`)).status).toBe(404); // hidden now: the peer no longer sees it
    const del = await moderator.api.post(`/privacy/reports/${postId}/delete`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ deleted: true, body: '' });
    for (const viewer of [moderator, peer, author]) {
      const thread = await viewer.api.get(`/cases/${caseId}/posts`);
      expect(thread.body.find((x: PostDto) => x.id === postId)).toMatchObject({ deleted: true, body: '' });
      expect(JSON.stringify(thread.body)).not.toContain('works nights at the plant');
    }
    expect((await moderator.api.get(`/posts/${postId}/history`)).body).toEqual([]);
    const after = await faculty.api.get('/notifications');
    expect(after.body.items.some((n: { postId?: string }) => n.postId === postId)).toBe(false);
    // the seq stays taken: the thread keeps no gap
    const seqs = (await peer.api.get(`/cases/${caseId}/posts`)).body.map((x: PostDto) => x.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect((await peer.api.post(`/privacy/reports/${postId}/delete`)).status).toBe(403);
    if (db.dir) expect(filesContaining(db.dir, 'works nights at the plant')).toEqual([]);
  });

  /** Display names and cohort names pass the gate; the mention allowance is narrow. */
  describe('no way around the gate', () => {
    it('refuses a display name or a cohort name that carries an identifier, without echoing it', async () => {
      const bad = await author.api.patch('/me', { displayName: 'Eleanor Rigby MRN 4471920' });
      expect(bad.status).toBe(422);
      expect(bad.body.error.code).toBe('PRIVACY.PHI_DETECTED');
      expect(JSON.stringify(bad.body)).not.toContain('4471920');
      expect((await author.api.get('/me')).body.displayName).toBe(author.displayName);
      // a person's name is what a display name is for
      expect((await author.api.patch('/me', { displayName: author.displayName })).status).toBe(200);
      const cohortName = await s.admin.api.post('/cohorts', { name: 'Ward call 303-555-0100 cohort' });
      expect(cohortName.status).toBe(422);
      expect(JSON.stringify(cohortName.body)).not.toContain('555-0100');
    });

    it('a self-mention of a display name stored with an identifier does not carry it into a post (the issue repro)', async () => {
      // a display name stored before the gate covered names (written straight to the database)
      const mallory = await s.user({ profession: 'nurse', cohortId: cohort.id });
      const crafted = 'Eleanor Rigby MRN 4471920';
      const client = await MongoClient.connect(db.uri);
      try {
        await client
          .db()
          .collection('users')
          .updateOne({ _id: new ObjectId(mallory.id) }, { $set: { displayName: crafted } });
      } finally {
        await client.close();
      }
      const r = await mallory.api.post(`/cases/${caseId}/posts`, { body: `Note from @${crafted} for the team.`, clientId: clientId() });
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.body)).not.toContain('4471920');
      const thread = await moderator.api.get(`/cases/${caseId}/posts`);
      expect(JSON.stringify(thread.body)).not.toContain('4471920');
    });

    it('a mention of a colleague picked from the list is never a finding, in a post and in the case form', async () => {
      const named = await s.user({ profession: 'chaplain', cohortId: cohort.id, displayName: 'Maria Lopez' });
      const post = await author.api.post(`/cases/${caseId}/posts`, {
        body: `@${named.displayName} could you visit today?`,
        clientId: clientId(),
      });
      expect(post.status).toBe(201);
      const c = await author.api.post(
        '/cases',
        cleanCase(cohort.id, { title: 'Mention in the case form', narrative: { social: `Chaplain @${named.displayName} visits weekly.` } }),
      );
      expect(c.status).toBe(201);
      // text that merely looks like a mention of someone else is still checked
      const other = await author.api.post(
        '/cases',
        cleanCase(cohort.id, { title: 'Not a member', narrative: { social: 'Daughter @Rosalind Okafor visits weekly.' } }),
      );
      expect(other.status).toBe(422);
    });
  });

  /** Moderation powers. */
  describe('moderation powers', () => {
    it('a moderator cannot approve their own override; another moderator can', async () => {
      const { text, findings } = await flaggedText();
      const payload = { caseId, body: text, clientId: clientId() };
      const confirmations = findings.map((f) => ({ field: f.field, start: f.start, end: f.end, reason: 'The name of a care protocol' }));
      const held = await moderator.api.post('/privacy/overrides', { target: 'post', payload, confirmations });
      expect(held.status).toBe(202);
      const own = await moderator.api.post(`/privacy/reviews/${held.body.reviewId}/approve`);
      expect(own.status).toBe(403);
      expect(own.body.error.code).toBe('PRIVACY.OWN_REVIEW');
      const second = await secondModerator.api.post(`/privacy/reviews/${held.body.reviewId}/approve`);
      expect(second.status).toBe(200);
      expect(second.body.status).toBe('approved');
    });

    it('redact needs an open report and leaves a visible "edited by a moderator" marker and the audit record', async () => {
      const p = await author.api.post(`/cases/${caseId}/posts`, {
        body: 'A plain note about the fan and mouth care.',
        clientId: clientId(),
      });
      const postId = p.body.id as string;
      const noReport = await moderator.api.post(`/privacy/reports/${postId}/redact`, { body: 'Edited.' });
      expect(noReport.status).toBe(409);
      expect(noReport.body.error.code).toBe('PRIVACY.NO_OPEN_REPORT');
      expect((await moderator.api.post(`/privacy/reports/${postId}/delete`)).status).toBe(409);
      expect((await peer.api.get(`/cases/${caseId}/posts`)).body.find((x: PostDto) => x.id === postId).body).toBe(
        'A plain note about the fan and mouth care.',
      );
      expect((await peer.api.post(`/posts/${postId}/report`, { reason: 'may name the family' })).status).toBe(202);
      const red = await moderator.api.post(`/privacy/reports/${postId}/redact`, { body: 'A plain note about mouth care.' });
      expect(red.status).toBe(200);
      expect(red.body).toMatchObject({ moderatorEdited: true, storage: 'compacted' });
      const seen = (await peer.api.get(`/cases/${caseId}/posts`)).body.find((x: PostDto) => x.id === postId);
      expect(seen).toMatchObject({ body: 'A plain note about mouth care.', moderatorEdited: true });
      const audit = await s.admin.api.get('/audit?limit=1000');
      expect(
        (audit.body as { type: string; targetId?: string }[]).some((r) => r.type === 'privacy.redacted' && r.targetId === postId),
      ).toBe(true);
      const told = (await author.api.get('/notifications')).body.items.filter(
        (n: { type: string; postId?: string }) => n.type === 'privacy' && n.postId === postId,
      );
      const titles = told.map((n: { title: string }) => n.title);
      expect(titles.some((t: string) => /hidden/.test(t))).toBe(true);
      expect(titles.some((t: string) => /edited/.test(t))).toBe(true);
    });

    it('moderation rights stop at the moderator’s own cohorts (faculty reached by an escalation cannot moderate)', async () => {
      const otherCohort = await s.cohort();
      const reached = await s.user({ role: 'faculty', profession: 'ethicist', cohortId: otherCohort.id, moderator: true });
      const p = await author.api.post(`/cases/${caseId}/posts`, {
        body: 'Plan for the family meeting on Friday afternoon.',
        clientId: clientId(),
      });
      const postId = p.body.id as string;
      // the state an escalation routed to this faculty member leaves behind
      const client = await MongoClient.connect(db.uri);
      try {
        await client
          .db()
          .collection('cases')
          .updateOne({ _id: new ObjectId(caseId) }, { $addToSet: { facultyIds: new ObjectId(reached.id) } });
      } finally {
        await client.close();
      }
      expect((await reached.api.get(`/cases/${caseId}`)).status).toBe(200);
      const del = await reached.api.delete(`/posts/${postId}`);
      expect(del.status).toBe(403);
      expect((await peer.api.get(`/cases/${caseId}/posts`)).body.find((x: PostDto) => x.id === postId).deleted).toBeUndefined();
      // …and a hidden post's text stays with the cohort's own moderators
      expect((await peer.api.post(`/posts/${postId}/report`)).status).toBe(202);
      const view = (await reached.api.get(`/cases/${caseId}/posts`)).body.find((x: PostDto) => x.id === postId);
      expect(view).toMatchObject({ hidden: true, body: '' });
      expect((await reached.api.post(`/privacy/reports/${postId}/restore`)).status).toBe(404);
    });
  });

  /** The report loop. */
  describe('the report loop', () => {
    it('takes a reason and a selection, notifies the moderators, counts on the badge, and tells the author', async () => {
      const body = 'Night note: the family asked about the hospice bed.';
      const p = await author.api.post(`/cases/${caseId}/posts`, { body, clientId: clientId() });
      const postId = p.body.id as string;
      const before = (await moderator.api.get('/privacy/reviews/count')).body.pending as number;
      // the reason is stored text: it passes the gate, and a bad selection is refused; neither hides the post
      const phiReason = await peer.api.post(`/posts/${postId}/report`, { reason: 'The wife is reachable at 303-555-0142' });
      expect(phiReason.status).toBe(422);
      expect(JSON.stringify(phiReason.body)).not.toContain('555-0142');
      expect((await peer.api.post(`/posts/${postId}/report`, { start: 5, end: 500 })).status).toBe(400);
      expect((await peer.api.get(`/cases/${caseId}/posts`)).body.find((x: PostDto) => x.id === postId).hidden).toBeUndefined();

      const rep = await peer.api.post(`/posts/${postId}/report`, { reason: 'It may name the family', start: 12, end: 22 });
      expect(rep.status).toBe(202);
      const queue = (await moderator.api.get('/privacy/reviews')).body as PrivacyReviewDto[];
      expect(queue.find((r) => r.postId === postId)).toMatchObject({
        reason: 'It may name the family',
        selection: { start: 12, end: 22 },
        reportCount: 1,
      });
      expect((await moderator.api.get('/privacy/reviews/count')).body.pending).toBe(before + 1);
      expect((await peer.api.get('/privacy/reviews/count')).status).toBe(403);
      for (const m of [moderator, secondModerator]) {
        const inbox = (await m.api.get('/notifications')).body.items as { type: string; postId?: string; title: string }[];
        const n = inbox.find((x) => x.type === 'privacy' && x.postId === postId);
        expect(n).toBeDefined();
        expect(n!.title).not.toContain('family');
      }
      expect((await otherModerator.api.get('/notifications')).body.items.some((x: { postId?: string }) => x.postId === postId)).toBe(false);
      const authorInbox = (await author.api.get('/notifications')).body.items as { type: string; postId?: string; title: string }[];
      expect(authorInbox.find((x) => x.type === 'privacy' && x.postId === postId)?.title).toMatch(/hidden/);
    });

    it('a false report is restored: the post is visible again and the report closes as restored', async () => {
      const body = 'Comfort feeds only, per the family meeting.';
      const p = await author.api.post(`/cases/${caseId}/posts`, { body, clientId: clientId() });
      const postId = p.body.id as string;
      expect((await peer.api.post(`/posts/${postId}/report`, {})).status).toBe(202);
      const peerSock = await s.connectAs(peer);
      await emitAck(peerSock, 'case:subscribe', { caseId });
      const live = nextEvent(peerSock, 'post:updated', (x) => x.id === postId);
      const restored = await moderator.api.post(`/privacy/reports/${postId}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body.hidden).toBeUndefined();
      expect(await live).toMatchObject({ id: postId, body });
      expect((await peer.api.get(`/cases/${caseId}/posts`)).body.find((x: PostDto) => x.id === postId)).toMatchObject({ body });
      const all = (await moderator.api.get('/privacy/reviews?status=all')).body as PrivacyReviewDto[];
      expect(all.find((r) => r.postId === postId)?.status).toBe('restored');
      expect((await moderator.api.post(`/privacy/reports/${postId}/restore`)).status).toBe(409);
      const told = (await author.api.get('/notifications')).body.items.filter((n: { postId?: string }) => n.postId === postId);
      expect(told.some((n: { title: string }) => /visible again/.test(n.title))).toBe(true);
    });

    it('rejecting an override removes its text from the disk too', async () => {
      const secret = 'about the quilted lavender blanket';
      const body = `Call the ward desk at 303-555-0177 ${secret}.`;
      const scan = await author.api.post('/privacy/scan', { fields: { body } });
      expect(scan.body.findings.length).toBeGreaterThan(0);
      const confirmations = (scan.body.findings as { field: string; start: number; end: number }[]).map((f) => ({
        field: f.field,
        start: f.start,
        end: f.end,
        reason: 'The ward desk, not a patient',
      }));
      const held = await author.api.post('/privacy/overrides', {
        target: 'post',
        payload: { caseId, body, clientId: clientId() },
        confirmations,
      });
      expect(held.status).toBe(202);
      const rejected = await moderator.api.post(`/privacy/reviews/${held.body.reviewId}/reject`);
      expect(rejected.status).toBe(200);
      expect(rejected.body.storage).toBe('compacted');
      if (db.dir) expect(filesContaining(db.dir, secret)).toEqual([]);
    });
  });

  /** Report and purge cover every stored text, not only posts. */
  describe('reports and purges of every other stored text', () => {
    it('case fields, follow-ups, escalation question, live-session chat (log and replay), display names and cohort names', async () => {
      const secret = {
        caseField: 'quokka lantern garden notes',
        followUp: 'marmalade harbour outcome notes',
        escalation: 'velvet orchard question notes',
        chat: 'copper meadow chat notes',
        name: 'Quintessa Vale',
        cohort: 'Zephyrine Fellows',
      };
      const c = await author.api.post(
        '/cases',
        cleanCase(cohort.id, { title: 'Purge everything case', narrative: { social: `Social: lives at home, ${secret.caseField}.` } }),
      );
      expect(c.status).toBe(201);
      const id = c.body.id as string;
      expect(
        (await author.api.post(`/cases/${id}/follow-ups`, { adviceFollowed: 'yes', outcome: `Outcome: ${secret.followUp}.` })).status,
      ).toBe(201);
      const esc = await author.api.post(`/cases/${id}/escalations`, {
        question: `What next for the ${secret.escalation}?`,
        domains: [2],
        professions: ['physician'],
        urgency: 'routine',
      });
      expect(esc.status).toBe(201);
      const session = await faculty.api.post('/sessions', {
        cohortId: cohort.id,
        title: 'Purge check',
        startsAt: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(session.status).toBe(201);
      const sock = await s.connectAs(author);
      expect(await emitAck(sock, 'session:join', { sessionId: session.body.id })).toMatchObject({ ok: true });
      const sent = (await emitAck(sock, 'session:message', {
        sessionId: session.body.id,
        body: `Chat: ${secret.chat}.`,
        clientId: clientId(),
      })) as { ok: boolean; data: { id: string } };
      expect(sent.ok).toBe(true);
      // a display name and a cohort name stored before the gate covered them
      const named = await s.user({ profession: 'chaplain', cohortId: cohort.id });
      const client = await MongoClient.connect(db.uri);
      try {
        await client
          .db()
          .collection('users')
          .updateOne({ _id: new ObjectId(named.id) }, { $set: { displayName: secret.name } });
        await client
          .db()
          .collection('cohorts')
          .updateOne({ _id: new ObjectId(cohort.id) }, { $set: { name: secret.cohort } });
      } finally {
        await client.close();
      }

      const reports = [
        { target: 'case', id, field: 'narrative.social', text: secret.caseField },
        { target: 'followUp', id: `${id}:0`, field: 'outcome', text: secret.followUp },
        { target: 'escalation', id: esc.body.id as string, field: 'question', text: secret.escalation },
        { target: 'sessionMessage', id: sent.data.id, field: 'body', text: secret.chat },
        { target: 'user', id: named.id, field: 'displayName', text: secret.name },
        { target: 'cohort', id: cohort.id, field: 'name', text: secret.cohort },
      ];
      const otherPeer = await s.user({ profession: 'nurse', cohortId: (await s.cohort()).id });
      for (const r of reports) {
        // only readers of the item may report it; a field must be one of its texts
        expect((await otherPeer.api.post('/privacy/text-reports', { target: r.target, id: r.id, field: r.field })).status).toBe(404);
        expect((await peer.api.post('/privacy/text-reports', { target: r.target, id: r.id, field: 'nope' })).status).toBe(400);
        const rep = await peer.api.post('/privacy/text-reports', {
          target: r.target,
          id: r.id,
          field: r.field,
          reason: 'may identify someone',
        });
        expect([r.target, rep.status]).toEqual([r.target, 202]);
        const queue = (await moderator.api.get('/privacy/reviews')).body as PrivacyReviewDto[];
        const item = queue.find((q) => q.id === rep.body.reviewId);
        expect(item).toMatchObject({ kind: 'report', target: r.target, itemId: r.id, field: r.field, reason: 'may identify someone' });
        expect(item?.body).toContain(r.text);
        expect((await otherModerator.api.post(`/privacy/text-reports/${rep.body.reviewId}/purge`, {})).status).toBe(404);
        const purged = await moderator.api.post(`/privacy/text-reports/${rep.body.reviewId}/purge`, {});
        expect([r.target, purged.status, purged.body.storage]).toEqual([r.target, 200, 'compacted']);
        expect(purged.body.status).toBe('deleted');
      }

      // gone from every read
      const seen = JSON.stringify([
        (await author.api.get(`/cases/${id}`)).body,
        (await author.api.get(`/escalations/${esc.body.id}`)).body,
        (await peer.api.get(`/cohorts/${cohort.id}/members`)).body,
        (await peer.api.get('/cohorts')).body,
        await emitAck(await s.connectAs(peer), 'session:join', { sessionId: session.body.id, afterSeq: 0 }),
        await emitAck(await s.connectAs(faculty), 'session:join', { sessionId: session.body.id }),
      ]);
      for (const r of reports) expect([r.target, seen.includes(r.text)]).toEqual([r.target, false]);
      expect(seen).toContain('[removed by a moderator]');
      expect(seen).toContain('Name removed by a moderator');
      // …and from the disk
      if (db.dir) for (const r of reports) expect([r.target, filesContaining(db.dir, r.text)]).toEqual([r.target, []]);
      const audit = (await s.admin.api.get('/audit?limit=1000')).body as { type: string; targetId?: string }[];
      expect(audit.filter((a) => a.type === 'privacy.purged').length).toBeGreaterThanOrEqual(reports.length);
    });

    it('a false report of a stored text is closed as restored and changes nothing', async () => {
      const c = await author.api.post('/cases', cleanCase(cohort.id, { title: 'Restore a case report' }));
      const rep = await peer.api.post('/privacy/text-reports', { target: 'case', id: c.body.id, field: 'title' });
      expect(rep.status).toBe(202);
      const restored = await moderator.api.post(`/privacy/text-reports/${rep.body.reviewId}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body.status).toBe('restored');
      expect((await author.api.get(`/cases/${c.body.id}`)).body.title).toBe('Restore a case report');
      expect((await moderator.api.post(`/privacy/text-reports/${rep.body.reviewId}/purge`, {})).status).toBe(409);
      // a replacement that itself carries an identifier is refused without echoing it
      const again = await peer.api.post('/privacy/text-reports', { target: 'case', id: c.body.id, field: 'title' });
      const phi = await moderator.api.post(`/privacy/text-reports/${again.body.reviewId}/purge`, { text: 'Call 303-555-0148' });
      expect(phi.status).toBe(422);
      expect(JSON.stringify(phi.body)).not.toContain('555-0148');
    });
  });
});

/** Every file under `dir` whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (fs.readFileSync(file).includes(needle)) out.push(file);
  }
  return out;
}
