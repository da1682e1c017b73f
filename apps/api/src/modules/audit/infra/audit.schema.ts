import { Schema, type InferSchemaType, Types } from 'mongoose';

/** Append-only: the service only ever inserts; nothing updates or deletes these. */
export const AuditSchema = new Schema(
  {
    type: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId },
    targetId: { type: String },
    at: { type: Date, required: true },
    /** Metadata only: types, offsets, ids, outcomes; never free text a user wrote. */
    meta: { type: Schema.Types.Mixed },
  },
  { versionKey: false },
);
// the admin audit view: newest first, optionally by type
AuditSchema.index({ type: 1, at: -1 });
AuditSchema.index({ at: -1 });
export type AuditDoc = InferSchemaType<typeof AuditSchema> & { _id: Types.ObjectId };
export const AUDIT = 'AuditRecord';
