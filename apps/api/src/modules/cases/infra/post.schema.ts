import { Schema, Types } from 'mongoose';
import { POST_KINDS } from '@casebridge/contracts';

export interface PostDoc {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  cohortId: Types.ObjectId;
  /** Per-case, 1-based, gap-free (see posts.repository insertNext). */
  seq: number;
  authorId: Types.ObjectId;
  /** Snapshot for analytics ("posts by profession") and the responder filter. */
  authorProfession: string;
  authorRole: string;
  clientId?: string;
  parentId?: Types.ObjectId;
  body: string;
  kind: (typeof POST_KINDS)[number];
  anonymous: boolean;
  mentions: Types.ObjectId[];
  recommendation?: Record<string, string>;
  /** Earlier bodies, oldest first; emptied when a privacy report is resolved (purge). */
  history: { body: string; editedAt: Date }[];
  editedAt?: Date;
  endorsedBy: Types.ObjectId[];
  deleted?: boolean;
  deletedAt?: Date;
  deletedBy?: Types.ObjectId;
  /** Reported as PHI: hidden from everyone but moderators until resolved. */
  hidden?: boolean;
  hiddenAt?: Date;
  redactedAt?: Date;
  purgedAt?: Date;
  createdAt: Date;
}

export const PostSchema = new Schema(
  {
    caseId: { type: Schema.Types.ObjectId, required: true },
    cohortId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    authorProfession: { type: String, required: true },
    authorRole: { type: String, required: true },
    clientId: { type: String },
    parentId: { type: Schema.Types.ObjectId },
    body: { type: String, default: '' },
    kind: { type: String, enum: POST_KINDS, required: true },
    anonymous: { type: Boolean, default: false },
    mentions: { type: [Schema.Types.ObjectId], default: [] },
    recommendation: { type: Schema.Types.Mixed },
    history: { type: [{ _id: false, body: String, editedAt: Date }], default: [] },
    editedAt: { type: Date },
    endorsedBy: { type: [Schema.Types.ObjectId], default: [] },
    deleted: { type: Boolean },
    deletedAt: { type: Date },
    deletedBy: { type: Schema.Types.ObjectId },
    hidden: { type: Boolean },
    hiddenAt: { type: Date },
    redactedAt: { type: Date },
    purgedAt: { type: Date },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// the thread in order, catch-up after a seq (GET posts?afterSeq=, case:subscribe); unique = no two posts share a seq
PostSchema.index({ caseId: 1, seq: 1 }, { unique: true });
// idempotent creation: one post per author and clientId
PostSchema.index({ authorId: 1, clientId: 1 }, { unique: true, partialFilterExpression: { clientId: { $type: 'string' } } });
// GET /cases?q= also finds cases by the text of their posts ($text)
PostSchema.index({ body: 'text' }, { name: 'post_text' });
export const POST = 'Post';
