import { Schema, type InferSchemaType, Types } from 'mongoose';
import { PROFESSIONS, ROLES } from '@casebridge/contracts';

export const UserSchema = new Schema(
  {
    email: { type: String, required: true, lowercase: true, trim: true },
    passwordHash: { type: String, required: true },
    displayName: { type: String, required: true },
    profession: { type: String, enum: PROFESSIONS, required: true },
    role: { type: String, enum: ROLES, required: true },
    moderator: { type: Boolean, default: false },
    cohortIds: { type: [Schema.Types.ObjectId], default: [] },
    onDuty: { type: Boolean, default: true },
    expertiseDomains: { type: [Number], default: undefined },
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
);
// login by email
UserSchema.index({ email: 1 }, { unique: true });
// cohort member lists, faculty routing pool by profession
UserSchema.index({ cohortIds: 1 });
UserSchema.index({ role: 1, profession: 1 });
export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: Types.ObjectId };

export const CohortSchema = new Schema({ name: { type: String, required: true }, createdBy: { type: Schema.Types.ObjectId } }, { timestamps: true });
// the seed looks up its cohort by name
CohortSchema.index({ name: 1 });
export type CohortDoc = InferSchemaType<typeof CohortSchema> & { _id: Types.ObjectId; createdAt: Date };

export const InvitationSchema = new Schema(
  {
    code: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    moderator: { type: Boolean, default: false },
    cohortId: { type: Schema.Types.ObjectId },
    email: { type: String, lowercase: true },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    usedBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
// registration redeems by code
InvitationSchema.index({ code: 1 }, { unique: true });
export type InvitationDoc = InferSchemaType<typeof InvitationSchema> & { _id: Types.ObjectId };

export const RefreshTokenSchema = new Schema({
  jti: { type: String, required: true },
  family: { type: String, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  expiresAt: { type: Date, required: true },
  usedAt: { type: Date },
  revokedAt: { type: Date },
});
// rotation looks up by token id; reuse detection revokes by family
RefreshTokenSchema.index({ jti: 1 }, { unique: true });
RefreshTokenSchema.index({ family: 1 });
// expired tokens are removed by the TTL monitor
RefreshTokenSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
export type RefreshTokenDoc = InferSchemaType<typeof RefreshTokenSchema> & { _id: Types.ObjectId };

export const USER = 'User';
export const COHORT = 'Cohort';
export const INVITATION = 'Invitation';
export const REFRESH_TOKEN = 'RefreshToken';
