import { Schema, type Types } from 'mongoose';

/**
 * The facilitator's correction of one person's attendance after a session: the
 * latest one per session and person counts (each one is also in the audit log). The person's name,
 * profession and role are kept so someone who never joined the room can be credited. The reason
 * passed the PHI gate before it was written here.
 */
export interface AttendanceAdjustmentDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  userId: Types.ObjectId;
  displayName: string;
  profession: string;
  role: string;
  present: boolean;
  minutes: number;
  reason: string;
  byId: Types.ObjectId;
  byName: string;
  at: Date;
}

export const AttendanceAdjustmentSchema = new Schema(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    displayName: { type: String, required: true },
    profession: { type: String, required: true },
    role: { type: String, required: true },
    present: { type: Boolean, required: true },
    minutes: { type: Number, required: true },
    reason: { type: String, required: true },
    byId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
// one per session and person (upsert); the attendance export and certificates read a session's rows
AttendanceAdjustmentSchema.index({ sessionId: 1, userId: 1 }, { unique: true });

export const ATTENDANCE_ADJUSTMENT = 'LiveSessionAttendanceAdjustment';
