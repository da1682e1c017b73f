import { Type, type Static } from '@sinclair/typebox';

/** The professions of the programme (docs/domain.md "Who uses it"). */
export const PROFESSIONS = [
  'physician',
  'nurse',
  'aprn',
  'physician_assistant',
  'pharmacist',
  'social_worker',
  'chaplain',
  'psychologist',
  'therapist',
  'counselor',
  'ethicist',
] as const;
export type Profession = (typeof PROFESSIONS)[number];

/** Human labels, also used by the web badges (label + icon + colour, never colour alone). */
export const PROFESSION_LABELS: Record<Profession, string> = {
  physician: 'Physician',
  nurse: 'Nurse',
  aprn: 'APRN',
  physician_assistant: 'Physician Assistant',
  pharmacist: 'Pharmacist',
  social_worker: 'Social Worker',
  chaplain: 'Chaplain',
  psychologist: 'Psychologist',
  therapist: 'Therapist',
  counselor: 'Counselor',
  ethicist: 'Ethicist',
};

export const ROLES = ['learner', 'faculty', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Email = Type.String({ format: 'email', maxLength: 254 });
/**
 * A new password: at least 12 characters (a passphrase of a few words is the easy way there); the
 * api also refuses commonly used passwords (a list shipped with it) and the account's own name or
 * email.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 200 });
export const ObjectIdString = Type.String({ pattern: '^[a-f0-9]{24}$' });
export const ProfessionSchema = Type.Union(PROFESSIONS.map((p) => Type.Literal(p)));
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const NcpDomainSchema = Type.Integer({ minimum: 1, maximum: 8 });

export const LoginRequest = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const RefreshRequest = Type.Object(
  { refreshToken: Type.String({ minLength: 10, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type RefreshRequest = Static<typeof RefreshRequest>;

export const RegisterRequest = Type.Object(
  {
    inviteCode: Type.String({ minLength: 6, maxLength: 100 }),
    email: Email,
    password: Password,
    displayName: Type.String({ minLength: 1, maxLength: 80 }),
    /** Required unless the invitation fixes it (faculty invitations always do); must match it if both are given. */
    profession: Type.Optional(ProfessionSchema),
  },
  { additionalProperties: false },
);
export type RegisterRequest = Static<typeof RegisterRequest>;

export const UpdateMeRequest = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    onDuty: Type.Optional(Type.Boolean()),
    expertiseDomains: Type.Optional(Type.Array(NcpDomainSchema, { maxItems: 8, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type UpdateMeRequest = Static<typeof UpdateMeRequest>;

export const CreateCohortRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 120 }) }, { additionalProperties: false });
export type CreateCohortRequest = Static<typeof CreateCohortRequest>;

export const CreateInvitationRequest = Type.Object(
  {
    role: RoleSchema,
    cohortId: Type.Optional(ObjectIdString),
    email: Type.Optional(Email),
    moderator: Type.Optional(Type.Boolean()),
    /**
     * The invitee's profession, fixed by the invitation: required for faculty (profession decides
     * which escalations of every cohort are routed to them, so the invitee may not choose it).
     */
    profession: Type.Optional(ProfessionSchema),
  },
  { additionalProperties: false },
);
export type CreateInvitationRequest = Static<typeof CreateInvitationRequest>;

export const ChangePasswordRequest = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

/** Admin: deactivate or reactivate an account, change its role, moderator flag or cohorts. */
export const UpdateUserRequest = Type.Object(
  {
    active: Type.Optional(Type.Boolean()),
    role: Type.Optional(RoleSchema),
    moderator: Type.Optional(Type.Boolean()),
    cohortIds: Type.Optional(Type.Array(ObjectIdString, { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

export const ResetPasswordRequest = Type.Object(
  { token: Type.String({ minLength: 20, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);
export type ResetPasswordRequest = Static<typeof ResetPasswordRequest>;

/** A one-time password-reset link for the admin to hand over (no mail server is assumed). */
export interface PasswordResetDto {
  /** Path on this site with the one-time token, e.g. /reset-password?token=… */
  resetPath: string;
  token: string;
  expiresAt: string;
}

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  profession: Profession;
  role: Role;
  moderator: boolean;
  cohortIds: string[];
  onDuty: boolean;
  expertiseDomains: number[];
  /** False when an admin deactivated the account (only admins see other users). */
  active?: boolean;
}

/** How another user appears next to what they wrote. */
export interface AuthorDto {
  id: string | null;
  displayName: string;
  profession: Profession;
  role: Role;
  anonymous?: boolean;
}

export interface AuthResponse {
  accessToken: string;
  refreshToken: string;
  user: UserDto;
}

export interface CohortDto {
  id: string;
  name: string;
  createdAt: string;
}

export interface InvitationDto {
  code: string;
  role: Role;
  profession?: Profession;
  cohortId?: string;
  email?: string;
  expiresAt: string;
}
