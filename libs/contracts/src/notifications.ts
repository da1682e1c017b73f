export const NOTIFICATION_TYPES = ['post', 'mention', 'escalation', 'answer', 'privacy', 'session'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface NotificationDto {
  id: string;
  type: NotificationType;
  title: string;
  caseId?: string;
  escalationId?: string;
  sessionId?: string;
  postId?: string;
  /** Who acted (a display name), when that person is not anonymous to the recipient; absent for system events. */
  actorName?: string;
  read: boolean;
  createdAt: string;
}
