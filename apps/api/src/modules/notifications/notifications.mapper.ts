import type { NotificationDto, NotificationType } from '@casebridge/contracts';
import type { NotificationDoc } from './infra/notification.schema';

export function toNotificationDto(d: NotificationDoc): NotificationDto {
  return {
    id: String(d._id),
    type: d.type as NotificationType,
    title: d.title,
    read: Boolean(d.read),
    createdAt: new Date(d.createdAt).toISOString(),
    ...(d.caseId ? { caseId: String(d.caseId) } : {}),
    ...(d.escalationId ? { escalationId: String(d.escalationId) } : {}),
    ...(d.sessionId ? { sessionId: String(d.sessionId) } : {}),
    ...(d.postId ? { postId: String(d.postId) } : {}),
    ...(d.actorName ? { actorName: d.actorName } : {}),
  };
}
