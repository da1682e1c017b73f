/**
 * The ECHO workflow around a session, end to end on a real api process and the
 * embedded database: a learner submits one of their cases for an upcoming session, the facilitator
 * returns it with a note (PHI-gated), the learner resubmits, the facilitator approves it onto the
 * agenda; the author is told each time; an anonymous author stays anonymous to peers in every
 * answer and notification. After the session the facilitator adjusts attendance with a gated,
 * audited reason that the CSV export, evaluations and certificates follow.
 */
import { startTestApi, startTestDb, TestSession, waitFor, type TestApi, type TestDb, type TestUser } from '@casebridge/testing';
import { PDFDocument } from 'pdf-lib';
import type { AttendanceEntryDto, SessionSubmissionDto, SessionSubmissionsView, SessionWithAgenda } from '@casebridge/contracts';
import { cleanCase } from './fixtures/cases';

type Inbox = { items: { type: string; title: string; sessionId?: string; caseId?: string; actorName?: string }[] };
const PHI_NOTE = 'Please remove Mrs Eleanor Whitfield and her MRN 4829173 from the history.';

describe('session workflow: case submissions and attendance adjustments', () => {
  let db: TestDb;
  let api: TestApi;
  let s: TestSession;
  let cohortId: string;
  let facilitator: TestUser;
  let author: TestUser; // anonymous to peers on her case
  let peer: TestUser;
  let named: TestUser; // a second author, not anonymous
  let outsider: TestUser;
  let sessionId: string;
  let anonCase: string;
  let namedCase: string;
  let otherCohortCase: string;
  let submission: SessionSubmissionDto;

  const inbox = async (u: TestUser) => (await u.api.get<Inbox>('/notifications')).body.items.filter((n) => n.sessionId === sessionId);

  beforeAll(async () => {
    db = await startTestDb();
    api = await startTestApi({ mongoUri: db.uri });
    s = await new TestSession(api.url).init();
    cohortId = (await s.cohort()).id;
    const other = (await s.cohort()).id;
    facilitator = await s.user({ role: 'faculty', profession: 'physician', cohortId, displayName: 'Dr Facilitator' });
    author = await s.user({ profession: 'nurse', cohortId, displayName: 'Hidden Author' });
    peer = await s.user({ profession: 'pharmacist', cohortId, displayName: 'Peer Pharmacist' });
    named = await s.user({ profession: 'social_worker', cohortId, displayName: 'Named Author' });
    outsider = await s.user({ profession: 'nurse', cohortId: other, displayName: 'Outside Nurse' });
    const mk = async (u: TestUser, body: Record<string, unknown>) => {
      const r = await u.api.post<{ id: string }>('/cases', body);
      if (r.status !== 201) throw new Error(`case: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.id;
    };
    anonCase = await mk(author, cleanCase(cohortId, { title: 'Breathlessness at home, family fears sedation', anonymous: true }));
    namedCase = await mk(named, cleanCase(cohortId, { title: 'Spiritual distress before a family meeting' }));
    otherCohortCase = await mk(outsider, cleanCase(other));
    const created = await facilitator.api.post<{ id: string }>('/sessions', {
      cohortId,
      title: 'ECHO case review',
      startsAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    sessionId = created.body.id;
  });

  afterAll(async () => {
    s?.close();
    await api?.stop();
    await db?.stop();
  });

  it('only the author submits, a case of the session’s cohort, to a session of their cohort; a retry changes nothing', async () => {
    const url = `/sessions/${sessionId}/submissions`;
    expect((await peer.api.post(url, { caseId: anonCase })).status).toBe(403);
    expect((await outsider.api.post(url, { caseId: otherCohortCase })).body.error.code).toBe('SESSION.NOT_FOUND');
    const wrongCohort = await author.api.post<{ error: { code: string; details: { field: string } } }>(url, { caseId: otherCohortCase });
    expect(wrongCohort.status).toBe(400);
    expect(wrongCohort.body.error.details.field).toBe('caseId');
    expect((await author.api.post(url, { caseId: 'nope' })).status).toBe(400);
    expect((await author.api.post(url, { caseId: anonCase, extra: 1 })).status).toBe(400);

    const first = await author.api.post<SessionSubmissionDto>(url, { caseId: anonCase });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      sessionId,
      caseId: anonCase,
      status: 'in_review',
      caseTitle: 'Breathlessness at home, family fears sedation',
    });
    submission = first.body;
    const retry = await author.api.post<SessionSubmissionDto>(url, { caseId: anonCase });
    expect(retry.body).toMatchObject({ id: submission.id, status: 'in_review' });
    expect((await named.api.post<SessionSubmissionDto>(url, { caseId: namedCase })).body.status).toBe('in_review');

    // the facilitator hears of each submission once; the anonymous author is not named to anyone
    const notices = await waitFor(
      async () => {
        const n = (await inbox(facilitator)).filter((x) => x.title === 'Case submitted for review: “ECHO case review”');
        return n.length === 2 ? n : undefined;
      },
      { what: 'two submission notices' },
    );
    const forAnon = notices.find((n) => n.caseId === anonCase);
    expect(forAnon?.actorName).toBeUndefined();
    expect(notices.find((n) => n.caseId === namedCase)?.actorName).toBe('Named Author');
  });

  it('the facilitator sees submissions in review; peers see only their own', async () => {
    const view = (await facilitator.api.get<SessionSubmissionsView>('/session-submissions')).body;
    const mine = view.toReview.find((x) => x.id === submission.id);
    expect(mine).toMatchObject({ status: 'in_review', presenterName: 'Hidden Author', presenterProfession: 'nurse' });
    const peerView = (await peer.api.get<SessionSubmissionsView>('/session-submissions')).body;
    expect(peerView).toEqual({ mine: [], toReview: [] });
    expect((await outsider.api.get<SessionSubmissionsView>('/session-submissions')).body.toReview).toEqual([]);
  });

  it('returns a case with a gated note; the author is told and resubmits', async () => {
    const url = `/session-submissions/${submission.id}/review`;
    expect((await peer.api.post(url, { decision: 'approve' })).status).toBe(403);
    expect((await outsider.api.post(url, { decision: 'approve' })).body.error.code).toBe('SESSION.SUBMISSION_NOT_FOUND');
    expect((await facilitator.api.post(url, { decision: 'return' })).status).toBe(400);
    expect((await facilitator.api.post(url, { decision: 'maybe' })).status).toBe(400);
    const phi = await facilitator.api.post(url, { decision: 'return', note: PHI_NOTE });
    expect(phi.status).toBe(422);
    expect(phi.body.error.code).toBe('PRIVACY.PHI_DETECTED');
    expect(JSON.stringify(phi.body)).not.toMatch(/Whitfield|4829173/);

    const note = 'Please add the current opioid doses and what was tried for breathlessness.';
    const returned = await facilitator.api.post<SessionSubmissionDto>(url, { decision: 'return', note });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', note });
    expect((await facilitator.api.post(url, { decision: 'approve' })).status).toBe(409);
    const told = await waitFor(
      async () => (await inbox(author)).find((n) => n.title === 'Your case was returned for changes before “ECHO case review”'),
      { what: 'the return notice' },
    );
    expect(told).toMatchObject({ type: 'session', caseId: anonCase, actorName: 'Dr Facilitator' });
    const authorView = (await author.api.get<SessionSubmissionsView>('/session-submissions')).body;
    expect(authorView.mine.find((x) => x.id === submission.id)).toMatchObject({ status: 'returned', note });

    const again = await author.api.post<SessionSubmissionDto>(`/sessions/${sessionId}/submissions`, { caseId: anonCase });
    expect(again.body).toMatchObject({ id: submission.id, status: 'in_review' });
    expect(again.body.note).toBeUndefined();
  });

  it('approves it onto the agenda: the author is told, peers see the case without its anonymous author', async () => {
    const approved = await facilitator.api.post<SessionSubmissionDto>(`/session-submissions/${submission.id}/review`, {
      decision: 'approve',
    });
    expect(approved.body.status).toBe('scheduled');
    await waitFor(async () => (await inbox(author)).find((n) => n.title === 'Your case is on the agenda of “ECHO case review”'), {
      what: 'the approval notice',
    });
    // peers: the case on the card and in the room, no name or id of the anonymous author anywhere
    const list = (await peer.api.get<SessionWithAgenda[]>('/sessions?upcoming=true')).body;
    const card = list.find((x) => x.id === sessionId);
    expect(card?.agenda).toEqual([
      {
        submissionId: submission.id,
        caseId: anonCase,
        caseTitle: 'Breathlessness at home, family fears sedation',
        presenterAnonymous: true,
        presenterProfession: 'nurse',
      },
    ]);
    const room = await peer.api.get<{ session: SessionWithAgenda }>(`/sessions/${sessionId}`);
    expect(room.body.session.agenda?.[0]).toMatchObject({ caseId: anonCase, presenterAnonymous: true });
    for (const body of [list, room.body, await inbox(peer)]) {
      expect(JSON.stringify(body)).not.toContain(author.id);
      expect(JSON.stringify(body)).not.toContain('Hidden Author');
    }
    // peers were not notified about someone else's case
    expect((await inbox(peer)).filter((n) => n.caseId === anonCase)).toEqual([]);
    // the author and the facilitator see who presents
    const own = (await author.api.get<{ session: SessionWithAgenda }>(`/sessions/${sessionId}`)).body.session.agenda?.[0];
    expect(own).toMatchObject({ presenterId: author.id, presenterName: 'Hidden Author' });
    const fac = (await facilitator.api.get<{ session: SessionWithAgenda }>(`/sessions/${sessionId}`)).body.session.agenda?.[0];
    expect(fac).toMatchObject({ presenterName: 'Hidden Author' });
    // the named author's case is still in review, so not on the agenda
    expect(card?.agenda?.some((a) => a.caseId === namedCase)).toBe(false);
  });

  it('after the session the facilitator adjusts attendance with a gated reason; export, certificates and evaluations follow', async () => {
    const url = (u: TestUser) => `/sessions/${sessionId}/attendance/${u.id}`;
    const present = { present: true, minutes: 45, reason: 'Joined by phone; the facilitator confirmed it' };
    expect((await facilitator.api.put(url(peer), present)).status).toBe(409); // not ended yet
    expect((await facilitator.api.post(`/sessions/${sessionId}/start`, {})).status).toBe(200);
    // submissions close once the session has started
    expect((await named.api.post(`/sessions/${sessionId}/submissions`, { caseId: namedCase })).status).toBe(409);
    expect((await facilitator.api.post(`/sessions/${sessionId}/end`, {})).status).toBe(200);
    const cert = (u: TestUser) =>
      fetch(`${api.url}/api/sessions/${sessionId}/certificate.pdf`, { headers: { authorization: `Bearer ${u.auth.accessToken}` } });
    expect((await cert(peer)).status).toBe(404);

    expect((await peer.api.put(url(peer), present)).status).toBe(403);
    expect((await outsider.api.put(url(peer), present)).body.error.code).toBe('SESSION.NOT_FOUND');
    expect((await facilitator.api.put(url(outsider), present)).status).toBe(404);
    expect((await facilitator.api.put(url(peer), { present: true, minutes: 45 })).status).toBe(400);
    expect((await facilitator.api.put(url(peer), { ...present, minutes: -1 })).status).toBe(400);
    const phi = await facilitator.api.put(url(peer), { present: true, reason: 'Was with Mrs Eleanor Whitfield, MRN 4829173' });
    expect(phi.status).toBe(422);
    expect(JSON.stringify(phi.body)).not.toMatch(/Whitfield|4829173/);

    const adjusted = await facilitator.api.put<AttendanceEntryDto>(url(peer), present);
    expect(adjusted.status).toBe(200);
    expect(adjusted.body).toMatchObject({
      userId: peer.id,
      minutes: 45,
      recordedMinutes: 0,
      adjustment: { present: true, minutes: 45, reason: present.reason, byName: 'Dr Facilitator' },
    });
    // the certificate and the evaluation follow the adjustment
    const pdf = await cert(peer);
    expect(pdf.status).toBe(200);
    expect((await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))).getSubject()).toMatch(/^1 session\(s\), 45 min; /);
    expect((await peer.api.post(`/sessions/${sessionId}/evaluation`, { helpful: 4 })).status).toBe(200);
    // the named author is marked present, then corrected to absent: the latest one counts
    expect((await facilitator.api.put(url(named), { present: true, minutes: 30, reason: 'Listed on the sign-in sheet' })).status).toBe(200);
    const absent = await facilitator.api.put<AttendanceEntryDto>(url(named), {
      present: false,
      reason: 'Sign-in sheet entry was a mistake',
    });
    expect(absent.body).toMatchObject({ minutes: 0, adjustment: { present: false } });
    expect((await cert(named)).status).toBe(404);

    // the roster lists everyone of the cohort, adjusted or not
    const roster = (await facilitator.api.get<AttendanceEntryDto[]>(`/sessions/${sessionId}/attendance`)).body;
    expect(roster.map((r) => r.userId)).toEqual(expect.arrayContaining([facilitator.id, author.id, peer.id, named.id]));
    expect(roster.some((r) => r.userId === outsider.id)).toBe(false);
    expect(roster.find((r) => r.userId === author.id)).toMatchObject({ minutes: 0, recordedMinutes: 0 });
    expect((await peer.api.get(`/sessions/${sessionId}/attendance`)).status).toBe(403);

    // the export carries the adjusted minutes, what was recorded, and the reason
    const csv = await (
      await fetch(`${api.url}/api/sessions/${sessionId}/attendance.csv`, {
        headers: { authorization: `Bearer ${facilitator.auth.accessToken}` },
      })
    ).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'userId,displayName,profession,role,firstJoinedAt,lastLeftAt,minutes,recordedMinutes,adjusted,adjustmentReason,adjustedBy,adjustedAt',
    );
    const peerLine = lines.find((l) => l.startsWith(peer.id)) ?? '';
    // a reason with a semicolon is quoted (many locales split on it)
    expect(peerLine).toMatch(/,45,0,present,"Joined by phone; the facilitator confirmed it",Dr Facilitator,\d{4}-/);
    expect(lines.find((l) => l.startsWith(named.id))).toMatch(/,0,0,absent,Sign-in sheet entry was a mistake,Dr Facilitator,/);

    // each adjustment is audited
    const audit = await s.admin.api.get<{ type: string; targetId?: string; meta?: { userId?: string } }[]>(
      '/audit?type=session.attendance_adjusted',
    );
    expect(audit.body.filter((a) => a.targetId === sessionId).map((a) => a.meta?.userId)).toEqual(
      expect.arrayContaining([peer.id, named.id, named.id]),
    );
    expect(audit.body.filter((a) => a.targetId === sessionId)).toHaveLength(3);
  });
});
