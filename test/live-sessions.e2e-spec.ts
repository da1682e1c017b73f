/**
 * Live sessions end to end: a real api process on the embedded database, real socket.io clients of
 * six professions. Presence TTL is 3 s and the reaper runs every 300 ms (PRESENCE_TTL_SECONDS,
 * PRESENCE_REAPER_INTERVAL_MS), so every client that should stay present heartbeats each second.
 */
import {
  emitAck,
  nextEvent,
  startTestApi,
  startTestDb,
  TestSession,
  waitFor,
  type TestApi,
  type TestDb,
  type TestSocket,
  type TestUser,
} from '@casebridge/testing';
import { PDFDocument } from 'pdf-lib';
import type {
  AckResult,
  Participant,
  ParticipationCounts,
  SessionDto,
  SessionEvaluationSummary,
  SessionEvent,
  SessionSnapshot,
} from '@casebridge/contracts';

const TTL_S = 3;
const REAPER_MS = 300;

interface Client {
  user: TestUser;
  socket: TestSocket;
  events: SessionEvent[];
  presence: { seq: number; participants: Participant[] }[];
  participation: ParticipationCounts[];
  beat?: NodeJS.Timeout;
}

const ok = <T = any>(r: AckResult<T>): T => {
  if (!r.ok) throw new Error(`ack failed: ${JSON.stringify(r.error)}`);
  return r.data;
};

