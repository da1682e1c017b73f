import { useQuery } from '@tanstack/react-query';
import { qk } from '../../../lib/query-keys';
import { fetchInbox } from '../api/notifications.api';

export function useInbox() {
  return useQuery({ queryKey: qk.notifications, queryFn: ({ signal }) => fetchInbox(signal) });
}

export function useUnreadCount(): number {
  return useInbox().data?.unread ?? 0;
}
