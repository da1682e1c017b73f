import { render, screen } from '@testing-library/react';
import type { PostDto, Profession } from '@casebridge/contracts';
import { threadRows, type ThreadPost } from '../hooks/thread';
import { Thread } from './Thread';

const professions: Profession[] = ['nurse', 'chaplain', 'physician', 'social_worker'];
const posts: ThreadPost[] = Array.from({ length: 2000 }, (_, i): PostDto => ({
  id: `p${i + 1}`,
  caseId: 'c1',
  seq: i + 1,
  body: `Message ${i + 1}`,
  kind: i === 5 ? 'recommendation' : 'post',
  createdAt: new Date(2025, 0, 1).toISOString(),
  author: { id: `u${i % 4}`, displayName: `Person ${i % 4}`, profession: professions[i % 4], role: i % 4 === 2 ? 'faculty' : 'learner' },
}));
const actions = { onReply: jest.fn(), onEndorse: jest.fn(), onReport: jest.fn(), onRetry: jest.fn(), onDiscard: jest.fn() };

// jsdom has no layout: a 600 px viewport and posts 120 px tall, as a browser would measure.
beforeEach(() => {
  jest
    .spyOn(Element.prototype, 'getBoundingClientRect')
    .mockReturnValue({ width: 800, height: 120, top: 0, left: 0, right: 800, bottom: 120, x: 0, y: 0, toJSON: () => ({}) });
  jest.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(120);
  jest.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600);
  jest.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(800);
});
afterEach(() => jest.restoreAllMocks());

describe('Thread', () => {
  it('renders a 2,000-post thread as a feed with only a window of posts in the DOM', () => {
    const t0 = performance.now();
    render(
      <Thread
        rows={threadRows(posts)}
        byId={new Map(posts.map((p) => [p.id, p]))}
        meId="me"
        canEndorse={false}
        actions={actions}
        busy={false}
      />,
    );
    const elapsed = performance.now() - t0;
    const feed = screen.getByRole('feed', { name: 'Discussion' });
    const articles = feed.querySelectorAll('article');
    expect(articles.length).toBeGreaterThan(0);
    expect(articles.length).toBeLessThan(40);
    expect(articles[0]).toHaveAttribute('aria-setsize', '2000');
    // every rendered post names its author's profession in words
    for (const a of articles) expect(a.querySelector('.profession-badge')?.textContent).toMatch(/Nurse|Chaplain|Physician|Social Worker/);
    expect(elapsed).toBeLessThan(2000);
  });

  it('renders a short thread whole, so find-in-page and browse mode see every post', () => {
    const some = posts.slice(0, 30);
    render(
      <Thread
        rows={threadRows(some)}
        byId={new Map(some.map((p) => [p.id, p]))}
        meId="me"
        canEndorse={false}
        actions={actions}
        busy={false}
      />,
    );
    expect(screen.getByRole('feed', { name: 'Discussion' }).querySelectorAll('article')).toHaveLength(30);
  });

  it('marks the first post new since the last visit with a divider', () => {
    const some = posts.slice(0, 5);
    render(
      <Thread
        rows={threadRows(some)}
        byId={new Map(some.map((p) => [p.id, p]))}
        meId="me"
        canEndorse={false}
        actions={actions}
        busy={false}
        newFromIndex={3}
      />,
    );
    const divider = screen.getByText('New since your last visit');
    expect(divider.closest('[data-index]')).toHaveAttribute('data-index', '3');
  });

  it('offers endorse only to faculty and never on their own posts', () => {
    const few = posts.slice(0, 3);
    const { unmount } = render(
      <Thread rows={threadRows(few)} byId={new Map(few.map((p) => [p.id, p]))} meId="u1" canEndorse actions={actions} busy={false} />,
    );
    const endorse = screen.getAllByRole('button', { name: 'Endorse' });
    expect(endorse).toHaveLength(2); // p2 is by u1 (me)
    unmount();
    render(
      <Thread
        rows={threadRows(few)}
        byId={new Map(few.map((p) => [p.id, p]))}
        meId="u9"
        canEndorse={false}
        actions={actions}
        busy={false}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Endorse' })).toBeNull();
  });
});
