import { Schema, Types } from 'mongoose';
import { CASE_STATUSES, FOLLOW_LEVELS } from '@casebridge/contracts';

export interface FollowUpDoc {
  adviceFollowed: string;
  outcome: string;
  esas?: Record<string, unknown>;
  pps?: number;
  createdAt: Date;
  authorId: Types.ObjectId;
  /** Kept so a follow-up by a since-deleted account still shows a profession. */
  authorProfession?: string;
  authorRole?: string;
}

/** Set while a case is closed; `previousStatus` is what reopening restores. */
export interface ClosureDoc {
  outcome: string;
  note?: string;
  closedAt: Date;
  closedById: Types.ObjectId;
  closedByProfession: string;
  closedByRole: string;
  previousStatus: string;
}

export interface CaseDoc {
  _id: Types.ObjectId;
  cohortId: Types.ObjectId;
  authorId: Types.ObjectId;
  authorProfession: string;
  authorRole: string;
  title: string;
  setting: string;
  patient: { age: number | '90+'; sex: string; state: string };
  illness: string;
  question: { text: string; type: string; domains: number[]; professions?: string[]; urgency: string };
  esas?: Record<string, unknown>;
  /** Highest ESAS-r item (incl. "other"): the `esasHigh` filter is esasMax ≥ 7. */
  esasMax?: number;
  pps?: number;
  medications?: string[];
  narrative?: Record<string, string>;
  anonymous: boolean;
  attestation?: boolean;
  status: string;
  /** Faculty an escalation was routed to: they may read the case (POLICY 'case.read'). */
  facultyIds: Types.ObjectId[];
  /** Professions of everyone who posted (the `responderProfession` filter). */
  responderProfessions: string[];
  postCount: number;
  lastSeq: number;
  followUps: FollowUpDoc[];
  closure?: ClosureDoc;
  createdAt: Date;
  lastActivityAt: Date;
}

export const CaseSchema = new Schema(
  {
    cohortId: { type: Schema.Types.ObjectId, required: true },
    authorId: { type: Schema.Types.ObjectId, required: true },
    authorProfession: { type: String, required: true },
    authorRole: { type: String, required: true },
    title: { type: String, required: true },
    setting: { type: String, required: true },
    patient: { type: Schema.Types.Mixed, required: true },
    illness: { type: String, required: true },
    question: { type: Schema.Types.Mixed, required: true },
    esas: { type: Schema.Types.Mixed },
    esasMax: { type: Number },
    pps: { type: Number },
    medications: { type: [String], default: undefined },
    narrative: { type: Schema.Types.Mixed },
    anonymous: { type: Boolean, default: false },
    attestation: { type: Boolean },
    status: { type: String, enum: CASE_STATUSES, default: 'open' },
    facultyIds: { type: [Schema.Types.ObjectId], default: [] },
    responderProfessions: { type: [String], default: [] },
    postCount: { type: Number, default: 0 },
    lastSeq: { type: Number, default: 0 },
    followUps: { type: [Schema.Types.Mixed], default: [] },
    closure: { type: Schema.Types.Mixed },
    createdAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
// GET /cases for members: their cohorts, newest activity first (cursor on lastActivityAt,_id)
CaseSchema.index({ cohortId: 1, lastActivityAt: -1, _id: -1 });
// GET /cases for admins (all cohorts), same order
CaseSchema.index({ lastActivityAt: -1, _id: -1 });
// faculty reading cases an escalation was routed to
CaseSchema.index({ facultyIds: 1 });
// GET /cases?q= : full-text search over every text field of the case ($text)
CaseSchema.index(
  {
    title: 'text',
    'question.text': 'text',
    medications: 'text',
    'esas.other.name': 'text',
    'narrative.history': 'text',
    'narrative.physical': 'text',
    'narrative.psychological': 'text',
    'narrative.social': 'text',
    'narrative.spiritual': 'text',
    'narrative.cultural': 'text',
    'narrative.goalsOfCare': 'text',
    'narrative.ethicalLegal': 'text',
  },
  { name: 'case_text', weights: { title: 5, 'question.text': 3 } },
);
export const CASE = 'Case';

export interface FollowDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  caseId: Types.ObjectId;
  level: (typeof FOLLOW_LEVELS)[number];
  updatedAt: Date;
}
export const FollowSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    level: { type: String, enum: FOLLOW_LEVELS, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// one level per user and case; GET /cases?followed=true and the caller's followLevel
FollowSchema.index({ userId: 1, caseId: 1 }, { unique: true });
// fan-out of "new post" notifications to a case's followers
FollowSchema.index({ caseId: 1, level: 1 });
export const FOLLOW = 'CaseFollow';

/** How far each reader has read each thread ("n new" in lists, "new since your last visit"). */
export interface ReadMarkDoc {
  _id: Types.ObjectId;
  userId: Types.ObjectId;
  caseId: Types.ObjectId;
  seq: number;
  updatedAt: Date;
}
export const ReadMarkSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    caseId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// one marker per reader and case; PUT /cases/:id/read and the caller's readSeq on GET /cases(/:id)
ReadMarkSchema.index({ userId: 1, caseId: 1 }, { unique: true });
export const READ_MARK = 'CaseReadMark';
