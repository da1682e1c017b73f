import { Schema, type Types } from 'mongoose';
import {
  ESCALATION_STATUSES,
  PROFESSIONS,
  URGENCIES,
  type EscalationStatus,
  type EscalationTimelineEntry,
  type Profession,
  type Urgency,
} from '@casebridge/contracts';

const TimelineEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    type: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId },
    /** Metadata only (routing reason, counts): never free text a user wrote. */
    note: { type: String },
    /** What a person wrote with this step (decline reason, transfer note, question for the asker), gated before storage. */
    text: { type: String },
  },
  { _id: false },
);

const AnswerSchema = new Schema(
  {
    restatedQuestion: { type: String, required: true },
    recommendations: { type: String, required: true },
    rationale: { type: String, required: true },
    contingency: { type: String },
    followUp: { type: String },
  },
  { _id: false },
);

/**
 * One escalation of a case question to tertiary faculty. Times come from the injectable Clock (not
 * mongoose timestamps) so tests can move time. `nextCheckAt` is the timer due date the sweeper
 * claims with a lease (`leaseUntil`); `version` guards every state change against a racing one.
 */
export const EscalationSchema = new Schema({
  caseId: { type: Schema.Types.ObjectId, required: true },
  cohortId: { type: Schema.Types.ObjectId, required: true },
  caseTitle: { type: String },
  askerId: { type: Schema.Types.ObjectId, required: true },
  question: { type: String, required: true },
  domains: { type: [Number], required: true },
  professions: { type: [String], enum: PROFESSIONS, default: [] },
  targetProfessions: { type: [String], enum: PROFESSIONS, default: [] },
  urgency: { type: String, enum: URGENCIES, required: true },
  status: { type: String, enum: ESCALATION_STATUSES, required: true },
  assigneeId: { type: Schema.Types.ObjectId },
  /** Faculty it was assigned to before (re-routing skips them). */
  previousAssigneeIds: { type: [Schema.Types.ObjectId], default: [] },
  routingReason: { type: String, required: true },
  createdAt: { type: Date, required: true },
  dueAt: { type: Date, required: true },
  claimDueAt: { type: Date },
  nextOverdueAt: { type: Date },
  nextCheckAt: { type: Date },
  leaseUntil: { type: Date },
  version: { type: Number, default: 0 },
  claimedAt: { type: Date },
  answeredAt: { type: Date },
  answeredBy: { type: Schema.Types.ObjectId },
  /** The answering faculty member's profession, kept for the response-time figures. */
  answererProfession: { type: String, enum: PROFESSIONS },
  answer: { type: AnswerSchema },
  postId: { type: String },
  resolvedAt: { type: Date },
  /** Set while `needs_info`: the response clock is paused from here until the asker answers. */
  pausedAt: { type: Date },
  /** The status to return to when the asker answers (`assigned` or `claimed`). */
  pausedFrom: { type: String, enum: ESCALATION_STATUSES },
  timeline: { type: [TimelineEntrySchema], default: [] },
});
// timer sweep: due escalations (nextCheckAt ≤ now), unset once closed
EscalationSchema.index({ nextCheckAt: 1 });
// faculty queue (assigned to me) and open-load counting per assignee
EscalationSchema.index({ assigneeId: 1, status: 1 });
// claimable offers for a faculty member's profession
EscalationSchema.index({ status: 1, targetProfessions: 1 });
// a learner's own escalations, newest first
EscalationSchema.index({ askerId: 1, createdAt: -1 });
// response-time figures read answered escalations
EscalationSchema.index({ answeredAt: 1 });

/** The stored shape as lean reads return it. */
export interface EscalationDoc {
  _id: Types.ObjectId;
  caseId: Types.ObjectId;
  cohortId: Types.ObjectId;
  caseTitle?: string;
  askerId: Types.ObjectId;
  question: string;
  domains: number[];
  professions: Profession[];
  targetProfessions: Profession[];
  urgency: Urgency;
  status: EscalationStatus;
  assigneeId?: Types.ObjectId | null;
  previousAssigneeIds: Types.ObjectId[];
  routingReason: string;
  createdAt: Date;
  dueAt: Date;
  claimDueAt?: Date | null;
  nextOverdueAt?: Date | null;
  nextCheckAt?: Date | null;
  leaseUntil?: Date | null;
  version: number;
  claimedAt?: Date | null;
  answeredAt?: Date | null;
  answeredBy?: Types.ObjectId | null;
  answererProfession?: Profession | null;
  answer?: { restatedQuestion: string; recommendations: string; rationale: string; contingency?: string; followUp?: string } | null;
  postId?: string | null;
  resolvedAt?: Date | null;
  pausedAt?: Date | null;
  pausedFrom?: EscalationStatus | null;
  timeline: {
    at: Date;
    type: EscalationTimelineEntry['type'];
    actorId?: Types.ObjectId | null;
    note?: string | null;
    text?: string | null;
  }[];
}
export const ESCALATION = 'Escalation';
