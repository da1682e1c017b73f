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
  read: boolean;
  createdAt: string;
}
