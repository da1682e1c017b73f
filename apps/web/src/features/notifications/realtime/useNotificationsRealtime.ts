import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { announce } from '../../../lib/announcer';
import { qk } from '../../../lib/query-keys';
import { onEvent, whenConnected } from '../../../lib/socket';
import type { Inbox } from '../api/notifications.api';

/** `notification:created` into the inbox cache; a reconnect refetches what was missed. */
export function useNotificationsRealtime(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let first = true;
    const offConnect = whenConnected(() => {
      if (!first) void qc.invalidateQueries({ queryKey: qk.notifications });
      first = false;
    });
    const off = onEvent('notification:created', ({ unread, ...n }) => {
      qc.setQueryData<Inbox>(qk.notifications, (cur) => (cur ? { items: [n, ...cur.items.filter((x) => x.id !== n.id)], unread } : cur));
      announce(`Notification: ${n.actorName ? `${n.actorName}: ` : ''}${n.title}`);
    });
    return () => {
      off();
      offConnect();
    };
  }, [qc]);
}
