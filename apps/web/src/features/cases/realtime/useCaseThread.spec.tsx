/**
 * The live thread end to end inside the client: REST history, live events into the
 * query cache, catch-up after a reconnect, optimistic send confirmed by ack.
 * The socket is the test double in test/socket-mock; fetch is stubbed at lib/api.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { PostDto } from '@casebridge/contracts';
import { fakeResponse, stubFetch, testQueryClient } from '../../../test/render';
import { emitted, server } from '../../../test/socket-mock';
import { setTokens } from '../../../lib/tokens';
import { useCaseThread } from './useCaseThread';

jest.mock('../../../lib/socket', () => jest.requireActual('../../../test/socket-mock').socketMock);

const me = { id: 'me', displayName: 'Me Nurse', profession: 'nurse' as const, role: 'learner' as const };
const other = { id: 'u2', displayName: 'Sam Chaplain', profession: 'chaplain' as const, role: 'learner' as const };
const post = (seq: number, over: Partial<PostDto> = {}): PostDto => ({
  id: `p${seq}`,
  caseId: 'c1',
  seq,
  body: `post ${seq}`,
  kind: 'post',
  createdAt: new Date(2025, 0, 1, 0, seq).toISOString(),
  author: other,
  ...over,
});

function setup(history: PostDto[]) {
  setTokens({ accessToken: 'a', refreshToken: 'r' });
  const fetchMock = stubFetch((url) =>
    url.startsWith('/api/cases/c1/posts')
      ? { body: history.filter((p) => p.seq > Number(new URL(url, 'http://x').searchParams.get('afterSeq') ?? 0)) }
      : undefined,
  );
  const qc = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  const hook = renderHook(() => useCaseThread('c1', me), { wrapper });
  return { ...hook, qc, fetchMock };
}

beforeEach(() => server.reset());

describe('useCaseThread', () => {
  it('loads the history, then subscribes with afterSeq = the last seq it has', async () => {
    server.onAck((event) => (event === 'case:subscribe' ? { missed: [post(3)], seq: 3 } : {}));
    const { result } = setup([post(1), post(2)]);
    await waitFor(() => expect(result.current.posts.map((p) => p.seq)).toEqual([1, 2, 3]));
    expect(emitted.find((e) => e.event === 'case:subscribe')?.payload).toEqual({ caseId: 'c1', afterSeq: 2 });
  });

  it('writes post:created into the cache once, and announces it', async () => {
    server.onAck((event) => (event === 'case:subscribe' ? { missed: [], seq: 1 } : {}));
    const { result } = setup([post(1)]);
    await waitFor(() => expect(result.current.posts).toHaveLength(1));
    act(() => {
      server.push('post:created', post(2, { body: 'Have you tried a fan?' }));
      server.push('post:created', post(2, { body: 'Have you tried a fan?' }));
      server.push('post:created', { ...post(9), caseId: 'another-case' });
    });
    // TanStack Query notifies observers on the next tick
    await waitFor(() => expect(result.current.posts.map((p) => p.id)).toEqual(['p1', 'p2']));
  });

  it('catches up after a reconnect from the last seq seen, without duplicates', async () => {
    server.onAck((event) => (event === 'case:subscribe' ? { missed: [], seq: 2 } : {}));
    const { result } = setup([post(1), post(2)]);
    await waitFor(() => expect(result.current.posts).toHaveLength(2));
    act(() => server.disconnect());
    // while offline the server stored 3, 4, 5; one live event (4) slipped through on the way back
    act(() => server.push('post:created', post(4)));
    server.onAck((event, payload) => {
      if (event !== 'case:subscribe') return {};
      const after = (payload as { afterSeq: number }).afterSeq;
      return { missed: [post(3), post(4), post(5)].filter((p) => p.seq > after), seq: 5 };
    });
    await act(async () => server.reconnect());
    await waitFor(() => expect(result.current.posts.map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]));
    const subs = emitted.filter((e) => e.event === 'case:subscribe').map((e) => (e.payload as { afterSeq: number }).afterSeq);
    // the live event 4 does not move the catch-up point past the missing 3
    expect(subs).toEqual([2, 2]);
  });

  it('shows my post at once and replaces it with the stored one from the ack; the broadcast does not double it', async () => {
    let releaseAck!: () => void;
    const ackGate = new Promise<void>((r) => {
      releaseAck = r;
    });
    server.onAck(async (event, payload) => {
      if (event === 'case:subscribe') return { missed: [], seq: 1 };
      if (event === 'post:create') {
        await ackGate; // the server has not answered yet
        const p = payload as { body: string; clientId: string };
        return post(2, { author: me, body: p.body, clientId: p.clientId });
      }
      return {};
    });
    const { result } = setup([post(1)]);
    await waitFor(() => expect(result.current.posts).toHaveLength(1));
    let sending!: Promise<PostDto>;
    act(() => {
      sending = result.current.send({ body: 'Consider a fan and low-dose opioid.' });
    });
    await waitFor(() => expect(result.current.posts.at(-1)).toMatchObject({ pending: true, body: 'Consider a fan and low-dose opioid.' }));
    releaseAck();
    const stored = await act(() => sending);
    act(() => server.push('post:created', stored));
    await waitFor(() => expect(result.current.posts.map((p) => p.id)).toEqual(['p1', 'p2']));
    expect(result.current.posts.some((p) => p.pending)).toBe(false);
    const sent = emitted.find((e) => e.event === 'post:create')!.payload as { clientId: string };
    expect(sent.clientId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('removes a post the PHI gate refused and hands the findings back', async () => {
    server.onAck((event) => {
      if (event === 'case:subscribe') return { missed: [], seq: 0 };
      const { ApiError } = jest.requireActual('../../../lib/api');
      throw new ApiError(0, 'PRIVACY.PHI_DETECTED', 'PHI', { findings: [{ field: 'body', start: 0, end: 4, type: 'NAME' }] });
    });
    const { result } = setup([]);
    await waitFor(() => expect(result.current.query.isSuccess).toBe(true));
    let error: unknown;
    await act(() =>
      result.current.send({ body: 'John is worse' }).catch((e: unknown) => {
        error = e;
      }),
    );
    expect((error as { code: string }).code).toBe('PRIVACY.PHI_DETECTED');
    await waitFor(() => expect(result.current.posts).toEqual([]));
  });

  it('falls back to REST with the same clientId when the socket is down, keeping a failed send for retry', async () => {
    server.onAck(() => ({ missed: [], seq: 0 }));
    const { result, fetchMock } = setup([]);
    await waitFor(() => expect(result.current.query.isSuccess).toBe(true));
    act(() => server.disconnect());
    fetchMock.mockImplementationOnce(async () => fakeResponse(503, { error: { code: 'DB.UNAVAILABLE', message: 'down' } }));
    await act(() => result.current.send({ body: 'Offline thought' }).catch(() => undefined));
    await waitFor(() => expect(result.current.posts[0]).toMatchObject({ pending: true, failed: true }));
    const failed = result.current.posts[0];
    const firstBody = JSON.parse(String((fetchMock.mock.calls.at(-1)![1] as RequestInit).body)) as { clientId: string };
    fetchMock.mockImplementationOnce(async (_u: unknown, init: RequestInit) => {
      const b = JSON.parse(String(init.body)) as { clientId: string; body: string };
      return fakeResponse(201, post(1, { author: me, body: b.body, clientId: b.clientId }));
    });
    await act(async () => {
      await result.current.retry(failed.clientId!);
    });
    const retryBody = JSON.parse(String((fetchMock.mock.calls.at(-1)![1] as RequestInit).body)) as { clientId: string };
    expect(retryBody.clientId).toBe(firstBody.clientId);
    await waitFor(() => expect(result.current.posts.map((p) => [p.id, !!p.pending])).toEqual([['p1', false]]));
  });
});
