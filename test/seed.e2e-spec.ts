import * as fs from 'node:fs';
import { ApiClient, startTestApi, tmpDir, waitFor } from '@casebridge/testing';
import { PROFESSIONS, type QualityReportDto } from '@casebridge/contracts';

/** The sweeper looks often, so the seeded overdue escalation is re-routed within the test. */
const ENV = { SEED_DEMO: 'true', ESCALATION_POLL_MS: '200' };

async function signIn(url: string, email: string, password = 'demo-password'): Promise<{ api: ApiClient; cohortIds: string[] }> {
  const login = await new ApiClient(url).post('/auth/login', { email, password });
  expect(login.status).toBe(200);
  return { api: new ApiClient(url, login.body.accessToken), cohortIds: login.body.user.cohortIds };
}

describe('demo data', () => {
  it('seeds a demo cohort of all eleven professions with months of history, once', async () => {
    const dataDir = tmpDir('seed');
    let stop: (() => Promise<void>) | undefined;
    try {
      let api = await startTestApi({ dataDir, keepDataDir: true, env: ENV });
      stop = () => api.stop();
      // The history fills in after the server listens.
      await waitFor(() => (api.output().includes('Demo history ready') ? true : undefined), {
        timeoutMs: 60_000,
        what: 'the demo history',
      });
      expect(api.output()).toContain('nurse@demo.casebridge.local');
      expect(api.output()).toContain('counselor@demo.casebridge.local');
      const counts = async (url: string) => {
        const { api: nurse, cohortIds } = await signIn(url, 'nurse@demo.casebridge.local');
        const members = await nurse.get(`/cohorts/${cohortIds[0]}/members`);
        const cases = await nurse.get('/cases?limit=50');
        const escalations = await nurse.get('/escalations?scope=mine');
        const upcoming = await nurse.get('/sessions?upcoming=true');
        const all = await nurse.get('/sessions?upcoming=false');
        return {
          professions: [...new Set(members.body.map((m: { profession: string }) => m.profession))].sort(),
          cases: cases.body.items.length,
          escalations: escalations.body.length,
          upcoming: upcoming.body.length,
          sessions: all.body.length,
        };
      };
      const first = await counts(api.url);
      expect(first.professions).toEqual([...PROFESSIONS].sort());
      expect(first).toMatchObject({ cases: 11, escalations: 2, upcoming: 1, sessions: 4 });

      // The quality page has something to show: on-time and late answers, replies, sessions by profession.
      const { api: physician, cohortIds } = await signIn(api.url, 'physician@demo.casebridge.local');
      const quality = async () => (await physician.get<QualityReportDto>(`/analytics/quality?cohortId=${cohortIds[0]}`)).body;
      // The seeded open escalation is past its target: the sweeper alerts the admins and re-routes it.
      const report = await waitFor(
        async () => {
          const r = await quality();
          return r.routing.find((x) => x.event === 'overdue')!.events >= 1 ? r : undefined;
        },
        { timeoutMs: 20_000, what: 'the overdue escalation handled by the sweeper' },
      );
      expect(report.onTime.overall.onTime).toBeGreaterThanOrEqual(4);
      expect(report.onTime.overall.late).toBeGreaterThanOrEqual(3);
      expect(report.onTime.byUrgency.map((r) => r.key)).toEqual(['urgent', 'routine']);
      expect(new Set(report.onTime.byProfession.map((r) => r.key)).size).toBeGreaterThanOrEqual(3);
      const all = report.firstPeerReply.find((r) => r.month === 'all')!;
      expect(all.replied).toBeGreaterThanOrEqual(10);
      expect(all.medianHours).toBeGreaterThan(0);
      expect(new Set(report.firstPeerReply.map((r) => r.month)).size).toBeGreaterThanOrEqual(4);
      // Three sessions about a month apart: at least two calendar months, whatever today is.
      expect(new Set(report.sessionsByProfession.map((r) => r.month)).size).toBeGreaterThanOrEqual(2);
      expect(report.sessionsByProfession.reduce((n, r) => n + r.messages, 0)).toBe(9);
      expect(new Set(report.sessionsByProfession.map((r) => r.profession)).size).toBeGreaterThanOrEqual(8);
      // A past session opens with its chat.
      const { api: nurse } = await signIn(api.url, 'nurse@demo.casebridge.local');
      const past = (await nurse.get<{ id: string; title: string }[]>('/sessions?upcoming=false')).body.find((s) =>
        s.title.includes('methadone'),
      )!;
      const opened = await nurse.get(`/sessions/${past.id}`);
      expect(opened.status).toBe(200);
      expect(opened.body.snapshot.phase).toBe('ended');
      expect(opened.body.snapshot.messages.length).toBe(3);
      // The inbox is not empty: the admins were alerted about the overdue escalation.
      const { api: admin } = await signIn(api.url, 'admin@casebridge.local', 'casebridge-admin');
      const inbox = await admin.get<{ items: { title: string }[] }>('/notifications');
      expect(inbox.body.items.some((n) => n.title.startsWith('Overdue escalation'))).toBe(true);

      await api.stop();
      stop = undefined;
      api = await startTestApi({ dataDir, keepDataDir: true, env: ENV });
      stop = () => api.stop();
      await waitFor(() => (api.output().includes('Demo history ready') ? true : undefined), {
        timeoutMs: 60_000,
        what: 'the demo history',
      });
      expect(await counts(api.url)).toEqual(first);
    } finally {
      await stop?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
