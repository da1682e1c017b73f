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
    // Unused since sign-in failures are counted per email in LoginThrottle (kept for old documents).
    failedLogins: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    demo: { type: Boolean, default: false },
    /** Set by an admin: sign-in, refresh, every token and every open socket of the account stop. */
    deactivatedAt: { type: Date },
    /** Access tokens issued (iat) before this second are refused: set on deactivation and password changes. */
    tokensValidAfter: { type: Date },
    /** A pending one-time reset link: only the SHA-256 of its token is stored. */
    passwordReset: {
      type: new Schema({ tokenHash: { type: String, required: true }, expiresAt: { type: Date, required: true } }, { _id: false }),
    },
  },
  { timestamps: true },
);
// login by email
UserSchema.index({ email: 1 }, { unique: true });
// cohort member lists, faculty routing pool by profession
UserSchema.index({ cohortIds: 1 });
UserSchema.index({ role: 1, profession: 1 });
export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: Types.ObjectId };

export const CohortSchema = new Schema(
  { name: { type: String, required: true }, createdBy: { type: Schema.Types.ObjectId } },
  { timestamps: true },
);
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
    /** Fixed by the inviter (always for faculty): the invitee cannot choose another. */
    profession: { type: String, enum: PROFESSIONS },
    createdBy: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    usedBy: { type: Schema.Types.ObjectId },
  },
  { timestamps: true },
);
// a reset link is redeemed by the hash of its token
UserSchema.index({ 'passwordReset.tokenHash': 1 }, { sparse: true });

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

/**
 * Failed sign-ins per email: keyed by a digest of the normalised email whether or not an
 * account exists, so unknown emails lock exactly like real ones and no stored email is created for
 * addresses nobody registered. `attempts` is incremented atomically BEFORE the password is checked,
 * so parallel guesses cannot all read the same old count.
 */
export const LoginThrottleSchema = new Schema(
  {
    _id: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    lockedUntil: { type: Date },
    expireAt: { type: Date, required: true },
  },
  { versionKey: false },
);
// forgotten a day after the last attempt (the TTL monitor removes it)
LoginThrottleSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
export interface LoginThrottleDoc {
  _id: string;
  attempts: number;
  lockedUntil?: Date;
  expireAt: Date;
}

export const USER = 'User';
export const LOGIN_THROTTLE = 'LoginThrottle';
export const COHORT = 'Cohort';
export const INVITATION = 'Invitation';
export const REFRESH_TOKEN = 'RefreshToken';
