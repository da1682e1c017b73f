import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { UserDto } from '@casebridge/contracts';
import { AuthProvider } from '../lib/auth';
import { qk } from '../lib/query-keys';
import { setTokens } from '../lib/tokens';

export const learner: UserDto = {
  id: 'u-learner',
  email: 'l@example.org',
  displayName: 'Lee Learner',
  profession: 'nurse',
  role: 'learner',
  moderator: false,
  cohortIds: ['c1'],
  onDuty: false,
  expertiseDomains: [],
};

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } });
}

/** Render `ui` signed in as `user`, at `path` matched by `pattern`. lib/socket should be mocked by the test. */
export function renderSignedIn(ui: ReactElement, { user = learner, path = '/', pattern = '*', qc = testQueryClient() } = {}) {
  setTokens({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  qc.setQueryData(qk.me, user);
  const result = render(
    <QueryClientProvider client={qc}>
      <AuthProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path={pattern} element={ui} />
          </Routes>
        </MemoryRouter>
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...result, qc };
}

/** The part of a fetch Response lib/api reads (jsdom has no Response). */
export function fakeResponse(status: number, body?: unknown): Response {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, ok: status >= 200 && status < 300, text: async () => text } as Response;
}

type Handler = (url: string, init: RequestInit) => { status?: number; body?: unknown } | undefined;

/** Stub fetch at the lib/api boundary: `handler` answers by URL; unknown URLs get 404. */
export function stubFetch(handler: Handler): jest.Mock {
  const fn = jest.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const r = handler(url, init) ?? { status: 404, body: { error: { code: 'COMMON.ROUTE_NOT_FOUND', message: url } } };
    return fakeResponse(r.status ?? 200, r.body);
  });
  globalThis.fetch = fn as unknown as typeof fetch;
  return fn;
}
