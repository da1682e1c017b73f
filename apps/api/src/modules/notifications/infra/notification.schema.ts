import { Schema, type InferSchemaType, Types } from 'mongoose';
import { NOTIFICATION_TYPES } from '@casebridge/contracts';

/**
 * One inbox item. Holds only safe metadata (type, ids, a title built from gated fields such as a
 * case title); never post text, so purging a post never has to rewrite notifications.
 */
export const NotificationSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    type: { type: String, enum: NOTIFICATION_TYPES, required: true },
    title: { type: String, required: true },
    caseId: { type: Schema.Types.ObjectId },
    escalationId: { type: Schema.Types.ObjectId },
    sessionId: { type: Schema.Types.ObjectId },
    postId: { type: Schema.Types.ObjectId },
    /** Who acted: a display name (never set for an anonymous author). */
    actorName: { type: String },
    read: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// the inbox: a user's newest items first
NotificationSchema.index({ userId: 1, createdAt: -1 });
// unread counts and "mark all read"
NotificationSchema.index({ userId: 1, read: 1 });
// purge of a post removes the items pointing at it
NotificationSchema.index({ postId: 1 });
export type NotificationDoc = InferSchemaType<typeof NotificationSchema> & { _id: Types.ObjectId };
export const NOTIFICATION = 'Notification';
