import { render, screen } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider } from '../lib/auth';
import { testQueryClient } from '../test/render';
import { ConnectionBanner } from './ConnectionBanner';
import { LiveRegion } from './LiveRegion';

const state = { status: 'connected', databaseDown: false };
jest.mock('../lib/socket', () => ({
  ...jest.requireActual('../test/socket-mock').socketMock,
  useConnection: () => state,
}));

function renderBanner() {
  return render(
    <QueryClientProvider client={testQueryClient()}>
      <AuthProvider>
        <LiveRegion />
        <ConnectionBanner />
      </AuthProvider>
    </QueryClientProvider>,
  );
}

describe('ConnectionBanner', () => {
  it('says nothing while connected, shows a banner while reconnecting and announces the way back', () => {
    const { rerender } = renderBanner();
    expect(screen.queryByText(/Reconnecting/)).toBeNull();
    state.status = 'reconnecting';
    rerender(
      <QueryClientProvider client={testQueryClient()}>
        <AuthProvider>
          <LiveRegion />
          <ConnectionBanner />
        </AuthProvider>
      </QueryClientProvider>,
    );
    expect(screen.getAllByText(/Reconnecting/)[0]).toBeInTheDocument();
  });

  it('warns when the server reports its database down', () => {
    state.status = 'connected';
    state.databaseDown = true;
    renderBanner();
    expect(screen.getByText(/trouble saving/)).toBeInTheDocument();
    state.databaseDown = false;
  });
});
