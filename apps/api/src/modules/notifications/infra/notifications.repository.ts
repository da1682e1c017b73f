import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { NotificationDto } from '@casebridge/contracts';
import { NOTIFICATION, type NotificationDoc } from './notification.schema';
import { newId, oid, oidOrUndefined, oids } from '../../../infra/persistence';

/** What a new inbox item carries: the DTO less what the store assigns. */
export type NewNotification = Omit<NotificationDto, 'id' | 'read' | 'createdAt'>;

@Injectable()
export class NotificationsRepository {
  constructor(@InjectModel(NOTIFICATION) private readonly items: Model<NotificationDoc>) {}

  async insertFor(userIds: string[], n: NewNotification, at: Date): Promise<NotificationDoc[]> {
    const docs = userIds.map((userId) => ({
      _id: newId(),
      userId: oid(userId),
      type: n.type,
      title: n.title,
      read: false,
      createdAt: at,
      ...(oidOrUndefined(n.caseId) ? { caseId: oidOrUndefined(n.caseId) } : {}),
      ...(oidOrUndefined(n.escalationId) ? { escalationId: oidOrUndefined(n.escalationId) } : {}),
      ...(oidOrUndefined(n.sessionId) ? { sessionId: oidOrUndefined(n.sessionId) } : {}),
      ...(oidOrUndefined(n.postId) ? { postId: oidOrUndefined(n.postId) } : {}),
    }));
    if (docs.length === 0) return [];
    await this.items.collection.insertMany(docs);
    return docs as unknown as NotificationDoc[];
  }

  list(userId: string, limit: number): Promise<NotificationDoc[]> {
    return this.items.find({ userId: oid(userId) }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<NotificationDoc[]>().exec();
  }

  unread(userId: string): Promise<number> {
    return this.items.countDocuments({ userId: oid(userId), read: false }).exec();
  }

  async markRead(userId: string, ids?: string[]): Promise<void> {
    const filter: Record<string, unknown> = { userId: oid(userId), read: false };
    if (ids) filter._id = { $in: oids(ids) };
    await this.items.updateMany(filter, { $set: { read: true } }).exec();
  }

  async removeForPost(postId: string): Promise<number> {
    const res = await this.items.deleteMany({ postId: oid(postId) }).exec();
    return res.deletedCount ?? 0;
  }
}
