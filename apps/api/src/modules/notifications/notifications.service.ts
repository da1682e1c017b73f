import { Injectable, Logger } from '@nestjs/common';
import type { NotificationDto } from '@casebridge/contracts';
import type { Actor } from '../identity';
import { PrivacyGate } from '../privacy';
import { Publisher } from '../realtime';
import { NotificationsRepository, type NewNotification } from './infra/notifications.repository';
import type { NotificationDoc } from './infra/notification.schema';
import { toNotificationDto } from './notifications.mapper';
import { safeTitle } from './title';

/** An inbox item to create. Its title is safe metadata only ("New post in <case title>"), never text a user wrote. */
export type NotifyInput = NewNotification;

/**
 * The in-app inbox. Other modules (cases, escalations, live sessions) call `notify`; each new item
 * is pushed as `notification:created` to the recipient's `user:{id}` room with their unread count.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly publisher: Publisher,
    private readonly gate: PrivacyGate,
  ) {}

  /**
   * Stores one item per recipient and pushes it live. Never throws: a notification failure must not
   * undo the action that caused it (the post is already stored).
   */
  async notify(userIds: string[], n: NotifyInput): Promise<void> {
    let recipients = [...new Set(userIds.filter((id) => /^[a-f0-9]{24}$/.test(id)))];
    if (recipients.length === 0) return;
    // Defence in depth: titles are built from gated metadata, but a caller could pass something
    // else; a title the gate would flag is replaced, never stored or pushed.
    const title = safeTitle(n.title, (t) => this.gate.scan({ title: t }).length === 0);
    try {
      // One post, one item per person: a recommendation reaches its asker as a
      // follower of the case ("new recommendation") and as the asker of the escalation ("faculty
      // recommendation"); the second, more specific one replaces the first instead of adding one.
      if (n.postId && /^[a-f0-9]{24}$/.test(n.postId) && n.type !== 'privacy' && n.type !== 'session') {
        const already = await this.repo.recipientsWithPost(n.postId, recipients);
        if (already.size) {
          const replaced = await this.repo.replaceForPost(n.postId, [...already], { ...n, title });
          await this.push(replaced);
          recipients = recipients.filter((id) => !already.has(id));
          if (recipients.length === 0) return;
        }
      }
      const docs = await this.repo.insertFor(recipients, { ...n, title }, new Date());
      await this.push(docs);
    } catch (err) {
      this.logger.warn({ type: n.type, err: (err as Error).message }, 'notify failed');
    }
  }

  /** `notification:created` with the recipient's unread count (a replaced item keeps its id: clients upsert). */
  private async push(docs: NotificationDoc[]): Promise<void> {
    await Promise.all(
      docs.map(async (d) => {
        const userId = String(d.userId);
        const unread = await this.repo.unread(userId);
        this.publisher.toUser(userId, 'notification:created', { ...toNotificationDto(d), unread });
      }),
    );
  }

  async inbox(actor: Actor, limit = 50): Promise<{ items: NotificationDto[]; unread: number }> {
    const [docs, unread] = await Promise.all([this.repo.list(actor.id, limit), this.repo.unread(actor.id)]);
    return { items: docs.map(toNotificationDto), unread };
  }

  async markRead(actor: Actor, ids?: string[]): Promise<{ unread: number }> {
    await this.repo.markRead(actor.id, ids);
    return { unread: await this.repo.unread(actor.id) };
  }

  /** Privacy purge: items pointing at a purged post go (they hold no text, but link to it). */
  removeForPost(postId: string): Promise<number> {
    return this.repo.removeForPost(postId);
  }
}
