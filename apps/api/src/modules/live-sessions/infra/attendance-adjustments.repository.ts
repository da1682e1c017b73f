import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ATTENDANCE_ADJUSTMENT, type AttendanceAdjustmentDoc } from './attendance-adjustment.schema';
import { oid } from '../../../infra/persistence';

export type NewAdjustment = Omit<AttendanceAdjustmentDoc, '_id' | 'sessionId' | 'userId' | 'byId'> & {
  sessionId: string;
  userId: string;
  byId: string;
};

/** Attendance adjustments: the latest per session and person. */
@Injectable()
export class AttendanceAdjustmentsRepository {
  constructor(@InjectModel(ATTENDANCE_ADJUSTMENT) private readonly rows: Model<AttendanceAdjustmentDoc>) {}

  async save(a: NewAdjustment): Promise<void> {
    const { sessionId, userId, byId, ...rest } = a;
    await this.rows.collection.updateOne(
      { sessionId: oid(sessionId), userId: oid(userId) },
      { $set: { ...rest, byId: oid(byId) } },
      { upsert: true },
    );
  }

  forSession(sessionId: string): Promise<AttendanceAdjustmentDoc[]> {
    return this.rows.collection
      .find({ sessionId: oid(sessionId) })
      .limit(5000)
      .toArray() as Promise<AttendanceAdjustmentDoc[]>;
  }
}
