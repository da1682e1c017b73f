import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { NotificationDto } from '@casebridge/contracts';
import { NOTIFICATION, type NotificationDoc } from './notification.schema';

/** What a new inbox item carries: the DTO less what the store assigns. */
export type NewNotification = Omit<NotificationDto, 'id' | 'read' | 'createdAt'>;

const oid = (id: string | undefined) => (id && Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : undefined);

@Injectable()
export class NotificationsRepository {
  constructor(@InjectModel(NOTIFICATION) private readonly items: Model<NotificationDoc>) {}

  async insertFor(userIds: string[], n: NewNotification, at: Date): Promise<NotificationDoc[]> {
    const docs = userIds.map((userId) => ({
      _id: new Types.ObjectId(),
      userId: new Types.ObjectId(userId),
      type: n.type,
      title: n.title,
      read: false,
      createdAt: at,
      ...(oid(n.caseId) ? { caseId: oid(n.caseId) } : {}),
      ...(oid(n.escalationId) ? { escalationId: oid(n.escalationId) } : {}),
      ...(oid(n.sessionId) ? { sessionId: oid(n.sessionId) } : {}),
      ...(oid(n.postId) ? { postId: oid(n.postId) } : {}),
    }));
    if (docs.length === 0) return [];
    await this.items.collection.insertMany(docs);
    return docs as unknown as NotificationDoc[];
  }

  list(userId: string, limit: number): Promise<NotificationDoc[]> {
    return this.items.find({ userId: new Types.ObjectId(userId) }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean<NotificationDoc[]>().exec();
  }

  unread(userId: string): Promise<number> {
    return this.items.countDocuments({ userId: new Types.ObjectId(userId), read: false }).exec();
  }

  async markRead(userId: string, ids?: string[]): Promise<void> {
    const filter: Record<string, unknown> = { userId: new Types.ObjectId(userId), read: false };
    if (ids) filter._id = { $in: ids.filter((i) => Types.ObjectId.isValid(i)).map((i) => new Types.ObjectId(i)) };
    await this.items.updateMany(filter, { $set: { read: true } }).exec();
  }

  async removeForPost(postId: string): Promise<number> {
    const res = await this.items.deleteMany({ postId: new Types.ObjectId(postId) }).exec();
    return res.deletedCount ?? 0;
  }
}