describe('live sessions: presence, phases, chat, hands, catch-up, reaper, transcript, attendance', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let facilitator: TestUser; // faculty physician
  let nurse: TestUser;
  let pharmacist: TestUser;
  let socialWorker: TestUser;
  let chaplain: TestUser;
  let psychologist: TestUser;
  let outsider: TestUser; // learner of another cohort
  let psychologistNever: TestUser; // a member who never joins
  let cohortId: string;
  let session: SessionDto;
  let caseId: string | undefined;
  const clients: Record<string, Client> = {};
  const sockets: TestSocket[] = [];

  const beat = (socket: TestSocket, sessionId: string) => setInterval(() => socket.volatile.emit('session:heartbeat', { sessionId }), 1000);

  async function connect(name: string, user: TestUser): Promise<Client> {
    const socket = await s.connectAs(user);
    sockets.push(socket);
    const c: Client = { user, socket, events: [], presence: [], participation: [] };
    socket.on('session:event', (e) => c.events.push(e));
    socket.on('presence:changed', (p) => c.presence.push(p));
    socket.on('participation:changed', (p) => c.participation.push(p.participation));
    clients[name] = c;
    return c;
  }

  async function join(c: Client, afterSeq?: number) {
    const data = ok(await emitAck(c.socket, 'session:join', { sessionId: session.id, ...(afterSeq === undefined ? {} : { afterSeq }) }));
    if (!c.beat) c.beat = beat(c.socket, session.id);
    return data as { snapshot: SessionSnapshot; seq: number } & { events: SessionEvent[] };
  }

  const snapshot = async () =>
    (await facilitator.api.get<{ session: SessionDto; snapshot: SessionSnapshot; seq: number }>(`/sessions/${session.id}`)).body;
  const presentIds = async () => (await snapshot()).snapshot.participants.map((p) => p.userId).sort();

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({
      mongoUri: db.uri,
      env: { PRESENCE_TTL_SECONDS: String(TTL_S), PRESENCE_REAPER_INTERVAL_MS: String(REAPER_MS), ESCALATION_POLL_MS: '200' },
    });
    s = await new TestSession(api.url).init();
    cohortId = (await s.cohort()).id;
    const other = await s.cohort();
    facilitator = await s.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Faculty' });
    nurse = await s.user({ profession: 'nurse', cohortId, displayName: 'Maria Gonzalez' });
    pharmacist = await s.user({ profession: 'pharmacist', cohortId, displayName: 'Pharmacy Learner' });
    socialWorker = await s.user({ profession: 'social_worker', cohortId, displayName: 'Social Work, "Learner"' });
    chaplain = await s.user({ profession: 'chaplain', cohortId, displayName: 'Chaplain Learner' });
    psychologist = await s.user({ profession: 'psychologist', cohortId, displayName: 'Psychology Learner' });
    outsider = await s.user({ profession: 'nurse', cohortId: other.id });
    psychologistNever = await s.user({ profession: 'psychologist', cohortId, displayName: 'Absent Learner' });
    // the presented case, when the cases module is there
    const created = await nurse.api.post<{ id: string }>('/cases', {
      cohortId,
      title: 'Refractory dyspnea at home',
      setting: 'home',
      patient: { age: 78, sex: 'female', state: 'CO' },
      illness: 'copd',
      question: { text: 'How should we titrate opioids for breathlessness?', type: 'medication', domains: [2], urgency: 'routine' },
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
  });

  afterAll(async () => {
    for (const c of Object.values(clients)) if (c.beat) clearInterval(c.beat);
    for (const so of sockets) so.disconnect();
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  it('schedules a session: faculty of the cohort yes, a learner no; it is listed for members only', async () => {
    const body = {
      cohortId,
      title: 'ECHO case conference',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      presenterId: nurse.id,
      ...(caseId ? { presenterCaseId: caseId } : {}),
    };
    const denied = await nurse.api.post('/sessions', body);
    expect(denied.status).toBe(403);
    const res = await facilitator.api.post<SessionDto>('/sessions', body);
    expect(res.status).toBe(201);
    session = res.body;
    expect(session).toMatchObject({
      cohortId,
      title: 'ECHO case conference',
      phase: 'lobby',
      facilitatorId: facilitator.id,
      presenterId: nurse.id,
    });

    const mine = await chaplain.api.get<SessionDto[]>('/sessions?upcoming=true');
    expect(mine.body.map((x) => x.id)).toContain(session.id);
    const theirs = await outsider.api.get<SessionDto[]>('/sessions?upcoming=true');
    expect(theirs.body.map((x) => x.id)).not.toContain(session.id);
    expect((await outsider.api.get(`/sessions/${session.id}`)).status).toBe(404);
    expect((await facilitator.api.post('/sessions', { ...body, title: '' })).status).toBe(400);
    expect(session.presenterName).toBe('Maria Gonzalez');

    // the planned time zone and the video meeting
    const meeting = {
      ...body,
      title: 'Meeting check',
      timeZone: 'America/Toronto',
      meetingUrl: 'https://example.zoom.us/j/85512345678?pwd=abc',
      meetingLabel: 'Zoom, passcode in the invitation',
    };
    const withLink = await facilitator.api.post<SessionDto>('/sessions', meeting);
    expect(withLink.status).toBe(201);
    expect(withLink.body).toMatchObject({
      timeZone: 'America/Toronto',
      meetingUrl: meeting.meetingUrl,
      meetingLabel: meeting.meetingLabel,
    });
    expect((await chaplain.api.get<{ session: SessionDto }>(`/sessions/${withLink.body.id}`)).body.session.meetingUrl).toBe(
      meeting.meetingUrl,
    );
    for (const [field, value] of [
      ['meetingUrl', 'http://example.com/meeting'],
      ['meetingUrl', 'https://user:secret@example.com/x'],
      ['meetingUrl', 'javascript:alert(1)'],
      ['timeZone', 'Mars/Olympus_Mons'],
    ] as const) {
      const bad = await facilitator.api.post<{ error: { code: string; details?: { field?: string } } }>('/sessions', {
        ...meeting,
        [field]: value,
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION.FAILED');
    }
    // the label is user text: the PHI gate refuses an identifier in it, and says where without echoing
    const phi = await facilitator.api.post<{ error: { code: string } }>('/sessions', {
      ...meeting,
      meetingLabel: 'Zoom for Mrs Eleanor Whitfield, MRN 4829173',
    });
    expect(phi.status).toBe(422);
    expect(JSON.stringify(phi.body)).not.toContain('Whitfield');
    if (caseId) {
      const wrongCase = await facilitator.api.post('/sessions', { ...body, presenterCaseId: 'f'.repeat(24) });
      expect(wrongCase.status).toBe(400);
      expect(wrongCase.body.error.details.field).toBe('presenterCaseId');
    }
  });

  it('tells members a session was scheduled, and reminds them once 15 minutes before it starts', async () => {
    type Inbox = { items: { type: string; title: string; sessionId?: string }[] };
    const inbox = async (u: TestUser) => (await u.api.get<Inbox>('/notifications')).body.items.filter((n) => n.sessionId === session.id);
    const scheduled = (await inbox(chaplain)).filter((n) => n.title === 'Live session scheduled: “ECHO case conference”');
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0].type).toBe('session');
    expect(await inbox(outsider)).toEqual([]);
    expect((await inbox(facilitator)).filter((n) => n.title.startsWith('Live session scheduled'))).toEqual([]);
    // it starts within 15 minutes, so the reminder is due at once; several sweeps later there is still one
    const reminders = await waitFor(
      async () => {
        const r = (await inbox(chaplain)).filter((n) => n.title === 'Live session starts in 15 minutes: “ECHO case conference”');
        return r.length ? r : undefined;
      },
      { what: 'the 15-minute reminder' },
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect((await inbox(chaplain)).filter((n) => n.title.startsWith('Live session starts in 15 minutes'))).toHaveLength(reminders.length);
    expect(reminders).toHaveLength(1);
    expect((await inbox(facilitator)).filter((n) => n.title.startsWith('Live session starts in 15 minutes'))).toHaveLength(1);
    // a session two hours away is announced but not yet reminded
    const later = await facilitator.api.post<SessionDto>('/sessions', {
      cohortId,
      title: 'Next month',
      startsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
    });
    await waitFor(
      async () =>
        (await chaplain.api.get<Inbox>('/notifications')).body.items.some((n) => n.sessionId === later.body.id) ? true : undefined,
      { what: 'scheduled notice' },
    );
    await new Promise((r) => setTimeout(r, 800));
    const forLater = (await chaplain.api.get<Inbox>('/notifications')).body.items.filter((n) => n.sessionId === later.body.id);
    expect(forLater.map((n) => n.title)).toEqual(['Live session scheduled: “Next month”']);
  });

  it('lets members join (lobby) and shows presence grouped by profession; outsiders cannot join', async () => {
    const f = await connect('facilitator', facilitator);
    const first = await join(f);
    expect(first.snapshot.phase).toBe('lobby');
    for (const [name, user] of [
      ['nurse', nurse],
      ['pharmacist', pharmacist],
      ['socialWorker', socialWorker],
      ['chaplain', chaplain],
    ] as const) {
      await join(await connect(name, user));
    }
    await waitFor(() => f.presence.at(-1)?.participants.length === 5, { what: 'five present' });
    const last = f.presence.at(-1)!;
    expect(last.participants.map((p) => p.profession).sort()).toEqual(['chaplain', 'nurse', 'pharmacist', 'physician', 'social_worker']);
    const snap = (await snapshot()).snapshot;
    // faculty first, then by profession
    expect(snap.participants[0]).toMatchObject({ userId: facilitator.id, role: 'faculty', profession: 'physician' });
    expect(snap.participation.byProfession.nurse).toEqual({ messages: 0, turns: 0, present: 1 });
    expect(snap.participation.silentProfessions).toEqual(['physician', 'nurse', 'pharmacist', 'social_worker', 'chaplain']);

    const o = await connect('outsider', outsider);
    const denied = await emitAck(o.socket, 'session:join', { sessionId: session.id });
    expect(denied).toMatchObject({ ok: false, error: { code: 'SESSION.NOT_FOUND' } });
    const bad = await emitAck(o.socket, 'session:join', { sessionId: 'nope' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
    const notJoined = await emitAck(o.socket, 'session:message', { sessionId: session.id, body: 'hi', clientId: 'outsider-1' });
    expect(notJoined).toMatchObject({ ok: false, error: { code: 'SESSION.NOT_JOINED' } });
  });

  it('counts a person with several tabs once, until the last tab leaves', async () => {
    const f = clients.facilitator;
    const tab2 = await s.connectAs(nurse);
    sockets.push(tab2);
    const before = f.events.length;
    ok(await emitAck(tab2, 'session:join', { sessionId: session.id }));
    const beat2 = beat(tab2, session.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(f.events.slice(before).filter((e) => e.type === 'joined' || e.type === 'left')).toEqual([]);
    ok(await emitAck(tab2, 'session:leave', { sessionId: session.id }));
    clearInterval(beat2);
    tab2.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    expect(f.events.slice(before).filter((e) => e.type === 'left')).toEqual([]);
    expect(await presentIds()).toContain(nurse.id);
  });

  it('only the facilitator (or faculty/admin) starts, moves phases and ends; everyone sees the phase', async () => {
    const n = clients.nurse;
    expect((await nurse.api.post(`/sessions/${session.id}/start`)).status).toBe(403);
    const presenterSeen = nextEvent(clients.pharmacist.socket, 'session:event', (e) => e.type === 'presenter');
    const started = await facilitator.api.post<SessionDto>(`/sessions/${session.id}/start`);
    expect(started.status).toBe(200);
    expect(await presenterSeen).toMatchObject({ type: 'presenter', presenterId: nurse.id, caseId });
    expect((await snapshot()).snapshot.presenter).toEqual({ userId: nurse.id, caseId });
    expect(started.body.phase).toBe('presentation');
    expect(started.body.startedAt).toBeDefined();
    expect((await facilitator.api.post(`/sessions/${session.id}/start`)).status).toBe(409);

    const learnerPhase = await emitAck(n.socket, 'session:phase', { sessionId: session.id, phase: 'clarifying' });
    expect(learnerPhase).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const seen = Promise.all(
      Object.entries(clients)
        .filter(([k]) => k !== 'outsider')
        .map(([, c]) => nextEvent(c.socket, 'session:event', (e) => e.type === 'phase' && e.phase === 'clarifying')),
    );
    ok(await emitAck(clients.facilitator.socket, 'session:phase', { sessionId: session.id, phase: 'clarifying' }));
    expect((await seen).length).toBe(5);
    expect((await snapshot()).snapshot.phase).toBe('clarifying');
  });

  it('chat: PHI gate on every message, idempotent by clientId, broadcast once in seq order', async () => {
    const n = clients.nurse;
    const phi = await emitAck(n.socket, 'session:message', {
      sessionId: session.id,
      body: 'Patient John Smith, MRN 4839201, call 303-555-0143',
      clientId: 'nurse-phi-1',
    });
    expect(phi).toMatchObject({ ok: false, error: { code: 'PRIVACY.PHI_DETECTED' } });
    expect(JSON.stringify(phi)).not.toContain('4839201');

    const m1 = ok(
      await emitAck(n.socket, 'session:message', {
        sessionId: session.id,
        body: 'Is she on a long-acting opioid already?',
        clientId: 'nurse-msg-1',
      }),
    );
    const again = ok(
      await emitAck(n.socket, 'session:message', {
        sessionId: session.id,
        body: 'Is she on a long-acting opioid already?',
        clientId: 'nurse-msg-1',
      }),
    );
    expect(again.id).toBe(m1.id);
    expect(again.seq).toBe(m1.seq);
    const m2 = ok(
      await emitAck(clients.pharmacist.socket, 'session:message', {
        sessionId: session.id,
        body: 'Consider low-dose oral morphine.',
        clientId: 'pharm-msg-1',
      }),
    );
    expect(m2.seq).toBeGreaterThan(m1.seq);
    expect(m2.author).toMatchObject({ id: pharmacist.id, profession: 'pharmacist' });

    const c = clients.chaplain;
    await waitFor(() => c.events.some((e) => e.type === 'message' && e.message.id === m2.id), { what: 'chaplain sees the message' });
    const messages = c.events.filter((e) => e.type === 'message');
    expect(messages.filter((e) => e.type === 'message' && e.message.clientId === 'nurse-msg-1')).toHaveLength(1);
    const snap = (await snapshot()).snapshot;
    expect(snap.messages.map((m) => m.body)).toEqual(['Is she on a long-acting opioid already?', 'Consider low-dose oral morphine.']);
    expect(snap.participation.byProfession.nurse).toMatchObject({ messages: 1 });
    // the facilitator got a live participation push with the nudge
    const f = clients.facilitator;
    await waitFor(() => f.participation.at(-1)?.byProfession.pharmacist?.messages === 1, { what: 'participation push' });
    expect(f.participation.at(-1)!.silentProfessions).toEqual(expect.arrayContaining(['physician', 'social_worker', 'chaplain']));
    expect(f.participation.at(-1)!.silentProfessions).not.toContain('nurse');
    expect(clients.nurse.participation).toEqual([]);
  });

  it('chat burst with concurrent retries: one stored message per clientId, and the log stays gap-free and ordered', async () => {
    const before = (await snapshot()).seq;
    const senders = [clients.nurse.socket, clients.pharmacist.socket];
    // every message is sent twice at once (a client retrying before its first ack): both acks name one message
    const sends = Array.from({ length: 12 }, (_, i) => {
      const socket = senders[i % 2];
      const payload = { sessionId: session.id, body: `Burst question ${i} about the breakthrough dose`, clientId: `burst-msg-${i}` };
      return Promise.all([emitAck(socket, 'session:message', payload), emitAck(socket, 'session:message', payload)]);
    });
    const acks = await Promise.all(sends);
    for (const [a, b] of acks) {
      expect(ok(a).id).toBe(ok(b).id);
      expect(ok(a).seq).toBe(ok(b).seq);
    }
    const seqs = acks.map(([a]) => ok(a).seq as number);
    expect(new Set(seqs).size).toBe(12);
    const caught = ok(await emitAck(clients.chaplain.socket, 'session:join', { sessionId: session.id, afterSeq: before }));
    const events = caught.events as SessionEvent[];
    // gap-free and ordered from the seq before the burst; each message exactly once
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => before + 1 + i));
    const burst = events.filter((e) => e.type === 'message' && e.message.clientId.startsWith('burst-msg-'));
    expect(burst.map((e) => (e.type === 'message' ? e.message.clientId : '')).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `burst-msg-${i}`).sort(),
    );
    expect(Math.max(...seqs)).toBeLessThanOrEqual(caught.seq);
  });

  it('raised hands form an ordered queue the facilitator calls on in order; learners cannot call', async () => {
    const f = clients.facilitator;
    for (const name of ['chaplain', 'socialWorker', 'pharmacist'])
      ok(await emitAck(clients[name].socket, 'session:hand', { sessionId: session.id, raised: true }));
    ok(await emitAck(clients.chaplain.socket, 'session:hand', { sessionId: session.id, raised: true })); // raising twice keeps the place
    let snap = (await snapshot()).snapshot;
    expect(snap.hands.map((h) => h.userId)).toEqual([chaplain.id, socialWorker.id, pharmacist.id]);

    const learnerCall = await emitAck(clients.nurse.socket, 'session:call', { sessionId: session.id, userId: chaplain.id });
    expect(learnerCall).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });

    const called: string[] = [];
    for (let i = 0; i < 2; i++) {
      const next = (await snapshot()).snapshot.hands[0].userId;
      ok(await emitAck(f.socket, 'session:call', { sessionId: session.id, userId: next }));
      called.push(next);
    }
    expect(called).toEqual([chaplain.id, socialWorker.id]);
    ok(await emitAck(clients.pharmacist.socket, 'session:hand', { sessionId: session.id, raised: false }));
    snap = (await snapshot()).snapshot;
    expect(snap.hands).toEqual([]);
    expect(snap.calledOn).toBe(socialWorker.id);
    expect(snap.participation.byProfession.chaplain).toMatchObject({ turns: 1 });
    expect(snap.participation.silentProfessions).toEqual(['physician']);
    await waitFor(() => f.participation.at(-1)?.byProfession.social_worker?.turns === 1, { what: 'turn pushed' });
    // every client saw the same events in seq order, once each
    const seqs = clients.chaplain.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('a client that disconnects and rejoins with afterSeq gets exactly the events it missed', async () => {
    const sw = clients.socialWorker;
    const f = clients.facilitator;
    const lastSeen = Math.max(...sw.events.map((e) => e.seq));
    clearInterval(sw.beat);
    sw.beat = undefined;
    sw.socket.disconnect();
    await waitFor(() => f.events.some((e) => e.type === 'left' && e.userId === socialWorker.id), { what: 'left on disconnect' });
    ok(
      await emitAck(clients.nurse.socket, 'session:message', {
        sessionId: session.id,
        body: 'While you were away: dose plan agreed.',
        clientId: 'nurse-msg-2',
      }),
    );
    ok(await emitAck(f.socket, 'session:phase', { sessionId: session.id, phase: 'recommendations' }));
    ok(await emitAck(clients.chaplain.socket, 'session:hand', { sessionId: session.id, raised: true }));

    const socket = await s.connectAs(socialWorker);
    sockets.push(socket);
    sw.socket = socket;
    const replay = await join(sw, lastSeen);
    expect(replay.snapshot).toBeUndefined();
    // exactly the events after lastSeen, in order, without holes, as every other client saw them
    expect(replay.events.map((e) => e.seq)).toEqual(Array.from({ length: replay.seq - lastSeen }, (_, i) => lastSeen + 1 + i));
    await waitFor(() => f.events.some((e) => e.seq === replay.seq), { what: 'facilitator saw the same events' });
    expect(replay.events).toEqual(f.events.filter((e) => e.seq > lastSeen && e.seq <= replay.seq).sort((a, b) => a.seq - b.seq));
    const types = replay.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['left', 'message', 'phase', 'hand', 'joined']));
    // folding the missed events onto the old state equals a fresh snapshot
    const fresh = await snapshot();
    expect(fresh.seq).toBeGreaterThanOrEqual(replay.seq);
  });

  it('a killed client (no leave, no heartbeats) disappears from presence within the reaper window; a closed socket at once', async () => {
    const psy = await connect('psychologist', psychologist);
    ok(await emitAck(psy.socket, 'session:join', { sessionId: session.id })); // no heartbeat timer: a frozen laptop
    expect(await presentIds()).toContain(psychologist.id);
    const t0 = Date.now();
    await waitFor(async () => !(await presentIds()).includes(psychologist.id), {
      timeoutMs: (TTL_S + 3) * 1000,
      intervalMs: 100,
      what: 'psychologist reaped',
    });
    const took = Date.now() - t0;
    expect(took).toBeLessThanOrEqual(TTL_S * 1000 + REAPER_MS + 1500);
    // everybody else kept heartbeating and is still there
    expect(await presentIds()).toEqual([facilitator.id, nurse.id, pharmacist.id, socialWorker.id, chaplain.id].sort());
    // the reaped socket comes back when it heartbeats again (laptop woke up)
    psy.socket.volatile.emit('session:heartbeat', { sessionId: session.id });
    await waitFor(async () => (await presentIds()).includes(psychologist.id), { what: 'revived by heartbeat' });
    // and a socket closed without session:leave is gone without waiting for the TTL
    psy.socket.disconnect();
    const t1 = Date.now();
    await waitFor(async () => !(await presentIds()).includes(psychologist.id), {
      timeoutMs: 5000,
      intervalMs: 50,
      what: 'psychologist gone on disconnect',
    });
    expect(Date.now() - t1).toBeLessThan(TTL_S * 1000);
  });

  it('ends the session: learners cannot; the summary and transcript land in the case thread', async () => {
    const f = clients.facilitator;
    const learnerSummary = await emitAck(clients.nurse.socket, 'session:summary', { sessionId: session.id, summary: 'x' });
    expect(learnerSummary).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    ok(
      await emitAck(f.socket, 'session:summary', { sessionId: session.id, summary: 'Start oral morphine 2.5 mg q4h prn; review in 48 h.' }),
    );
    expect((await snapshot()).snapshot.summary).toBe('Start oral morphine 2.5 mg q4h prn; review in 48 h.');
    expect((await nurse.api.post(`/sessions/${session.id}/end`)).status).toBe(403);
    const learnerEnd = await emitAck(clients.nurse.socket, 'session:phase', { sessionId: session.id, phase: 'ended' });
    expect(learnerEnd).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    // the recommendations phase: what is said in it leads the record in the case thread
    ok(await emitAck(f.socket, 'session:phase', { sessionId: session.id, phase: 'recommendations' }));
    ok(
      await emitAck(clients.pharmacist.socket, 'session:message', {
        sessionId: session.id,
        body: 'Try a handheld fan before each dose change.',
        clientId: 'pharm-rec-0001',
      }),
    );
    // someone holds the floor and a hand is up when the session ends
    ok(await emitAck(f.socket, 'session:call', { sessionId: session.id, userId: nurse.id }));
    ok(await emitAck(clients.chaplain.socket, 'session:hand', { sessionId: session.id, raised: true }));
    const before = (await snapshot()).snapshot;
    expect(before.calledOn).toBe(nurse.id);
    expect(before.hands.map((h) => h.userId)).toContain(chaplain.id);
    const ended = await facilitator.api.post<SessionDto>(`/sessions/${session.id}/end`);
    expect(ended.status).toBe(200);
    expect(ended.body.phase).toBe('ended');
    const after = (await snapshot()).snapshot;
    expect(after.phase).toBe('ended');
    expect(after.calledOn).toBeUndefined();
    expect(after.hands).toEqual([]);
    // a revisit after the end still names the presenter (nobody is present to look the name up from)
    expect((await chaplain.api.get<{ session: SessionDto }>(`/sessions/${session.id}`)).body.session.presenterName).toBe('Maria Gonzalez');
    const late = await emitAck(clients.nurse.socket, 'session:message', {
      sessionId: session.id,
      body: 'too late',
      clientId: 'nurse-late-1',
    });
    expect(late).toMatchObject({ ok: false, error: { code: 'SESSION.INVALID_STATE' } });

    const posts = await waitFor(
      async () => {
        const res = await nurse.api.get<{ kind: string; body: string }[]>(`/cases/${caseId}/posts`);
        const list = Array.isArray(res.body) ? res.body : ((res.body as any)?.items ?? []);
        return list.filter((p: { kind: string }) => p.kind === 'system').length >= 1 ? list : undefined;
      },
      { what: 'transcript posts' },
    );
    const system = posts.filter((p: { kind: string }) => p.kind === 'system');
    // one structured record: summary, then recommendations, speakers, then the chat by phase
    const record: string = system.find((p: { body: string }) => p.body.startsWith('## Live session record: ECHO case conference')).body;
    expect(record).toMatch(
      /\*\*\d\d:\d\d\*\* @Maria Gonzalez, nurse: Is she on a long-acting opioid already\?[\s\S]*@Pharmacy Learner, pharmacist: Consider low-dose oral morphine\.[\s\S]*While you were away/,
    );
    const at = [
      '### Summary',
      'Start oral morphine 2.5 mg q4h prn',
      '### Recommendations',
      'Try a handheld fan before each dose change.',
      '### Speakers',
      '### Transcript',
      '#### Recommendations',
    ].map((x) => record.indexOf(x));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(record).toContain('Times in UTC');
    expect(record).not.toMatch(/\d{4}-\d\d-\d\d/);
    // ending twice does not post twice
    expect((await facilitator.api.post(`/sessions/${session.id}/end`)).status).toBe(409);
  });

  it('gives each attendee a certificate of attendance (PDF, pdf-lib) for the session and for a period', async () => {
    const get = (u: TestUser, path: string) =>
      fetch(`${api.url}/api${path}`, { headers: { authorization: `Bearer ${u.auth.accessToken}` } });
    const res = await get(nurse, `/sessions/${session.id}/certificate.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/pdf/);
    expect(res.headers.get('content-disposition')).toContain(`certificate-${session.id}.pdf`);
    const doc = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
    expect(doc.getTitle()).toBe('Certificate of attendance — Maria Gonzalez');
    expect(doc.getKeywords()).toBe('ECHO case conference');
    expect(doc.getSubject()).toMatch(/^1 session\(s\), \d+ min; certificate [0-9A-F]{12}$/);
    // someone who never joined has none; the other cohort cannot tell the session exists
    expect((await get(psychologistNever, `/sessions/${session.id}/certificate.pdf`)).status).toBe(404);
    expect((await get(outsider, `/sessions/${session.id}/certificate.pdf`)).status).toBe(404);
    // a period: today's date range holds this session
    const today = new Date().toISOString().slice(0, 10);
    const period = await get(nurse, `/sessions/certificate.pdf?from=${today}&to=${today}`);
    expect(period.status).toBe(200);
    expect((await PDFDocument.load(new Uint8Array(await period.arrayBuffer()))).getKeywords()).toBe('ECHO case conference');
    expect((await get(nurse, '/sessions/certificate.pdf?from=2020-01-01&to=2020-02-01')).status).toBe(404);
    expect((await get(nurse, `/sessions/certificate.pdf?from=${today}&to=2020-01-01`)).status).toBe(400);
    expect((await get(nurse, '/sessions/certificate.pdf?from=yesterday&to=today')).status).toBe(400);
  });

  it('attendees evaluate the ended session (gated free text); the facilitator sees the aggregate without names', async () => {
    const url = `/sessions/${session.id}/evaluation`;
    expect((await nurse.api.post(url, { helpful: 5, change: 'I will offer a fan before titrating opioids.' })).status).toBe(200);
    // a resubmission replaces the first one
    expect((await nurse.api.post(url, { helpful: 4, change: 'I will offer a fan before titrating opioids.' })).status).toBe(200);
    expect((await pharmacist.api.post(url, { helpful: 2 })).status).toBe(200);
    const phi = await chaplain.api.post<{ error: { code: string } }>(url, {
      helpful: 3,
      change: 'Call Mrs Eleanor Whitfield at 303-555-0199 tomorrow.',
    });
    expect(phi.status).toBe(422);
    expect(JSON.stringify(phi.body)).not.toContain('Whitfield');
    expect((await psychologistNever.api.post(url, { helpful: 5 })).status).toBe(404);
    expect((await nurse.api.post(url, { helpful: 7 })).status).toBe(400);
    expect((await nurse.api.get(`/sessions/${session.id}/evaluations`)).status).toBe(403);
    const agg = await facilitator.api.get<SessionEvaluationSummary>(`/sessions/${session.id}/evaluations`);
    expect(agg.status).toBe(200);
    expect(agg.body).toMatchObject({
      count: 2,
      helpful: { mean: 3, distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 } },
      changes: [{ profession: 'nurse', text: 'I will offer a fan before titrating opioids.' }],
    });
    expect(agg.body.attendees).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(agg.body)).not.toMatch(/Maria|Gonzalez|userId/);
  });

  it('exports attendance as CSV to the facilitator only, one row per person across rejoins', async () => {
    expect((await nurse.api.get(`/sessions/${session.id}/attendance.csv`)).status).toBe(403);
    const res = await fetch(`${api.url}/api/sessions/${session.id}/attendance.csv`, {
      headers: { authorization: `Bearer ${facilitator.auth.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    // the recorded columns first; the adjustment columns after them
    expect(lines[0]).toBe(
      'userId,displayName,profession,role,firstJoinedAt,lastLeftAt,minutes,recordedMinutes,adjusted,adjustmentReason,adjustedBy,adjustedAt',
    );
    const rows = lines.slice(1);
    expect(rows).toHaveLength(6); // five who stayed + the psychologist
    const sw = rows.find((r) => r.startsWith(socialWorker.id))!;
    expect(sw).toContain('"Social Work, ""Learner"""');
    const cols = sw.split(',');
    const [firstJoinedAt, lastLeftAt, minutes] = cols.slice(-8, -5);
    expect(new Date(firstJoinedAt).getTime()).toBeLessThan(new Date(lastLeftAt).getTime());
    expect(Number(minutes)).toBeGreaterThanOrEqual(0);
    expect(new Date(lastLeftAt).getTime()).toBeLessThanOrEqual(new Date((await snapshot()).session.endedAt!).getTime());
    expect(rows.find((r) => r.startsWith(psychologist.id))).toContain(',psychologist,learner,');
    expect(rows.some((r) => r.startsWith(outsider.id))).toBe(false);
  });
});

describe('live sessions across replicas: presence lives in MongoDB', () => {
  let db: TestDb;
  let apiA: TestApi;
  let apiB: TestApi;
  let s: TestSession;

  beforeAll(async () => {
    db = await startTestDb();
    const env = { PRESENCE_TTL_SECONDS: String(TTL_S), PRESENCE_REAPER_INTERVAL_MS: String(REAPER_MS) };
    apiA = await startTestApi({ mongoUri: db.uri, env });
    apiB = await startTestApi({ mongoUri: db.uri, env });
    s = await new TestSession(apiA.url).init();
  });
  afterAll(async () => {
    s?.close();
    await apiA?.stop();
    await apiB?.stop();
    await db?.stop();
  });

  it('a replica that crashes does not leave its people present: another replica reaps them within the TTL', async () => {
    const cohortId = (await s.cohort()).id;
    const facilitator = await s.user({ role: 'faculty', profession: 'nurse', cohortId });
    const learner = await s.user({ profession: 'chaplain', cohortId });
    const session = (
      await facilitator.api.post<SessionDto>('/sessions', { cohortId, title: 'Replica test', startsAt: new Date().toISOString() })
    ).body;

    const fa = await s.connectAs(facilitator); // on replica A
    ok(await emitAck(fa, 'session:join', { sessionId: session.id }));
    const faBeat = setInterval(() => fa.volatile.emit('session:heartbeat', { sessionId: session.id }), 1000);
    const lb = await s.connectAs(learner, { url: apiB.url }); // on replica B
    ok(await emitAck(lb, 'session:join', { sessionId: session.id }));
    try {
      const present = async () =>
        (await facilitator.api.get<{ snapshot: SessionSnapshot }>(`/sessions/${session.id}`)).body.snapshot.participants.map(
          (p) => p.userId,
        );
      // A sees who joined through B: one presence list for both replicas
      expect((await present()).sort()).toEqual([facilitator.id, learner.id].sort());
      const left = nextEvent(fa, 'session:event', (e) => e.type === 'left' && e.userId === learner.id, (TTL_S + 4) * 1000);
      const t0 = Date.now();
      await apiB.kill('SIGKILL'); // no disconnect handler runs anywhere
      await left;
      expect(Date.now() - t0).toBeLessThanOrEqual(TTL_S * 1000 + REAPER_MS + 1500);
      expect(await present()).toEqual([facilitator.id]);
    } finally {
      clearInterval(faBeat);
    }
  });
});
