import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import {
  ErrorCodes, type AuthResponse, type CohortDto, type CreateInvitationRequest, type InvitationDto, type LoginRequest,
  type RegisterRequest, type UpdateMeRequest, type UserDto, type AuthorDto, type Profession,
} from '@casebridge/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AppError } from '../../common/app-error';
import { AuditService } from '../audit';
// the gate itself, not the privacy module's index (which imports identity back)
import { PrivacyGate } from '../privacy/privacy.gate';
import { AccessService } from './access.service';
import type { Actor } from './actor';
import { INVITATION, type InvitationDoc, type UserDoc } from './infra/identity.schemas';
import { UsersRepository } from './infra/users.repository';
import { toActor, toCohortDto, toInvitationDto, toUserDto } from './identity.mapper';
import { TokensService } from './tokens.service';

/** OWASP password storage cheat sheet: argon2id, m=19 MiB, t=2, p=1. */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const LOCK_AFTER_FAILURES = 5;

@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');
  /** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly tokens: TokensService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly gate: PrivacyGate,
    @InjectModel(INVITATION) private readonly invitations: Model<InvitationDoc>,
  ) {}

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, ARGON2);
  }

  async actorFromToken(token: string): Promise<{ actor: Actor; exp: number }> {
    const claims = this.tokens.verifyAccess(token);
    const user = await this.users.findById(claims.sub);
    if (!user) throw AppError.unauthorized('Account no longer exists');
    return { actor: toActor(user), exp: claims.exp };
  }

  async login(req: LoginRequest): Promise<AuthResponse> {
    const user = await this.users.findByEmail(req.email);
    if (!user) {
      this.dummyHash ??= this.hashPassword('not-a-real-password');
      await argon2.verify(await this.dummyHash, req.password).catch(() => false);
      await this.audit.record('auth.login_failed', undefined, undefined, { reason: 'unknown_email' });
      throw AppError.unauthorized('Email or password is wrong', ErrorCodes.AUTH_INVALID_CREDENTIALS);
    }
    const id = String(user._id);
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
      const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
      throw new AppError(ErrorCodes.AUTH_LOCKED, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, 429, { retryAfterSeconds });
    }
    if (!(await argon2.verify(user.passwordHash, req.password))) {
      const failures = (user.failedLogins ?? 0) + 1;
      // Exponential back-off after the fifth failure: 30 s, 60 s, 120 s … capped at 15 minutes.
      const lockedUntil = failures >= LOCK_AFTER_FAILURES ? new Date(Date.now() + Math.min(30_000 * 2 ** (failures - LOCK_AFTER_FAILURES), 900_000)) : undefined;
      await this.users.recordFailedLogin(id, lockedUntil);
      await this.audit.record(lockedUntil ? 'auth.locked' : 'auth.login_failed', id);
      throw AppError.unauthorized('Email or password is wrong', ErrorCodes.AUTH_INVALID_CREDENTIALS);
    }
    if (user.failedLogins) await this.users.resetFailedLogins(id);
    await this.audit.record('auth.login', id);
    return this.issue(user);
  }

  async refresh(refreshToken: string): Promise<AuthResponse> {
    let consumed: { userId: string; family: string };
    try {
      consumed = await this.tokens.consumeRefresh(refreshToken);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCodes.AUTH_REFRESH_REUSED) await this.audit.record('auth.refresh_reuse', undefined);
      throw err;
    }
    const user = await this.users.findById(consumed.userId);
    if (!user) throw AppError.unauthorized('Account no longer exists');
    return this.issue(user, consumed.family);
  }

  async logout(refreshToken: string, actor: Actor): Promise<void> {
    await this.tokens.revoke(refreshToken, actor.id);
    await this.audit.record('auth.logout', actor.id);
  }

  async register(req: RegisterRequest): Promise<AuthResponse> {
    const now = new Date();
    await this.gate.assertCleanDisplayName(req.displayName.trim(), { target: 'user.displayName' });
    // Claim the invitation atomically so one code registers one account.
    const invite = await this.invitations
      .findOneAndUpdate({ code: req.inviteCode, usedAt: { $exists: false }, expiresAt: { $gt: now } }, { $set: { usedAt: now } }, { new: true })
      .lean<InvitationDoc>()
      .exec();
    if (!invite) throw new AppError(ErrorCodes.INVITE_INVALID, 'This invitation code is invalid, used or expired', 400, { field: 'inviteCode' });
    if (invite.email && invite.email !== req.email.toLowerCase()) {
      await this.invitations.updateOne({ _id: invite._id }, { $unset: { usedAt: 1 } }).exec();
      throw new AppError(ErrorCodes.INVITE_INVALID, 'This invitation is for another email address', 400, { field: 'email' });
    }
    let user: UserDoc;
    try {
      user = await this.users.create({
        email: req.email.toLowerCase(),
        passwordHash: await this.hashPassword(req.password),
        displayName: req.displayName.trim(),
        profession: req.profession,
        role: invite.role,
        moderator: Boolean(invite.moderator),
        cohortIds: invite.cohortId ? [invite.cohortId] : [],
      } as never);
    } catch (err) {
      await this.invitations.updateOne({ _id: invite._id }, { $unset: { usedAt: 1 } }).exec();
      if ((err as { code?: number }).code === 11000) throw AppError.conflict(ErrorCodes.USER_EMAIL_TAKEN, 'An account with this email exists', { field: 'email' });
      throw err;
    }
    await this.invitations.updateOne({ _id: invite._id }, { $set: { usedBy: user._id } }).exec();
    await this.audit.record('auth.register', String(user._id), undefined, { role: invite.role });
    return this.issue(user);
  }

  async me(actor: Actor): Promise<UserDto> {
    const user = await this.users.findById(actor.id);
    if (!user) throw AppError.unauthorized('Account no longer exists');
    return toUserDto(user);
  }

  async updateMe(actor: Actor, req: UpdateMeRequest): Promise<UserDto> {
    const set: Partial<UserDoc> = {};
    if (req.displayName !== undefined) {
      await this.gate.assertCleanDisplayName(req.displayName.trim(), { actorId: actor.id, target: 'user.displayName' });
      set.displayName = req.displayName.trim();
    }
    if (req.onDuty !== undefined) set.onDuty = req.onDuty;
    if (req.expertiseDomains !== undefined) set.expertiseDomains = req.expertiseDomains;
    const user = await this.users.update(actor.id, set);
    if (!user) throw AppError.unauthorized('Account no longer exists');
    return toUserDto(user);
  }

  async listCohorts(actor: Actor): Promise<CohortDto[]> {
    const cohorts = await this.users.listCohorts(actor.role === 'admin' ? undefined : actor.cohortIds);
    return cohorts.map(toCohortDto);
  }

  async createCohort(actor: Actor, name: string): Promise<CohortDto> {
    this.access.require(actor, 'cohort.create');
    await this.gate.assertClean({ name: name.trim() }, { actorId: actor.id, target: 'cohort.name' });
    const cohort = await this.users.createCohort(name.trim(), actor.id);
    return toCohortDto(cohort);
  }

  async cohortMembers(actor: Actor, cohortId: string): Promise<AuthorDto[]> {
    this.access.require(actor, 'cohort.read', { kind: 'cohort', cohortId });
    if (!(await this.users.findCohort(cohortId))) throw AppError.notFound(ErrorCodes.COHORT_NOT_FOUND, 'Cohort');
    const members = await this.users.membersOf(cohortId);
    return members.map((u) => ({ id: String(u._id), displayName: u.displayName, profession: u.profession as Profession, role: u.role as UserDto['role'] }));
  }

  async createInvitation(actor: Actor, req: CreateInvitationRequest): Promise<InvitationDto> {
    if (req.cohortId) {
      this.access.require(actor, 'cohort.invite', { kind: 'cohort', cohortId: req.cohortId });
      if (!(await this.users.findCohort(req.cohortId))) throw AppError.notFound(ErrorCodes.COHORT_NOT_FOUND, 'Cohort');
    }
    // Faculty may invite learners to cohorts they teach; everything else is for admins.
    if (actor.role !== 'admin' && (req.role !== 'learner' || !req.cohortId || req.moderator)) {
      throw AppError.forbidden('Only administrators can invite faculty, administrators or moderators');
    }
    const code = randomBytes(9).toString('base64url');
    const doc = await this.invitations.create({
      code, role: req.role, moderator: Boolean(req.moderator), cohortId: req.cohortId, email: req.email,
      createdBy: actor.id, expiresAt: new Date(Date.now() + 14 * 86400_000),
    });
    if (req.role !== 'learner' || req.moderator) await this.audit.record('role.changed', actor.id, String(doc._id), { invitedRole: req.role, moderator: Boolean(req.moderator) });
    return toInvitationDto(doc.toObject() as InvitationDoc);
  }

  async listInvitations(actor: Actor): Promise<InvitationDto[]> {
    this.access.require(actor, 'user.list');
    const docs = await this.invitations.find({ usedAt: { $exists: false } }).sort({ createdAt: -1 }).limit(500).lean<InvitationDoc[]>().exec();
    return docs.map(toInvitationDto);
  }

  async listUsers(actor: Actor): Promise<UserDto[]> {
    this.access.require(actor, 'user.list');
    return (await this.users.list()).map(toUserDto);
  }

  /** The first administrator comes from configuration (ADMIN_EMAIL / ADMIN_PASSWORD). */
  async ensureAdmin(): Promise<{ created: boolean; email: string }> {
    const email = this.config.adminEmail.toLowerCase();
    if (await this.users.findByEmail(email)) return { created: false, email };
    try {
      await this.users.create({
        email, passwordHash: await this.hashPassword(this.config.adminPassword), displayName: 'Programme Administrator',
        profession: 'physician', role: 'admin', moderator: true, cohortIds: [],
      } as never);
    } catch (err) {
      // Another replica created it first.
      if ((err as { code?: number }).code !== 11000) throw err;
      return { created: false, email };
    }
    this.logger.log(`Created administrator ${email}`);
    return { created: true, email };
  }

  private async issue(user: UserDoc, family?: string): Promise<AuthResponse> {
    const id = String(user._id);
    return { accessToken: this.tokens.signAccess(id), refreshToken: await this.tokens.issueRefresh(id, family), user: toUserDto(user) };
  }
}
