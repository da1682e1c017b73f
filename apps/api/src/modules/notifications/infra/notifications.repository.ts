import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { NotificationDto, NotificationType } from '@casebridge/contracts';
import { NOTIFICATION, type NotificationDoc } from './notification.schema';

/** What a new inbox item carries: the DTO less what the store assigns. */
export type NewNotification = Omit<NotificationDto, 'id' | 'read' | 'createdAt'>;

/** Thread activity about a post (one item per person per post); privacy notices about a post stay separate. */
const ACTIVITY: NotificationType[] = ['post', 'mention', 'answer', 'escalation'];

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
      ...(n.actorName ? { actorName: n.actorName } : {}),
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

  /** Recipients among `userIds` who already have an item about this post (one post → one item each). */
  async recipientsWithPost(postId: string, userIds: string[]): Promise<Set<string>> {
    const docs = await this.items
      .find({ postId: new Types.ObjectId(postId), type: { $in: ACTIVITY }, userId: { $in: userIds.map((u) => new Types.ObjectId(u)) } }, { userId: 1 })
      .lean<{ userId: Types.ObjectId }[]>()
      .exec();
    return new Set(docs.map((d) => String(d.userId)));
  }

  /** Rewrites those recipients' item about this post into `n` (unread again); returns the updated items. */
  async replaceForPost(postId: string, userIds: string[], n: NewNotification): Promise<NotificationDoc[]> {
    const filter = { postId: new Types.ObjectId(postId), type: { $in: ACTIVITY }, userId: { $in: userIds.map((u) => new Types.ObjectId(u)) } };
    const set: Record<string, unknown> = { type: n.type, title: n.title, read: false };
    if (oid(n.escalationId)) set.escalationId = oid(n.escalationId);
    if (n.actorName) set.actorName = n.actorName;
    await this.items.updateMany(filter, { $set: set }).exec();
    return this.items.find(filter).lean<NotificationDoc[]>().exec();
  }

  async removeForPost(postId: string): Promise<number> {
    const res = await this.items.deleteMany({ postId: new Types.ObjectId(postId) }).exec();
    return res.deletedCount ?? 0;
  }
}
