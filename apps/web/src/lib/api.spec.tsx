import { ApiError, api, describeError, phiFindingsOf } from './api';
import { getTokens, setTokens } from './tokens';
import { fakeResponse } from '../test/render';

describe('lib/api', () => {
  beforeEach(() => setTokens({ accessToken: 'old-access', refreshToken: 'old-refresh' }));

  it('turns {error:{code,message,details}} into an ApiError', async () => {
    globalThis.fetch = jest.fn(async () =>
      fakeResponse(422, {
        error: {
          code: 'PRIVACY.PHI_DETECTED',
          message: 'no',
          details: { findings: [{ field: 'title', start: 0, end: 4, type: 'NAME' }, { junk: true }] },
        },
      }),
    ) as unknown as typeof fetch;
    const err = await api('/cases', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 422, code: 'PRIVACY.PHI_DETECTED' });
    expect(phiFindingsOf(err)).toEqual([{ field: 'title', start: 0, end: 4, type: 'NAME' }]);
    expect(describeError(err)).toMatch(/identifiers/);
    expect(phiFindingsOf(new ApiError(400, 'VALIDATION.FAILED', 'x'))).toBeNull();
  });

  it('refreshes once on a 401 for all requests waiting, then retries them with the new token', async () => {
    let refreshes = 0;
    const fetchMock = jest.fn(async (url: string, init: RequestInit) => {
      if (url === '/api/auth/refresh') {
        refreshes++;
        expect(JSON.parse(String(init.body))).toEqual({ refreshToken: 'old-refresh' });
        await new Promise((r) => setTimeout(r, 5));
        return fakeResponse(200, { accessToken: 'new-access', refreshToken: 'new-refresh', user: {} });
      }
      const auth = (init.headers as Record<string, string>).Authorization;
      return auth === 'Bearer new-access'
        ? fakeResponse(200, { url })
        : fakeResponse(401, { error: { code: 'AUTH.EXPIRED', message: 'expired' } });
    });
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    const [a, b] = await Promise.all([api<{ url: string }>('/me'), api<{ url: string }>('/cohorts')]);
    expect([a.url, b.url]).toEqual(['/api/me', '/api/cohorts']);
    expect(refreshes).toBe(1);
    expect(getTokens()).toEqual({ accessToken: 'new-access', refreshToken: 'new-refresh' });
  });

  it('signs out when the refresh token is refused', async () => {
    globalThis.fetch = jest.fn(async (url: string) =>
      url === '/api/auth/refresh'
        ? fakeResponse(401, { error: { code: 'AUTH.REFRESH_REUSED', message: 'reused' } })
        : fakeResponse(401, { error: { code: 'AUTH.EXPIRED', message: 'x' } }),
    ) as unknown as typeof fetch;
    await expect(api('/me')).rejects.toMatchObject({ status: 401 });
    expect(getTokens()).toBeNull();
  });

  it('builds repeated query parameters for arrays and skips empty ones', async () => {
    const fetchMock = jest.fn(async (_url: string) => fakeResponse(200, {}));
    globalThis.fetch = fetchMock as unknown as typeof fetch;
    await api('/escalations/route-preview', { query: { domains: [2, 3], professions: [], q: '', x: undefined } });
    expect(fetchMock.mock.calls[0][0]).toBe('/api/escalations/route-preview?domains=2&domains=3');
  });

  it('reports a network failure with its own code', async () => {
    globalThis.fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const err = await api('/me').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK.UNREACHABLE', status: 0 });
  });
});
