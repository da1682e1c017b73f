import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PrivacyReviewDto, UserDto } from '@casebridge/contracts';
import { renderSignedIn, stubFetch } from '../../../test/render';
import ReviewQueuePage from './ReviewQueuePage';

jest.mock('../../../lib/socket', () => jest.requireActual('../../../test/socket-mock').socketMock);

const moderator = {
  id: 'm'.repeat(24),
  email: 'm@example.org',
  displayName: 'Mo Derator',
  profession: 'physician',
  role: 'faculty',
  moderator: true,
  cohortIds: ['c'.repeat(24)],
} as unknown as UserDto;

const report: PrivacyReviewDto = {
  id: 'r1',
  kind: 'report',
  target: 'post',
  status: 'pending',
  authorId: 'a'.repeat(24),
  cohortId: 'c'.repeat(24),
  caseId: 'k'.repeat(24),
  postId: 'p'.repeat(24),
  findings: [],
  createdAt: new Date().toISOString(),
  body: 'Met the son at the clinic.',
  reason: 'May name the son',
  selection: { start: 8, end: 11 },
  reportCount: 2,
};
const ownOverride: PrivacyReviewDto = {
  id: 'r2',
  kind: 'override',
  target: 'post',
  status: 'pending',
  authorId: moderator.id,
  cohortId: 'c'.repeat(24),
  caseId: 'k'.repeat(24),
  findings: [{ field: 'body', start: 0, end: 4, type: 'NAME' }],
  createdAt: new Date().toISOString(),
  body: 'Hope protocol.',
};

describe('privacy review page', () => {
  it('restores a false report through the report endpoint, and shows the reason and the selection', async () => {
    const calls: string[] = [];
    stubFetch((url, init) => {
      if (init.method === 'POST') calls.push(url);
      if (url === '/api/privacy/reviews') return { body: calls.length ? [] : [report] };
      if (url === `/api/privacy/reports/${report.postId}/restore`) return { body: { id: report.postId } };
      return undefined;
    });
    renderSignedIn(<ReviewQueuePage />, { user: moderator });
    expect(await screen.findByText('Reason given: May name the son')).toBeInTheDocument();
    expect(screen.getByLabelText("the reporter's selection")).toHaveTextContent('son');
    expect(screen.getByText('Reported by 2 people.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'No identifier: restore' }));
    await waitFor(() => expect(calls).toEqual([`/api/privacy/reports/${report.postId}/restore`]));
  });

  it('does not offer to approve one’s own held item', async () => {
    stubFetch((url) => (url === '/api/privacy/reviews' ? { body: [ownOverride] } : undefined));
    renderSignedIn(<ReviewQueuePage />, { user: moderator });
    expect(await screen.findByRole('button', { name: 'Approve and publish' })).toBeDisabled();
    expect(screen.getByText(/another moderator must approve it/)).toBeInTheDocument();
  });

  it('tells the moderator when a purge is not yet off the disk', async () => {
    let decided = false;
    stubFetch((url, init) => {
      if (url === '/api/privacy/reviews') return { body: decided ? [] : [report] };
      if (init.method === 'POST' && url.endsWith('/delete')) {
        decided = true;
        return { body: { id: report.postId, deleted: true, body: '', storage: 'retrying' } };
      }
      return undefined;
    });
    renderSignedIn(<ReviewQueuePage />, { user: moderator });
    await userEvent.click(await screen.findByRole('button', { name: 'Delete post' }));
    expect(await screen.findByText(/may still be on disk/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete post' })).toBeNull());
    expect(screen.getByText(/may still be on disk/)).toBeInTheDocument();
  });
});

describe('privacy review page: reports of other stored texts', () => {
  it('keeps, rewrites or removes a reported chat message through the text-report endpoints', async () => {
    const item: PrivacyReviewDto = {
      id: 'r9',
      kind: 'report',
      target: 'sessionMessage',
      status: 'pending',
      authorId: 'a'.repeat(24),
      cohortId: 'c'.repeat(24),
      itemId: 'e'.repeat(24),
      field: 'body',
      findings: [],
      createdAt: new Date().toISOString(),
      body: 'Her son is at the door.',
      reportCount: 1,
    };
    const calls: string[] = [];
    stubFetch((url, init) => {
      if (init.method === 'POST') calls.push(url);
      if (url === '/api/privacy/reviews') return { body: calls.length ? [] : [item] };
      if (url === '/api/privacy/text-reports/r9/purge') return { body: { ...item, status: 'deleted', storage: 'compacted' } };
      return undefined;
    });
    renderSignedIn(<ReviewQueuePage />, { user: moderator });
    expect(await screen.findByRole('heading', { name: /Reported live-session chat message/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'No identifier: keep it' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove text' }));
    await waitFor(() => expect(calls).toEqual(['/api/privacy/text-reports/r9/purge']));
  });
});
