import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { onEvent } from '../../../lib/socket';
import { fetchReviewCount } from '../api/privacy.api';

/** Under qk.reviews, so deciding an item in the queue refreshes the badge too. */
export const reviewCountKey = [...qk.reviews, 'count'] as const;

/**
 * The moderator's "Privacy review" badge: open items in the cohorts they
 * moderate. Refreshed when a privacy notification arrives (a new report or held item), on focus,
 * and every minute as a backstop.
 */
export function useReviewCount(enabled: boolean): number {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: reviewCountKey, queryFn: ({ signal }) => fetchReviewCount(signal), enabled, refetchInterval: 60_000 });
  useEffect(() => {
    if (!enabled) return;
    return onEvent('notification:created', (n) => {
      if (n.type === 'privacy') void qc.invalidateQueries({ queryKey: reviewCountKey });
    });
  }, [enabled, qc]);
  return enabled ? (q.data?.pending ?? 0) : 0;
}
