import * as fs from 'node:fs';
import { ApiClient, startTestApi, tmpDir } from '@casebridge/testing';

describe('demo data', () => {
  it('seeds a demo cohort of five+ professions, three cases, an escalation and a session, once', async () => {
    const dataDir = tmpDir('seed');
    try {
      let api = await startTestApi({ dataDir, keepDataDir: true, env: { SEED_DEMO: 'true' } });
      expect(api.output()).toContain('nurse@demo.casebridge.local');
      const counts = async (url: string) => {
        const anon = new ApiClient(url);
        const login = await anon.post('/auth/login', { email: 'nurse@demo.casebridge.local', password: 'demo-password' });
        expect(login.status).toBe(200);
        const nurse = new ApiClient(url, login.body.accessToken);
        const cohort = login.body.user.cohortIds[0];
        const members = await nurse.get(`/cohorts/${cohort}/members`);
        const cases = await nurse.get('/cases');
        const escalations = await nurse.get('/escalations?scope=mine');
        const sessions = await nurse.get('/sessions?upcoming=true');
        return {
          professions: new Set(members.body.map((m: { profession: string }) => m.profession)).size,
          cases: cases.body.items.length,
          escalations: escalations.body.length,
          sessions: sessions.body.length,
        };
      };
      const first = await counts(api.url);
      expect(first.professions).toBeGreaterThanOrEqual(5);
      expect(first.cases).toBe(3);
      expect(first.escalations).toBe(1);
      expect(first.sessions).toBe(1);
      await api.stop();
      api = await startTestApi({ dataDir, keepDataDir: true, env: { SEED_DEMO: 'true' } });
      expect(await counts(api.url)).toEqual(first);
      await api.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
