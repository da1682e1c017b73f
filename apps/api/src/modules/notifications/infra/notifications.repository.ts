import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import type { NotificationDto, NotificationType } from '@casebridge/contracts';
import { NOTIFICATION, type NotificationDoc } from './notification.schema';
import { newId, oid, oidOrUndefined, oids } from '../../../infra/persistence';

/** What a new inbox item carries: the DTO less what the store assigns. */
export type NewNotification = Omit<NotificationDto, 'id' | 'read' | 'createdAt'>;

/** Thread activity about a post (one item per person per post); privacy notices about a post stay separate. */
const ACTIVITY: NotificationType[] = ['post', 'mention', 'answer', 'escalation'];

@Injectable()
export class NotificationsRepository {
  constructor(@InjectModel(NOTIFICATION) private readonly items: Model<NotificationDoc>) {}

  async insertFor(userIds: string[], n: NewNotification, at: Date): Promise<NotificationDoc[]> {
    // what every recipient's item shares is built once, not once per recipient
    const caseId = oidOrUndefined(n.caseId);
    const escalationId = oidOrUndefined(n.escalationId);
    const sessionId = oidOrUndefined(n.sessionId);
    const postId = oidOrUndefined(n.postId);
    const shared = {
      type: n.type,
      title: n.title,
      read: false,
      createdAt: at,
      ...(caseId ? { caseId } : {}),
      ...(escalationId ? { escalationId } : {}),
      ...(sessionId ? { sessionId } : {}),
      ...(postId ? { postId } : {}),
      ...(n.actorName ? { actorName: n.actorName } : {}),
    };
    const docs = userIds.map((userId) => ({ _id: newId(), userId: oid(userId), ...shared }));
    if (docs.length === 0) return [];
    await this.items.collection.insertMany(docs);
    return docs as unknown as NotificationDoc[];
  }

  list(userId: string, limit: number): Promise<NotificationDoc[]> {
    return this.items
      .find({ userId: oid(userId) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<NotificationDoc[]>()
      .exec();
  }

  unread(userId: string): Promise<number> {
    return this.items.countDocuments({ userId: oid(userId), read: false }).exec();
  }

  async markRead(userId: string, ids?: string[]): Promise<void> {
    const filter: Record<string, unknown> = { userId: oid(userId), read: false };
    if (ids) filter._id = { $in: oids(ids) };
    await this.items.updateMany(filter, { $set: { read: true } }).exec();
  }

  /** Recipients among `userIds` who already have an item about this post (one post → one item each). */
  async recipientsWithPost(postId: string, userIds: string[]): Promise<Set<string>> {
    const docs = await this.items
      .find({ postId: oid(postId), type: { $in: ACTIVITY }, userId: { $in: oids(userIds) } }, { userId: 1 })
      .lean<{ userId: Types.ObjectId }[]>()
      .exec();
    return new Set(docs.map((d) => String(d.userId)));
  }

  /** Rewrites those recipients' item about this post into `n` (unread again); returns the updated items. */
  async replaceForPost(postId: string, userIds: string[], n: NewNotification): Promise<NotificationDoc[]> {
    const filter = { postId: oid(postId), type: { $in: ACTIVITY }, userId: { $in: oids(userIds) } };
    const set: Record<string, unknown> = { type: n.type, title: n.title, read: false };
    const escalationId = oidOrUndefined(n.escalationId);
    if (escalationId) set.escalationId = escalationId;
    if (n.actorName) set.actorName = n.actorName;
    await this.items.updateMany(filter, { $set: set }).exec();
    return this.items.find(filter).lean<NotificationDoc[]>().exec();
  }

  async removeForPost(postId: string): Promise<number> {
    const res = await this.items.deleteMany({ postId: oid(postId) }).exec();
    return res.deletedCount ?? 0;
  }
}
