/**
 * The thread as an ARIA feed, virtualised (@tanstack/react-virtual) so 2,000 posts stay
 * responsive: only the rows on screen are in the DOM. Page Down / Page Up move between
 * posts (the feed pattern's keys), and the view follows new posts when the reader is at
 * the bottom.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ThreadPost, ThreadRow } from '../hooks/thread';
import { PostItem, type PostActions } from './PostItem';

export function Thread({ rows, byId, meId, canEndorse, actions, busy }: {
  rows: ThreadRow[];
  byId: Map<string, ThreadPost>;
  meId: string;
  canEndorse: boolean;
  actions: PostActions;
  busy: boolean;
}) {
  const parentRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => 140,
    overscan: 6,
    getItemKey: (i) => rows[i].post.id,
    // jsdom and the first paint have no layout; assume a viewport so rows still render.
    initialRect: { width: 800, height: 600 },
  });

  // Follow the conversation only when the reader is already at its end.
  useLayoutEffect(() => {
    if (atBottom.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, virtualizer]);

  useEffect(() => {
    const el = parentRef.current;
    if (!el) return;
    const onScroll = () => {
      atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);

  const focusIndex = (i: number) => {
    if (i < 0 || i >= rows.length) return;
    virtualizer.scrollToIndex(i, { align: 'auto' });
    requestAnimationFrame(() => parentRef.current?.querySelector<HTMLElement>(`[data-index="${i}"] article`)?.focus());
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={parentRef}
      className="thread-scroll"
      role="feed"
      aria-label="Discussion"
      aria-busy={busy}
      onKeyDown={(e) => {
        if (e.key !== 'PageDown' && e.key !== 'PageUp') return;
        const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
        if (!row || (e.target as HTMLElement).tagName !== 'ARTICLE') return;
        e.preventDefault();
        focusIndex(Number(row.dataset.index) + (e.key === 'PageDown' ? 1 : -1));
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
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${v.start}px)` }}
            >
              <PostItem
                post={post}
                depth={depth}
                orphanOf={orphanOf}
                parentName={parent ? (parent.author.anonymous ? 'Anonymous' : parent.author.displayName) : undefined}
                meId={meId}
                canEndorse={canEndorse}
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
