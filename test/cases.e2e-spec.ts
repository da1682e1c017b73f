import {
  emitAck,
  nextEvent,
  startTestApi,
  startTestDb,
  TestSession,
  uniqueId,
  waitFor,
  type TestApi,
  type TestDb,
  type TestUser,
} from '@casebridge/testing';
import type { CaseDto, PostDto } from '@casebridge/contracts';
import { cleanCase } from './fixtures/cases';

const clientId = () => uniqueId('cid').replace(/[^A-Za-z0-9_-]/g, '');

describe('cases and threads (REST + sockets, embedded database)', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let cohort: { id: string };
  let other: { id: string };
  let nurse: TestUser; // learner, anonymous author
  let pharmacist: TestUser; // learner peer
  let chaplain: TestUser; // learner peer
  let physician: TestUser; // faculty
  let socialWorker: TestUser; // learner in another cohort
  let moderator: TestUser;
  let caseId: string;

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri });
    s = await new TestSession(api.url).init();
    cohort = await s.cohort();
    other = await s.cohort();
    nurse = await s.user({ profession: 'nurse', cohortId: cohort.id, displayName: 'Nadia Nurse' });
    pharmacist = await s.user({ profession: 'pharmacist', cohortId: cohort.id, displayName: 'Pat Pharm' });
    chaplain = await s.user({ profession: 'chaplain', cohortId: cohort.id, displayName: 'Chris Chaplain' });
    physician = await s.user({ role: 'faculty', profession: 'physician', cohortId: cohort.id, displayName: 'Dr Faculty' });
    socialWorker = await s.user({ profession: 'social_worker', cohortId: other.id, displayName: 'Sam Social' });
    moderator = await s.user({ profession: 'psychologist', cohortId: cohort.id, moderator: true, displayName: 'Mo Moderator' });
  });
  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  it('refuses a case with an identifier: 422 with findings that do not echo the text', async () => {
    const res = await nurse.api.post(
      '/cases',
      cleanCase(cohort.id, {
        narrative: { history: 'Mr. Harold Jennings, MRN 4482913, was admitted on 03/14/2024 from Boulder.' },
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('PRIVACY.PHI_DETECTED');
    const findings = res.body.error.details.findings as { field: string; start: number; end: number; type: string }[];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.field === 'narrative.history')).toBe(true);
    const text = JSON.stringify(res.body);
    for (const leak of ['Jennings', '4482913', '03/14/2024', 'Boulder']) expect(text).not.toContain(leak);
    // every text field goes through the gate, including the title and ESAS "other"
    const titled = await nurse.api.post('/cases', cleanCase(cohort.id, { title: 'Call me at 303-555-0199' }));
    expect(titled.status).toBe(422);
    expect(titled.body.error.details.findings[0].field).toBe('title');
    const med = await nurse.api.post('/cases', cleanCase(cohort.id, { medications: ['morphine', 'see john.smith@example.com'] }));
    expect(med.status).toBe(422);
    expect(med.body.error.details.findings[0].field).toBe('medications.1');
  });

  it('accepts the clean case, anonymous to peers but named to faculty and moderators', async () => {
    const res = await nurse.api.post('/cases', cleanCase(cohort.id, { anonymous: true }));
    expect(res.status).toBe(201);
    const c = res.body as CaseDto;
    caseId = c.id;
    expect(c).toMatchObject({ status: 'open', postCount: 0, lastSeq: 0, anonymous: true, followLevel: 'following' });
    expect(c.author).toMatchObject({ id: nurse.id, displayName: 'Nadia Nurse' });

    const asPeer = await pharmacist.api.get(`/cases/${caseId}`);
    expect(asPeer.status).toBe(200);
    expect(asPeer.body.author).toEqual({ id: null, displayName: 'Learner · Nurse', profession: 'nurse', role: 'learner', anonymous: true });
    expect(JSON.stringify(asPeer.body)).not.toContain('Nadia');
    const asFaculty = await physician.api.get(`/cases/${caseId}`);
    expect(asFaculty.body.author).toMatchObject({ id: nurse.id, displayName: 'Nadia Nurse', anonymous: true });
    const asMod = await moderator.api.get(`/cases/${caseId}`);
    expect(asMod.body.author.displayName).toBe('Nadia Nurse');
    // the read is audited
    const audit = await s.admin.api.get('/audit?type=case.read');
    expect(audit.body.some((r: { targetId: string; actorId: string }) => r.targetId === caseId && r.actorId === pharmacist.id)).toBe(true);
  });

  it('hides other cohorts: cross-cohort reads, posts and subscriptions are 404', async () => {
    const read = await socialWorker.api.get(`/cases/${caseId}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('CASE.NOT_FOUND');
    const post = await socialWorker.api.post(`/cases/${caseId}/posts`, { body: 'Hello', clientId: clientId() });
    expect(post.status).toBe(404);
    const posts = await socialWorker.api.get(`/cases/${caseId}/posts`);
    expect(posts.status).toBe(404);
    const list = await socialWorker.api.get('/cases');
    expect(list.body.items.map((c: CaseDto) => c.id)).not.toContain(caseId);
    const create = await socialWorker.api.post('/cases', cleanCase(cohort.id));
    expect(create.status).toBe(404);
    expect(create.body.error.code).toBe('COHORT.NOT_FOUND');
    const sock = await s.connectAs(socialWorker);
    const sub = await emitAck(sock, 'case:subscribe', { caseId });
    expect(sub).toMatchObject({ ok: false, error: { code: 'CASE.NOT_FOUND' } });
    const unauth = await s.anonymous().get(`/cases/${caseId}`);
    expect(unauth.status).toBe(401);
  });

  it('delivers a post live to a peer of another profession, anonymised for peers and named for faculty', async () => {
    const peerSock = await s.connectAs(chaplain);
    const facSock = await s.connectAs(physician);
    const modSock = await s.connectAs(moderator);
    for (const sock of [peerSock, facSock, modSock]) {
      const ack = await emitAck(sock, 'case:subscribe', { caseId, afterSeq: 0 });
      expect(ack.ok).toBe(true);
    }
    const authorSock = await s.connectAs(nurse);
    const peerGot = nextEvent(peerSock, 'post:created', (p) => p.caseId === caseId);
    const facGot = nextEvent(facSock, 'post:created', (p) => p.caseId === caseId);
    const modGot = nextEvent(modSock, 'post:created', (p) => p.caseId === caseId);
    const ack = await emitAck(authorSock, 'post:create', {
      caseId,
      body: 'Her breathlessness is worst at night.',
      clientId: clientId(),
      anonymous: true,
    });
    expect(ack.ok).toBe(true);
    const mine = ack.ok ? (ack.data as PostDto) : undefined;
    expect(mine?.author).toMatchObject({ id: nurse.id, displayName: 'Nadia Nurse' });
    const [p, f, m] = await Promise.all([peerGot, facGot, modGot]);
    expect(p.author).toEqual({ id: null, displayName: 'Learner · Nurse', profession: 'nurse', role: 'learner', anonymous: true });
    expect(JSON.stringify(p)).not.toContain('Nadia');
    expect(p.clientId).toBeUndefined();
    expect(f.author).toMatchObject({ id: nurse.id, displayName: 'Nadia Nurse' });
    expect(m.author.displayName).toBe('Nadia Nurse');
    expect(p.id).toBe(mine?.id);
    expect(p.seq).toBe(1);
    // REST views match
    const listPeer = await pharmacist.api.get(`/cases/${caseId}/posts`);
    expect(listPeer.body[0].author.id).toBeNull();
    const listFac = await physician.api.get(`/cases/${caseId}/posts`);
    expect(listFac.body[0].author.id).toBe(nurse.id);
    // a named post from a pharmacist reaches every audience
    const named = nextEvent(peerSock, 'post:created', (x) => x.caseId === caseId && x.author.id === pharmacist.id);
    const res = await pharmacist.api.post(`/cases/${caseId}/posts`, {
      body: 'Consider low-dose oral morphine 2.5 mg q4h.',
      clientId: clientId(),
    });
    expect(res.status).toBe(201);
    expect((await named).author.displayName).toBe('Pat Pharm');
    // the author of an anonymous case stays anonymous in its thread by default
    const byDefault = nextEvent(peerSock, 'post:created', (x) => x.caseId === caseId && x.body.startsWith('Follow-up from the author'));
    const own = await nurse.api.post(`/cases/${caseId}/posts`, {
      body: 'Follow-up from the author: settled overnight.',
      clientId: clientId(),
    });
    expect(own.status).toBe(201);
    expect(own.body.author.id).toBe(nurse.id);
    expect((await byDefault).author).toMatchObject({ id: null, anonymous: true });
  });

  it('reconnect with afterSeq gets exactly what was missed, in order', async () => {
    const sock = await s.connectAs(chaplain);
    const first = await emitAck(sock, 'case:subscribe', { caseId });
    expect(first.ok).toBe(true);
    const seen = first.ok ? (first.data as { seq: number }).seq : -1;
    sock.disconnect();
    const bodies = ['Missed one about mouth care.', 'Missed two about positioning.', 'Missed three about a fan.'];
    for (const body of bodies) {
      const r = await pharmacist.api.post(`/cases/${caseId}/posts`, { body, clientId: clientId() });
      expect(r.status).toBe(201);
    }
    const again = await s.connectAs(chaplain);
    const ack = await emitAck(again, 'case:subscribe', { caseId, afterSeq: seen });
    expect(ack.ok).toBe(true);
    const data = ack.ok ? (ack.data as { missed: PostDto[]; seq: number }) : { missed: [], seq: 0 };
    expect(data.missed.map((p) => p.body)).toEqual(bodies);
    expect(data.missed.map((p) => p.seq)).toEqual([seen + 1, seen + 2, seen + 3]);
    expect(data.seq).toBe(seen + 3);
    const rest = await chaplain.api.get(`/cases/${caseId}/posts?afterSeq=${seen + 1}`);
    expect(rest.body.map((p: PostDto) => p.seq)).toEqual([seen + 2, seen + 3]);
  });

  it('the same clientId twice yields one post (201 then 200), over REST and socket', async () => {
    const id = clientId();
    const a = await chaplain.api.post(`/cases/${caseId}/posts`, { body: 'Spiritual distress screen done.', clientId: id });
    const b = await chaplain.api.post(`/cases/${caseId}/posts`, { body: 'Spiritual distress screen done.', clientId: id });
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect(b.body.seq).toBe(a.body.seq);
    const sock = await s.connectAs(chaplain);
    const c = await emitAck(sock, 'post:create', { caseId, body: 'Spiritual distress screen done.', clientId: id });
    expect(c.ok && (c.data as PostDto).id).toBe(a.body.id);
    const all = await chaplain.api.get(`/cases/${caseId}/posts`);
    expect(all.body.filter((p: PostDto) => p.id === a.body.id)).toHaveLength(1);
    // concurrent retries of one clientId still store one post
    const id2 = clientId();
    const burst = await Promise.all(
      Array.from({ length: 6 }, () => chaplain.api.post(`/cases/${caseId}/posts`, { body: 'Burst retry.', clientId: id2 })),
    );
    expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
    expect(burst.filter((r) => r.status === 201)).toHaveLength(1);
  });

  it('concurrent posters get gap-free, unique seq numbers', async () => {
    const c = await pharmacist.api.post('/cases', cleanCase(cohort.id, { title: 'Thirty concurrent posts on one case' }));
    expect(c.status).toBe(201);
    const posters = [nurse, pharmacist, chaplain, physician, moderator];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        posters[i % posters.length].api.post(`/cases/${c.body.id}/posts`, { body: `Concurrent note ${i}`, clientId: clientId() }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const seqs = results.map((r) => r.body.seq as number).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const stored = await pharmacist.api.get(`/cases/${c.body.id}/posts`);
    expect(stored.body.map((p: PostDto) => p.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const after = await pharmacist.api.get(`/cases/${c.body.id}`);
    expect(after.body).toMatchObject({ lastSeq: 30, postCount: 30 });
  });

  it('a subscribe racing with concurrent posts loses nothing: catch-up plus live events cover every seq', async () => {
    const c = await chaplain.api.post('/cases', cleanCase(cohort.id, { title: 'Subscribe race case' }));
    const cid = c.body.id as string;
    for (let i = 0; i < 5; i++) await chaplain.api.post(`/cases/${cid}/posts`, { body: `Before ${i}`, clientId: clientId() });
    const sock = await s.connectAs(pharmacist);
    const live: PostDto[] = [];
    sock.on('post:created', (p) => p.caseId === cid && live.push(p));
    const writers = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        [nurse, chaplain, physician][i % 3].api.post(`/cases/${cid}/posts`, { body: `During ${i}`, clientId: clientId() }),
      ),
    );
    const ack = await emitAck(sock, 'case:subscribe', { caseId: cid, afterSeq: 2 });
    await writers;
    await waitFor(
      async () => {
        const missed = ack.ok ? (ack.data as { missed: PostDto[] }).missed : [];
        const seen = new Set([...missed, ...live].map((p) => p.seq));
        return seen.size === 23 ? true : undefined;
      },
      { timeoutMs: 5000, what: 'every post after seq 2, live or caught up' },
    );
    const missed = ack.ok ? (ack.data as { missed: PostDto[] }).missed : [];
    const seqs = [...new Set([...missed, ...live].map((p) => p.seq))].sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 23 }, (_, i) => i + 3));
    expect(missed.map((p) => p.seq)).toEqual([...missed.map((p) => p.seq)].sort((a, b) => a - b));
  });

  it('replies, edits with history, endorsement, soft delete', async () => {
    const top = await pharmacist.api.post(`/cases/${caseId}/posts`, { body: 'Top-level question about hydration.', clientId: clientId() });
    const reply = await chaplain.api.post(`/cases/${caseId}/posts`, { body: 'A reply.', parentId: top.body.id, clientId: clientId() });
    expect(reply.status).toBe(201);
    expect(reply.body.parentId).toBe(top.body.id);
    const nested = await chaplain.api.post(`/cases/${caseId}/posts`, { body: 'Nested.', parentId: reply.body.id, clientId: clientId() });
    expect(nested.status).toBe(400);
    expect(nested.body.error).toMatchObject({ code: 'POST.PARENT_INVALID', details: { field: 'parentId' } });
    const edited = await pharmacist.api.patch(`/posts/${top.body.id}`, { body: 'Top-level question about hydration at end of life.' });
    expect(edited.status).toBe(200);
    expect(edited.body.editedAt).toBeDefined();
    const phiEdit = await pharmacist.api.patch(`/posts/${top.body.id}`, { body: 'Her son Michael Brennan called from 720-555-0143.' });
    expect(phiEdit.status).toBe(422);
    expect(JSON.stringify(phiEdit.body)).not.toContain('Brennan');
    const notMine = await chaplain.api.patch(`/posts/${top.body.id}`, { body: 'Hijack.' });
    expect(notMine.status).toBe(403);
    const history = await pharmacist.api.get(`/posts/${top.body.id}/history`);
    expect(history.body.map((h: { body: string }) => h.body)).toEqual(['Top-level question about hydration.']);
    const endorse = await physician.api.post(`/posts/${top.body.id}/endorse`);
    expect(endorse.status).toBe(200);
    expect(endorse.body.endorsedBy).toEqual([{ id: physician.id, displayName: 'Dr Faculty' }]);
    expect((await chaplain.api.post(`/posts/${top.body.id}/endorse`)).status).toBe(403);
    expect((await chaplain.api.delete(`/posts/${reply.body.id}`)).status).toBe(403);
    const del = await moderator.api.delete(`/posts/${reply.body.id}`);
    expect(del.status).toBe(200);
    const seenByPeer = await chaplain.api.get(`/cases/${caseId}/posts`);
    const tomb = seenByPeer.body.find((p: PostDto) => p.id === reply.body.id);
    expect(tomb).toMatchObject({ deleted: true, body: '' });
  });

  it('mentions notify; followers get new-post notifications; muted gets nothing; titles carry no post text', async () => {
    const c = await nurse.api.post('/cases', cleanCase(cohort.id, { title: 'Mentions and follow levels' }));
    const cid = c.body.id as string;
    expect((await chaplain.api.put(`/cases/${cid}/follow`, { level: 'muted' })).body).toEqual({ level: 'muted' });
    const physicianSock = await s.connectAs(physician);
    const live = nextEvent(physicianSock, 'notification:created', (n) => n.type === 'mention' && n.caseId === cid);
    const body = `@Dr Faculty and @Chris Chaplain and @[${pharmacist.id}] please weigh in on secretions.`;
    const post = await nurse.api.post(`/cases/${cid}/posts`, { body, clientId: clientId() });
    expect(post.status).toBe(201);
    const n = await live;
    expect(n.title).toContain('Mentions and follow levels');
    expect(n.title).not.toContain('secretions');
    expect(n.unread).toBeGreaterThan(0);
    const inbox = await pharmacist.api.get('/notifications');
    expect(inbox.body.items.some((x: { type: string; postId: string }) => x.type === 'mention' && x.postId === post.body.id)).toBe(true);
    const muted = await chaplain.api.get('/notifications');
    expect(muted.body.items.some((x: { caseId: string }) => x.caseId === cid)).toBe(false);
    // the author follows their own case: a reply by someone else notifies them
    await pharmacist.api.post(`/cases/${cid}/posts`, { body: 'Glycopyrrolate could help.', clientId: clientId() });
    const authorInbox = await waitFor(async () => {
      const r = await nurse.api.get('/notifications');
      return r.body.items.find((x: { type: string; caseId: string }) => x.type === 'post' && x.caseId === cid) ? r.body : undefined;
    });
    expect(authorInbox.unread).toBeGreaterThan(0);
    const read = await nurse.api.post('/notifications/read', {});
    expect(read.body).toEqual({ unread: 0 });
    // followed filter
    const followed = await nurse.api.get('/cases?followed=true');
    expect(followed.body.items.map((x: CaseDto) => x.id)).toEqual(expect.arrayContaining([cid, caseId]));
    const notFollowed = await chaplain.api.get('/cases?followed=true');
    expect(notFollowed.body.items.map((x: CaseDto) => x.id)).not.toContain(cid);
  });

  it('filters and searches cases, newest activity first, with cursor pagination', async () => {
    const mk = async (over: Record<string, unknown>) => {
      const r = await chaplain.api.post('/cases', cleanCase(cohort.id, over));
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const a = await mk({
      title: 'Existential distress near the end of life',
      illness: 'cancer',
      pps: 30,
      question: { text: 'How to support meaning-making?', type: 'communication', domains: [5], urgency: 'routine' },
      esas: undefined,
    });
    const b = await mk({
      title: 'Renal failure and conservative care',
      illness: 'renal',
      pps: 60,
      question: { text: 'Dialysis withdrawal conversation?', type: 'ethics', domains: [8], urgency: 'urgent' },
    });
    const ids = (r: { body: { items: CaseDto[] } }) => r.body.items.map((c) => c.id);
    expect(ids(await chaplain.api.get('/cases?domain=5'))).toEqual([a]);
    expect(ids(await chaplain.api.get('/cases?illness=renal'))).toEqual([b]);
    expect(ids(await chaplain.api.get('/cases?ppsMin=20&ppsMax=30'))).toEqual([a]);
    const high = ids(await chaplain.api.get('/cases?esasHigh=true'));
    expect(high).toContain(b);
    expect(high).not.toContain(a);
    expect(ids(await chaplain.api.get('/cases?q=existential'))).toEqual([a]);
    // found through the text of a post in the thread
    await pharmacist.api.post(`/cases/${b}/posts`, { body: 'Consider a trial of haloperidol for delirium.', clientId: clientId() });
    expect(ids(await chaplain.api.get('/cases?q=haloperidol'))).toEqual([b]);
    const byResponder = ids(await chaplain.api.get('/cases?responderProfession=pharmacist'));
    expect(byResponder).toContain(b);
    expect(byResponder).not.toContain(a);
    // newest activity first: b just got a post
    const all = await chaplain.api.get(`/cases?cohortId=${cohort.id}`);
    expect(all.body.items[0].id).toBe(b);
    const times = all.body.items.map((c: CaseDto) => c.lastActivityAt);
    expect([...times].sort().reverse()).toEqual(times);
    // pagination walks every case exactly once
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await chaplain.api.get(`/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids(all));
    expect(new Set(seen).size).toBe(seen.length);
    // status, close
    const closed = await chaplain.api.post(`/cases/${a}/close`, { outcome: 'question_answered' });
    expect(closed.body.status).toBe('closed');
    expect(ids(await chaplain.api.get('/cases?status=closed'))).toEqual([a]);
    const late = await pharmacist.api.post(`/cases/${a}/posts`, { body: 'Too late.', clientId: clientId() });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('CASE.CLOSED');
    const fu = await chaplain.api.post(`/cases/${b}/follow-ups`, {
      adviceFollowed: 'partly',
      outcome: 'Dialysis continued with a time-limited trial.',
      pps: 50,
    });
    expect(fu.status).toBe(201);
    expect(fu.body.followUps[0]).toMatchObject({ adviceFollowed: 'partly', pps: 50 });
  });

  it('lifecycle: close with an outcome, reopen to the previous status, follow-ups; live to the room, anonymous to peers', async () => {
    const created = await nurse.api.post('/cases', cleanCase(cohort.id, { title: 'Lifecycle of a case', anonymous: true }));
    const cid = created.body.id as string;
    await pharmacist.api.put(`/cases/${cid}/follow`, { level: 'following' });
    const peerSock = await s.connectAs(chaplain);
    expect((await emitAck(peerSock, 'case:subscribe', { caseId: cid })).ok).toBe(true);

    // a peer may not close; a note with an identifier is refused without echo and nothing changes
    expect((await chaplain.api.post(`/cases/${cid}/close`, { outcome: 'plan_agreed' })).status).toBe(403);
    const phi = await nurse.api.post(`/cases/${cid}/close`, { outcome: 'plan_agreed', note: 'Call her daughter at 303-555-0199.' });
    expect(phi.status).toBe(422);
    expect(phi.body.error.code).toBe('PRIVACY.PHI_DETECTED');
    expect(JSON.stringify(phi.body)).not.toContain('303-555-0199');
    expect((await nurse.api.get(`/cases/${cid}`)).body.status).toBe('open');
    expect((await nurse.api.post(`/cases/${cid}/close`, { outcome: 'resolved-ish' })).status).toBe(400);

    const live = nextEvent(peerSock, 'case:changed', (e) => e.caseId === cid);
    const closed = await nurse.api.post(`/cases/${cid}/close`, { outcome: 'plan_agreed', note: 'Family meeting held; plan agreed.' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closure: { outcome: 'plan_agreed', note: 'Family meeting held; plan agreed.' } });
    expect(closed.body.closure.closedBy).toMatchObject({ id: nurse.id, displayName: 'Nadia Nurse' });
    expect(await live).toEqual({ caseId: cid, status: 'closed', change: 'closed' });
    // the author closed an anonymous case: peers do not learn who closed it
    const peerView = await chaplain.api.get(`/cases/${cid}`);
    expect(peerView.body.closure.closedBy).toMatchObject({ id: null, anonymous: true });
    expect(JSON.stringify(peerView.body)).not.toContain('Nadia');
    // a follower is told, by title only
    const inbox = await waitFor(async () => {
      const r = await pharmacist.api.get('/notifications');
      return r.body.items.find((x: { caseId: string; title: string }) => x.caseId === cid && x.title.startsWith('Case closed')) as
        { title: string } | undefined;
    });
    expect(inbox.title).not.toContain('Family meeting');
    // closing twice is a conflict, posting is refused
    expect((await physician.api.post(`/cases/${cid}/close`, { outcome: 'other' })).body.error.code).toBe('CASE.CLOSED');
    expect((await pharmacist.api.post(`/cases/${cid}/posts`, { body: 'Late.', clientId: clientId() })).status).toBe(409);

    // a follow-up on a closed case is allowed (what happened afterwards), with its author
    const fu = await physician.api.post(`/cases/${cid}/follow-ups`, {
      adviceFollowed: 'yes',
      outcome: 'Dyspnoea settled on the lower dose.',
    });
    expect(fu.status).toBe(201);
    expect(fu.body.followUps[0]).toMatchObject({ adviceFollowed: 'yes', author: { id: physician.id, displayName: 'Dr Faculty' } });
    const own = await nurse.api.post(`/cases/${cid}/follow-ups`, { adviceFollowed: 'partly', outcome: 'Home hospice started.' });
    const ownAsPeer = (await chaplain.api.get(`/cases/${cid}`)).body as CaseDto;
    expect(ownAsPeer.followUps[1].author).toMatchObject({ id: null, anonymous: true });
    expect(own.body.followUps[1].author).toMatchObject({ id: nurse.id });
    const fuPhi = await nurse.api.post(`/cases/${cid}/follow-ups`, { adviceFollowed: 'no', outcome: 'Mr. Harold Jennings went home.' });
    expect(fuPhi.status).toBe(422);

    // reopen: peers may not; faculty of the cohort may; the case gets back its previous status
    expect((await chaplain.api.post(`/cases/${cid}/reopen`)).status).toBe(403);
    expect((await socialWorker.api.post(`/cases/${cid}/reopen`)).status).toBe(404);
    const reopenedLive = nextEvent(peerSock, 'case:changed', (e) => e.caseId === cid && e.change === 'reopened');
    const reopened = await physician.api.post(`/cases/${cid}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');
    expect(reopened.body.closure).toBeUndefined();
    expect((await reopenedLive).status).toBe('open');
    expect((await physician.api.post(`/cases/${cid}/reopen`)).body.error.code).toBe('CASE.NOT_CLOSED');
    expect((await pharmacist.api.post(`/cases/${cid}/posts`, { body: 'Back again.', clientId: clientId() })).status).toBe(201);
    // audited
    const audit = await s.admin.api.get('/audit?type=case.reopened');
    expect(audit.body.some((r: { targetId: string }) => r.targetId === cid)).toBe(true);
    peerSock.close();
  });

  it('reopening an escalated case gives it back its escalated status', async () => {
    const created = await nurse.api.post('/cases', cleanCase(cohort.id, { title: 'Escalated then closed' }));
    const cid = created.body.id as string;
    const esc = await nurse.api.post(`/cases/${cid}/escalations`, {
      question: 'Is a trial of low-dose opioid reasonable?',
      domains: [2],
      urgency: 'routine',
    });
    expect(esc.status).toBe(201);
    expect((await nurse.api.get(`/cases/${cid}`)).body.status).toBe('escalated');
    expect((await nurse.api.post(`/cases/${cid}/close`, { outcome: 'no_longer_needed' })).body.status).toBe('closed');
    expect((await nurse.api.post(`/cases/${cid}/reopen`)).body.status).toBe('escalated');
  });

  it('read markers: per reader, never backwards, clamped to the thread; lists show how many are new', async () => {
    const created = await nurse.api.post('/cases', cleanCase(cohort.id, { title: 'Read markers' }));
    const cid = created.body.id as string;
    expect(created.body.readSeq).toBeUndefined();
    for (const body of ['One.', 'Two.', 'Three.']) await pharmacist.api.post(`/cases/${cid}/posts`, { body, clientId: clientId() });
    expect((await chaplain.api.get(`/cases/${cid}`)).body).toMatchObject({ lastSeq: 3 });
    expect((await chaplain.api.get(`/cases/${cid}`)).body.readSeq).toBeUndefined();
    expect((await chaplain.api.put(`/cases/${cid}/read`, { seq: 2 })).body).toEqual({ seq: 2 });
    // never backwards, and never past the last post
    expect((await chaplain.api.put(`/cases/${cid}/read`, { seq: 1 })).body).toEqual({ seq: 2 });
    expect((await chaplain.api.put(`/cases/${cid}/read`, { seq: 999 })).body).toEqual({ seq: 3 });
    await pharmacist.api.post(`/cases/${cid}/posts`, { body: 'Four.', clientId: clientId() });
    const listed = ((await chaplain.api.get(`/cases?cohortId=${cohort.id}`)).body.items as CaseDto[]).find((x) => x.id === cid)!;
    expect(listed.lastSeq - (listed.readSeq ?? 0)).toBe(1);
    // another reader's marker is their own
    expect((await nurse.api.get(`/cases/${cid}`)).body.readSeq).toBeUndefined();
    // bad input and other cohorts
    expect((await chaplain.api.put(`/cases/${cid}/read`, { seq: -1 })).status).toBe(400);
    expect((await chaplain.api.put(`/cases/${cid}/read`, { seq: 1.5 })).status).toBe(400);
    expect((await socialWorker.api.put(`/cases/${cid}/read`, { seq: 1 })).status).toBe(404);
    // two first marks at once: one marker, the larger seq
    const racer = await s.user({ profession: 'nurse', cohortId: cohort.id, displayName: 'Race Reader' });
    const results = await Promise.all([racer.api.put(`/cases/${cid}/read`, { seq: 1 }), racer.api.put(`/cases/${cid}/read`, { seq: 4 })]);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await racer.api.get(`/cases/${cid}`)).body.readSeq).toBe(4);
  });

  it('rejects bad input of each kind with 400/422, a code, and the field named', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [cleanCase(cohort.id, { patient: { age: 92, sex: 'female', state: 'CO' } }), 'patient.age'],
      [cleanCase(cohort.id, { patient: { age: 70, sex: 'female', state: 'Colorado' } }), 'patient.state'],
      [cleanCase(cohort.id, { pps: 45 }), 'pps'],
      [cleanCase(cohort.id, { esas: { ...(cleanCase('x').esas as object), pain: 11 } }), 'esas.pain'],
      [cleanCase(cohort.id, { esas: { ...(cleanCase('x').esas as object), pain: 2.5 } }), 'esas.pain'],
      [cleanCase(cohort.id, { esas: { ...(cleanCase('x').esas as object), completedBy: 'neighbour' } }), 'esas.completedBy'],
      [cleanCase(cohort.id, { question: { text: 'Q?', type: 'management', domains: [9], urgency: 'routine' } }), 'question.domains.0'],
      [cleanCase(cohort.id, { question: { text: 'Q?', type: 'gossip', domains: [2], urgency: 'routine' } }), 'question.type'],
      [cleanCase(cohort.id, { question: { text: 'Q?', type: 'management', domains: [2], urgency: 'asap' } }), 'question.urgency'],
      [cleanCase(cohort.id, { setting: 'cruise_ship' }), 'setting'],
      [cleanCase(cohort.id, { illness: 'flu' }), 'illness'],
      [cleanCase(cohort.id, { title: '   ' }), 'title'],
      // an unknown key is named by the object holding it, never echoed
      [cleanCase(cohort.id, { mrn: '123' }), '(body)'],
      [cleanCase('not-an-id'), 'cohortId'],
      [cleanCase(cohort.id, { patient: { age: '91', sex: 'female', state: 'CO' } }), 'patient.age'],
      [cleanCase(cohort.id, { patient: { age: 70, sex: 'female' } }), 'patient.state'],
      [cleanCase(cohort.id, { question: { text: 'Q?', type: 'management', domains: [], urgency: 'routine' } }), 'question.domains'],
      [
        cleanCase(cohort.id, { question: { text: 'Q?', type: 'management', domains: [2], professions: ['wizard'], urgency: 'routine' } }),
        'question.professions.0',
      ],
      [cleanCase(cohort.id, { esas: { ...(cleanCase('x').esas as object), completedBy: undefined } }), 'esas.completedBy'],
      [cleanCase(cohort.id, { esas: { ...(cleanCase('x').esas as object), other: { name: 'itch', score: 11 } } }), 'esas.other.score'],
      [cleanCase(cohort.id, { pps: 110 }), 'pps'],
      [cleanCase(cohort.id, { medications: [''] }), 'medications.0'],
      [cleanCase(cohort.id, { narrative: { diary: 'x' } }), 'narrative'],
    ];
    for (const [body, field] of bad) {
      const r = await nurse.api.post('/cases', body);
      expect({ field, status: r.status, code: r.body.error?.code }).toEqual({ field, status: 400, code: 'VALIDATION.FAILED' });
      expect(r.body.error.details.field).toBe(field);
    }
    const faculty = await physician.api.post('/cases', cleanCase(cohort.id, { anonymous: true }));
    expect(faculty.status).toBe(400);
    expect(faculty.body.error.details.field).toBe('anonymous');
    const postBad: [Record<string, unknown>, string][] = [
      [{ body: '', clientId: clientId() }, 'body'],
      [{ body: '  ', clientId: clientId() }, 'body'],
      [{ body: 'ok' }, 'clientId'],
      [{ body: 'ok', clientId: 'short' }, 'clientId'],
      [{ body: 'ok', clientId: clientId(), parentId: 'zzz' }, 'parentId'],
      [{ body: 'ok', clientId: clientId(), extra: 1 }, '(body)'],
    ];
    for (const [body, field] of postBad) {
      const r = await nurse.api.post(`/cases/${caseId}/posts`, body);
      expect({ field, status: r.status }).toEqual({ field, status: 400 });
      expect(r.body.error.details.field).toBe(field);
    }
    const other: [string, string, unknown, string][] = [
      ['POST', `/cases/${caseId}/follow-ups`, { adviceFollowed: 'maybe', outcome: 'x' }, 'adviceFollowed'],
      ['POST', `/cases/${caseId}/follow-ups`, { adviceFollowed: 'yes', outcome: '   ' }, 'outcome'],
      ['PUT', `/cases/${caseId}/follow`, { level: 'loud' }, 'level'],
      ['GET', '/cases?domain=9', undefined, 'domain'],
      ['GET', '/cases?status=lost', undefined, 'status'],
      ['GET', '/cases?limit=1000', undefined, 'limit'],
      ['GET', `/cases/${caseId}/posts?afterSeq=-1`, undefined, 'afterSeq'],
    ];
    for (const [method, path, body, field] of other) {
      const r = await nurse.api.request(method, path, body);
      expect({ path, status: r.status, code: r.body.error?.code, field: r.body.error?.details?.field }).toEqual({
        path,
        status: 400,
        code: 'VALIDATION.FAILED',
        field,
      });
    }
    const q = await nurse.api.get('/cases?ppsMin=15');
    expect(q.status).toBe(400);
    expect(q.body.error.details.field).toBe('ppsMin');
    const cur = await nurse.api.get('/cases?cursor=garbage');
    expect(cur.status).toBe(400);
    expect(cur.body.error.details.field).toBe('cursor');
    const sock = await s.connectAs(nurse);
    const badSub = await emitAck(sock, 'case:subscribe', { caseId: 'nope' } as never);
    expect(badSub).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED', details: { field: 'caseId' } } });
    const badPost = await emitAck(sock, 'post:create', { caseId, body: 'x' } as never);
    expect(badPost).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED', details: { field: 'clientId' } } });
    const phi = await emitAck(sock, 'post:create', { caseId, body: 'Call her at 555-867-5309 tonight.', clientId: clientId() });
    expect(phi).toMatchObject({ ok: false, error: { code: 'PRIVACY.PHI_DETECTED' } });
    expect(JSON.stringify(phi)).not.toContain('867-5309');
  });

  it('feeds analytics: cases by NCP domain and posts by profession (CasesService)', async () => {
    const res = await physician.api.get('/analytics/summary');
    expect(res.status).toBe(200);
    expect(res.body.casesByDomain['2']).toBeGreaterThan(0);
    expect(res.body.casesByDomain['5']).toBeGreaterThan(0);
    expect(res.body.postsByProfession.pharmacist).toBeGreaterThan(0);
    expect(res.body.postsByProfession.nurse).toBeGreaterThan(0);
  });

  it('does not leak post text into the api output', () => {
    const out = api.output();
    for (const s of ['breathlessness is worst', 'Michael Brennan', '720-555-0143', 'Harold Jennings', '867-5309'])
      expect(out).not.toContain(s);
  });
});
