import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiClient, REPO_ROOT, TestSession, startTestApi, startTestDb, type TestApi, type TestDb } from '@casebridge/testing';

/**
 * Rate limits behind the reverse proxy. The test process plays the proxy: it
 * connects from loopback and says who the client is in X-Forwarded-For, as nginx does. With the
 * proxy trusted (TRUST_PROXY), two clients behind it have separate budgets; refresh is limited per
 * token family, not per address; and an untrusted hop cannot choose its address.
 */

const LIMIT = 6;
const signIn = (api: ApiClient, client: string, n: number) =>
  api.request(
    'POST',
    '/auth/login',
    { email: `nobody-${client}-${n}@example.test`, password: 'not the password' },
    { 'x-forwarded-for': client },
  );

describe('rate limits behind a proxy', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await startTestDb();
  });
  afterAll(async () => {
    await db?.stop();
  });

  describe('TRUST_PROXY names the proxy', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi({ mongoUri: db.uri, env: { TRUST_PROXY: '127.0.0.1', RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('gives two client addresses behind the proxy separate sign-in budgets', async () => {
      const anon = new ApiClient(api.url);
      const first: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) first.push((await signIn(anon, '198.51.100.7', i)).status);
      expect(first.slice(0, LIMIT).every((s) => s === 401)).toBe(true);
      expect(first[LIMIT]).toBe(429);
      // another client, the same proxy address: its own budget
      expect((await signIn(anon, '198.51.100.8', 0)).status).toBe(401);
      // a client cannot escape its budget by adding its own X-Forwarded-For entry: the proxy's (last) one counts
      expect((await signIn(anon, '203.0.113.1, 198.51.100.7', 99)).status).toBe(429);
    });

    it('limits refresh per token family, not per address: many users behind one address all refresh', async () => {
      // setup from one address spends four of its six requests (admin sign-in, three registrations)
      const session = await new TestSession(api.url).init();
      const [a, b, hammer] = [
        await session.user({ profession: 'nurse' }),
        await session.user({ profession: 'chaplain' }),
        await session.user({ profession: 'pharmacist' }),
      ];
      const anon = new ApiClient(api.url);
      const chain = async (refreshToken: string, n: number): Promise<number[]> => {
        const statuses: number[] = [];
        let token = refreshToken;
        for (let i = 0; i < n; i++) {
          const r = await anon.post<{ refreshToken: string }>('/auth/refresh', { refreshToken: token });
          statuses.push(r.status);
          if (r.status === 200) token = r.body.refreshToken;
        }
        return statuses;
      };
      // 2 × 5 refreshes from the address that has 2 requests left: each family has its own budget
      expect(await chain(a.auth.refreshToken, LIMIT - 1)).toEqual(Array(LIMIT - 1).fill(200));
      expect(await chain(b.auth.refreshToken, LIMIT - 1)).toEqual(Array(LIMIT - 1).fill(200));
      // and one family over its budget is limited
      expect((await chain(hammer.auth.refreshToken, LIMIT + 1))[LIMIT]).toBe(429);
      session.close();
    });
  });

  it('TRUST_PROXY=false ignores X-Forwarded-For: every "client" shares the connecting address', async () => {
    const api = await startTestApi({ mongoUri: db.uri, env: { TRUST_PROXY: 'false', RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    try {
      const anon = new ApiClient(api.url);
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++) statuses.push((await signIn(anon, `198.51.100.${i + 20}`, i)).status);
      expect(statuses[LIMIT]).toBe(429);
    } finally {
      await api.stop();
    }
  });

  it('docker-compose trusts exactly the nginx hop, and nginx passes the client address', () => {
    const compose = fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    expect(compose).toMatch(/TRUST_PROXY: \$\{TRUST_PROXY:-1\}/);
    const nginx = fs.readFileSync(path.join(REPO_ROOT, 'deploy/nginx.conf'), 'utf8');
    expect(nginx.match(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/g)?.length).toBe(2);
  });
});
