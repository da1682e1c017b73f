import { Schema, type Types } from 'mongoose';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '@casebridge/contracts';

/**
 * A learner's case submitted for a session: one row per session and case.
 * Resubmitting a returned case moves the same row back to review. The return note passed the PHI
 * gate before it was written here.
 */
export interface SessionSubmissionDoc {
  _id: Types.ObjectId;
  sessionId: Types.ObjectId;
  cohortId: Types.ObjectId;
  caseId: Types.ObjectId;
  authorId: Types.ObjectId;
  status: SubmissionStatus;
  note?: string;
  reviewerId?: Types.ObjectId;
  submittedAt: Date;
  reviewedAt?: Date;
}

export const SessionSubmissionSchema = new Schema(
  {
    sessionId: { type: Schema.Types.ObjectId, required: true },
    cohortId: { type: Schema.Types.ObjectId, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: SUBMISSION_STATUSES, required: true },
    note: { type: String },
    reviewerId: { type: Schema.Types.ObjectId },
    submittedAt: { type: Date, required: true },
    reviewedAt: { type: Date },
  },
  { versionKey: false },
);
// one submission per case and session (a resubmission updates it); a session's agenda (status scheduled)
SessionSubmissionSchema.index({ sessionId: 1, caseId: 1 }, { unique: true });
// "my submissions", newest first
SessionSubmissionSchema.index({ authorId: 1, submittedAt: -1 });
// the review list of a facilitator's sessions (by session, in review first)
SessionSubmissionSchema.index({ sessionId: 1, status: 1 });

export const SESSION_SUBMISSION = 'LiveSessionSubmission';
