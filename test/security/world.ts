import { ApiClient, TestSession, uniqueId, type TestUser } from '@casebridge/testing';

/**
 * The actors of the access matrix. "A" is the cohort that owns every fixture; "B" is another
 * cohort. learnerA authors the fixtures (so "own" actions are hers); peerA is a learner of the same
 * cohort who authored nothing; moderatorA is another learner of the cohort with the privacy-moderator
 * flag (moderators were only stood in for by the admin). facultyA is the only physician in the database, so escalations on
 * physical-domain questions are routed to her deterministically; facultyB is a chaplain (never a
 * target of those escalations) so "faculty of another cohort" has no routing-based access.
 */
export const ACTORS = ['admin', 'facultyA', 'learnerA', 'peerA', 'moderatorA', 'learnerB', 'facultyB', 'anon'] as const;
export type ActorName = (typeof ACTORS)[number];

export const ACTOR_LABELS: Record<ActorName, string> = {
  admin: 'admin',
  facultyA: 'faculty of the cohort',
  learnerA: 'learner of the cohort (author/owner)',
  peerA: 'learner of the cohort (not the author)',
  moderatorA: 'privacy moderator, a learner of the cohort (not the author)',
  learnerB: 'learner of another cohort',
  facultyB: 'faculty of another cohort',
  anon: 'unauthenticated',
};

/** Things a request can be about; each entry names the ones it needs. */
export type FixtureKind = 'cohort' | 'case' | 'post' | 'escalation' | 'session' | 'review' | 'reportedPost' | 'submission';
export type Fixtures = Partial<Record<FixtureKind, string>>;

import { cleanCase } from '../fixtures/cases';
export { cleanCase };
export const CLEAN_QUESTION = (cleanCase('') as { question: { text: string } }).question.text;

export const clientId = (): string =>
  uniqueId('cid')
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 60);

function must<T>(res: { status: number; body: T }, status: number[], what: string): T {
  if (!status.includes(res.status)) throw new Error(`fixture ${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Users and fixtures created through the real API (TestSession); nothing is written to the database directly. */
export class World {
  users!: Record<Exclude<ActorName, 'anon'>, TestUser>;
  cohortA!: string;
  cohortB!: string;
  private shared: Fixtures = {};

  constructor(readonly session: TestSession) {}

  static async create(baseUrl: string): Promise<World> {
    const w = new World(await new TestSession(baseUrl).init());
    await w.init();
    return w;
  }

  private async init(): Promise<void> {
    const s = this.session;
    this.cohortA = (await s.cohort()).id;
    this.cohortB = (await s.cohort()).id;
    this.users = {
      admin: s.admin,
      facultyA: await s.user({ role: 'faculty', profession: 'physician', cohortId: this.cohortA, displayName: 'Faculty A' }),
      learnerA: await s.user({ role: 'learner', profession: 'nurse', cohortId: this.cohortA, displayName: 'Learner A' }),
      peerA: await s.user({ role: 'learner', profession: 'social_worker', cohortId: this.cohortA, displayName: 'Peer A' }),
      moderatorA: await s.user({
        role: 'learner',
        profession: 'pharmacist',
        cohortId: this.cohortA,
        moderator: true,
        displayName: 'Moderator A',
      }),
      learnerB: await s.user({ role: 'learner', profession: 'nurse', cohortId: this.cohortB, displayName: 'Learner B' }),
      facultyB: await s.user({ role: 'faculty', profession: 'chaplain', cohortId: this.cohortB, displayName: 'Faculty B' }),
    };
  }

  api(actor: ActorName): ApiClient {
    return actor === 'anon' ? this.session.anonymous() : this.users[actor].api;
  }

  /** Fixtures shared by entries that do not change them (reads). */
  async sharedFixtures(kinds: FixtureKind[]): Promise<Fixtures> {
    for (const k of kinds) if (!this.shared[k]) Object.assign(this.shared, await this.fresh([k], this.shared));
    return this.shared;
  }

  /** New fixtures for one request that changes them (so one actor's success cannot change the next actor's outcome). */
  async fresh(kinds: FixtureKind[], base: Fixtures = {}): Promise<Fixtures> {
    const f: Fixtures = { ...base };
    const author = this.users.learnerA.api;
    const needCase = (): Promise<string> => (f.case ? Promise.resolve(f.case) : this.make('case', f));
    for (const k of kinds) {
      if (f[k]) continue;
      if (k === 'cohort') f.cohort = this.cohortA;
      else if (k === 'case') f.case = await this.make('case', f);
      else if (k === 'post' || k === 'reportedPost') {
        const caseId = await needCase();
        f.case = caseId;
        const post = must(
          await author.post<{ id: string }>(`/cases/${caseId}/posts`, { body: 'What has worked for others here?', clientId: clientId() }),
          [201],
          'post',
        );
        if (k === 'reportedPost') {
          must(await this.users.peerA.api.post(`/posts/${post.id}/report`, {}), [202], 'report');
          f.reportedPost = post.id;
        } else f.post = post.id;
      } else if (k === 'escalation') {
        const caseId = await needCase();
        f.case = caseId;
        f.escalation = must(
          await author.post<{ id: string }>(`/cases/${caseId}/escalations`, {
            question: CLEAN_QUESTION,
            domains: [2],
            professions: ['physician'],
            urgency: 'routine',
          }),
          [201],
          'escalation',
        ).id;
      } else if (k === 'session') {
        f.session = must(
          await this.users.facultyA.api.post<{ id: string }>('/sessions', {
            cohortId: this.cohortA,
            title: 'Case conference',
            startsAt: new Date(Date.now() + 3600_000).toISOString(),
          }),
          [201],
          'session',
        ).id;
      } else if (k === 'submission') {
        // learnerA's case submitted for a session of cohort A
        if (!f.session) Object.assign(f, await this.fresh(['session'], f));
        const caseId = await needCase();
        f.case = caseId;
        f.submission = must(await author.post<{ id: string }>(`/sessions/${f.session}/submissions`, { caseId }), [201], 'submission').id;
      } else if (k === 'review') {
        f.review = await this.makeReview(await needCase());
      }
    }
    return f;
  }

  private async make(kind: 'case', _f: Fixtures): Promise<string> {
    return must(await this.users.learnerA.api.post<{ id: string }>('/cases', cleanCase(this.cohortA)), [201], kind).id;
  }

  /** A post the gate flags, overridden by its author as a false positive: a pending privacy review. */
  private async makeReview(caseId: string): Promise<string> {
    const api = this.users.learnerA.api;
    const post = { body: 'Call the team at 303-555-0199 before the meeting.', clientId: clientId() };
    const payload = { caseId, ...post };
    const flagged = await api.post<{ error: { details: { findings: { field: string; start: number; end: number }[] } } }>(
      `/cases/${caseId}/posts`,
      post,
    );
    if (flagged.status !== 422) throw new Error(`fixture review: expected the gate to flag the text, got ${flagged.status}`);
    const confirmations = flagged.body.error.details.findings.map((x) => ({
      field: x.field,
      start: x.start,
      end: x.end,
      reason: 'a ward extension, not a patient number',
    }));
    return must(await api.post<{ reviewId: string }>('/privacy/overrides', { target: 'post', payload, confirmations }), [202], 'review')
      .reviewId;
  }
}
