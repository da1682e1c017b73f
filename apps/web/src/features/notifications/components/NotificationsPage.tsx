import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { NotificationDto } from '@casebridge/contracts';
import { qk } from '../../../lib/query-keys';
import { formatRelative } from '../../../lib/time';
import { Button } from '../../../components/ui/controls';
import { Empty, ErrorNote, Loading, PageTitle } from '../../../components/ui/feedback';
import { markRead, type Inbox } from '../api/notifications.api';
import { useInbox } from '../hooks/useUnreadCount';

const TYPE_LABELS: Record<NotificationDto['type'], string> = {
  post: 'Post',
  mention: 'Mention',
  escalation: 'Escalation',
  answer: 'Answer',
  privacy: 'Privacy',
  session: 'Session',
};

function target(n: NotificationDto): string | null {
  // the case page scrolls to and focuses the exact post named in the hash
  if (n.caseId) return `/cases/${n.caseId}${n.postId ? `#post-${n.postId}` : ''}`;
  if (n.sessionId) return `/sessions/${n.sessionId}`;
  if (n.escalationId) return '/escalations';
  return null;
}

export default function NotificationsPage() {
  const qc = useQueryClient();
  const inbox = useInbox();
  const read = useMutation({
    mutationFn: markRead,
    onSuccess: ({ unread }, ids) =>
      qc.setQueryData<Inbox>(qk.notifications, (cur) =>
        cur ? { unread, items: cur.items.map((n) => (!ids || ids.includes(n.id) ? { ...n, read: true } : n)) } : cur,
      ),
  });
  const items = inbox.data?.items ?? [];
  return (
    <>
      <PageTitle actions={(inbox.data?.unread ?? 0) > 0 && <Button onPress={() => read.mutate(undefined)}>Mark all read</Button>}>
        Notifications
      </PageTitle>
      <ErrorNote error={read.error} />
      {inbox.isPending ? (
        <Loading />
      ) : inbox.error ? (
        <ErrorNote error={inbox.error} />
      ) : items.length === 0 ? (
        <Empty>Your inbox is empty.</Empty>
      ) : (
        <ul className="list inbox" aria-label="Notifications">
          {items.map((n) => {
            const to = target(n);
            return (
              <li key={n.id} className={`list-row ${n.read ? '' : 'unread'}`}>
                <span className="tag">{TYPE_LABELS[n.type] ?? n.type}</span>
                {!n.read && (
                  <span className="unread-dot">
                    <span aria-hidden="true">●</span>
                    <span className="visually-hidden">Unread:</span>
                  </span>
                )}
                {n.actorName && <span className="actor-name">{n.actorName}:</span>}
                {to ? (
                  <Link to={to} onClick={() => !n.read && read.mutate([n.id])}>
                    {n.title}
                  </Link>
                ) : (
                  <span>{n.title}</span>
                )}
                <span className="row-meta">{formatRelative(n.createdAt)}</span>
                {!n.read && (
                  <Button variant="quiet" className="btn-small" onPress={() => read.mutate([n.id])} aria-label={`Mark read: ${n.title}`}>
                    Mark read
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
