/**
 * The thread as an ARIA feed that reads top to bottom as part of the page: virtualised against
 * the window (@tanstack/react-virtual) once it is long, so 2,000 posts stay responsive without a fixed-height
 * inner scroll box (which opened scrolled to the end, left an empty box for short threads and
 * made phone readers scroll twice). Page Down / Page Up move between posts (the feed pattern's
 * keys); `jumpTo` lets the page offer "jump to first unread / newest"; a divider marks the
 * first post that is new since the reader's last visit.
 */
import { useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import type { ThreadPost, ThreadRow } from '../hooks/thread';
import { PostItem, type PostActions } from './PostItem';

/** Threads up to this many posts are rendered whole. */
const WHOLE_THREAD_MAX = 60;

export interface ThreadHandle {
  /** Scrolls row `index` into view (at the top, or only as far as needed) and focuses its post. */
  jumpTo: (index: number, align?: 'start' | 'auto') => void;
}

/** Focus a post once its row is rendered (scrolling a virtual list renders it a frame or two later). */
function focusWhenRendered(root: HTMLElement | null, index: number, triesLeft = 20): void {
  const article = root?.querySelector<HTMLElement>(`[data-index="${index}"] article`);
  if (article) {
    article.focus({ preventScroll: true });
    return;
  }
  if (triesLeft > 0) requestAnimationFrame(() => focusWhenRendered(root, index, triesLeft - 1));
}

export function Thread({
  rows,
  byId,
  meId,
  canEndorse,
  canModerate = false,
  actions,
  busy,
  newFromIndex,
  handleRef,
}: {
  rows: ThreadRow[];
  byId: Map<string, ThreadPost>;
  meId: string;
  canEndorse: boolean;
  canModerate?: boolean;
  actions: PostActions;
  busy: boolean;
  /** Row index of the first post that is new since the last visit (a divider goes above it). */
  newFromIndex?: number;
  handleRef?: Ref<ThreadHandle>;
}) {
  const listRef = useRef<HTMLDivElement>(null);
  // where the list starts on the page; content above it (summary, follow-ups) can change height
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    const top = Math.round((listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY);
    if (top !== scrollMargin) setScrollMargin(top);
  });
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => 140,
    // a short thread is rendered whole (in-page find and screen readers' browse mode see every
    // post); only long ones keep just the posts near the screen in the DOM
    overscan: rows.length <= WHOLE_THREAD_MAX ? rows.length : 6,
    scrollMargin,
    getItemKey: (i) => rows[i].post.id,
    // jsdom and the first paint have no layout; assume a viewport so rows still render.
    initialRect: { width: 800, height: 600 },
  });

  const jumpTo = (i: number, align: 'start' | 'auto' = 'start') => {
    if (i < 0 || i >= rows.length) return;
    virtualizer.scrollToIndex(i, { align });
    requestAnimationFrame(() => focusWhenRendered(listRef.current, i));
  };
  useImperativeHandle(handleRef, () => ({ jumpTo }));

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={listRef}
      className="thread-list"
      role="feed"
      aria-label="Discussion"
      aria-busy={busy}
      onKeyDown={(e) => {
        if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
        const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
        if (!row || (e.target as HTMLElement).tagName !== 'ARTICLE') return;
        e.preventDefault();
        jumpTo(Number(row.dataset.index) + (e.key === 'PageDown' ? 1 : -1), 'auto');
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {items.map((v) => {
          const { post, depth, orphanOf } = rows[v.index];
          const parent = post.parentId ? byId.get(post.parentId) : undefined;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                width: '100%',
                transform: `translateY(${v.start - virtualizer.options.scrollMargin}px)`,
              }}
            >
              {v.index === newFromIndex && (
                <p className="new-divider" id="first-unread">
                  <span>New since your last visit</span>
                </p>
              )}
              <PostItem
                post={post}
                depth={depth}
                orphanOf={orphanOf}
                parentName={parent ? (parent.author.anonymous ? 'Anonymous' : parent.author.displayName) : undefined}
                meId={meId}
                canEndorse={canEndorse}
                canModerate={canModerate}
                actions={actions}
                posinset={v.index + 1}
                setsize={rows.length}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
