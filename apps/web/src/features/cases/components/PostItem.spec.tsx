import { render, screen } from '@testing-library/react';
import type { ThreadPost } from '../hooks/thread';
import { PostItem } from './PostItem';

const actions = { onReply: jest.fn(), onEndorse: jest.fn(), onReport: jest.fn(), onRetry: jest.fn(), onDiscard: jest.fn() };
const base: ThreadPost = {
  id: 'p1',
  caseId: 'c1',
  seq: 1,
  body: 'Met the son at the clinic.',
  kind: 'post',
  createdAt: new Date(2025, 0, 1).toISOString(),
  author: { id: 'u1', displayName: 'Ann Lee', profession: 'nurse', role: 'learner' },
};

describe('PostItem after moderation', () => {
  it('marks a redacted post "[redacted by a moderator]", and not otherwise', () => {
    const { rerender } = render(<PostItem post={base} depth={0} meId="me" canEndorse={false} actions={actions} posinset={1} setsize={1} />);
    expect(screen.queryByText('[redacted by a moderator]')).toBeNull();
    rerender(
      <PostItem
        post={{ ...base, moderatorEdited: true }}
        depth={0}
        meId="me"
        canEndorse={false}
        actions={actions}
        posinset={1}
        setsize={1}
      />,
    );
    expect(screen.getByText('[redacted by a moderator]')).toBeInTheDocument();
  });
});
