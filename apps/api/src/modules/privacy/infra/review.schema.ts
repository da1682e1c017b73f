import { Schema, Types } from 'mongoose';
import { REVIEW_STATUSES, TEXT_TARGETS, type TextTarget } from '@casebridge/contracts';

export interface ReviewDoc {
  _id: Types.ObjectId;
  kind: 'override' | 'report';
  target: 'post' | TextTarget;
  status: (typeof REVIEW_STATUSES)[number] | 'approving';
  authorId: Types.ObjectId;
  reporterId?: Types.ObjectId;
  cohortId: Types.ObjectId;
  caseId?: Types.ObjectId;
  postId?: Types.ObjectId;
  /** Types and offsets only. */
  findings: { field: string; start: number; end: number; type: string }[];
  confirmations?: { field: string; start: number; end: number; reason: string }[];
  /** The held case or post (overrides only) until a moderator decides; removed on decision. */
  payload?: unknown;
  createdAt: Date;
  decidedAt?: Date;
  decidedBy?: Types.ObjectId;
  resultId?: Types.ObjectId;
  /** Reports: the first reporter's reason (gated) and selection in the post body; how many reported. */
  reason?: string;
  selection?: { start: number; end: number };
  reportCount?: number;
  /** Reports of other stored texts: which item and field. */
  itemId?: string;
  field?: string;
}

export const ReviewSchema = new Schema(
  {
    kind: { type: String, enum: ['override', 'report'], required: true },
    target: { type: String, enum: ['post', ...TEXT_TARGETS], required: true },
    status: { type: String, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    reporterId: { type: Schema.Types.ObjectId },
    cohortId: { type: Schema.Types.ObjectId, required: true },
    caseId: { type: Schema.Types.ObjectId },
    postId: { type: Schema.Types.ObjectId },
    findings: { type: [Schema.Types.Mixed], default: [] },
    confirmations: { type: [Schema.Types.Mixed], default: undefined },
    payload: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    decidedAt: { type: Date },
    decidedBy: { type: Schema.Types.ObjectId },
    resultId: { type: Schema.Types.ObjectId },
    reason: { type: String },
    selection: { type: Schema.Types.Mixed },
    reportCount: { type: Number },
    itemId: { type: String },
    field: { type: String },
  },
  { versionKey: false },
);
// the queue: pending items, oldest first (admins: every cohort)
ReviewSchema.index({ status: 1, createdAt: 1 });
// a moderator's queue: the cohorts they belong to
ReviewSchema.index({ cohortId: 1, status: 1, createdAt: 1 });
// one open report per post; resolving a report closes all of them
ReviewSchema.index({ postId: 1, kind: 1, status: 1 });
// one open report per stored text (target, item, field)
ReviewSchema.index({ itemId: 1, target: 1, field: 1, status: 1 });
export const REVIEW = 'PrivacyReview';
