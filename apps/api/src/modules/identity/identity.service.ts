import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';
import {
  ErrorCodes,
  type AuthResponse,
  type ChangePasswordRequest,
  type CohortDto,
  type CreateInvitationRequest,
  type InvitationDto,
  type LoginRequest,
  type PasswordResetDto,
  type RegisterRequest,
  type ResetPasswordRequest,
  type UpdateMeRequest,
  type UpdateUserRequest,
  type UserDto,
  type AuthorDto,
  type Profession,
  type Role,
} from '@casebridge/contracts';
import { APP_CONFIG, KNOWN_DEMO_PASSWORD, type AppConfig } from '../../config/config';
import { AppError } from '../../common/app-error';
import { AuditService } from '../audit';
// the gate itself, not the privacy module's index (which imports identity back)
import { PrivacyGate } from '../privacy/privacy.gate';
import { AccessService } from './access.service';
import type { Actor } from './actor';
import type { UserDoc } from './infra/identity.schemas';
import { InvitationsRepository } from './infra/invitations.repository';
import { UsersRepository } from './infra/users.repository';
import { LoginThrottleRepository } from './infra/login-throttle.repository';
import { toCohortDto, toInvitationDto, toUserDto } from './identity.mapper';
import { passwordProblem } from './password-policy';
import { Clock } from '../../config/clock';
import { TokensService } from './tokens.service';
import { invitationCode } from './invitation-code';
import { UserStateCache, type UserState } from './user-state.cache';

/** OWASP password storage cheat sheet: argon2id, m=19 MiB, t=2, p=1. */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const LOCK_AFTER_FAILURES = 5;

const RESET_TTL_MS = 3600_000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** Why a token issued at `iat` (seconds) no longer holds for this user, if it does not. */
/** Why tokens issued at `iat` no longer hold for this user state (deactivated, signed out everywhere), if they do not. */
function stateRefusal(state: UserState, iat: number): string | undefined {
  if (state.deactivated) return 'This account is deactivated';
  if (iat < state.tokensValidAfterSec) return 'Signed out: the password changed or the account was signed out everywhere';
  return undefined;
}

/** One answer for every unusable invitation, an email in use included (no account enumeration). */
function registrationRefused(): AppError {
  return new AppError(
    ErrorCodes.INVITE_INVALID,
    'This invitation cannot be used: it is invalid, used or expired. If you already have an account, sign in; otherwise ask for a new invitation.',
    400,
    { field: 'inviteCode' },
  );
}

function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - LOCK_AFTER_FAILURES), 900_000);
}

function locked(ms: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError(ErrorCodes.AUTH_LOCKED, `Too many failed sign-ins; try again in ${retryAfterSeconds} s`, 429, { retryAfterSeconds });
}

@Injectable()
export class IdentityService {
  private readonly logger = new Logger('Identity');
  /** A hash to verify against when the email is unknown, so timing does not reveal accounts. */
  private dummyHash?: Promise<string>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly tokens: TokensService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly gate: PrivacyGate,
    private readonly invitations: InvitationsRepository,
    private readonly clock: Clock,
    private readonly states: UserStateCache,
  ) {}

  hashPassword(password: string): Promise<string> {
    return argon2.hash(password, ARGON2);
  }

  /**
   * Every authenticated HTTP request: the token, then the user's state from the user-state cache
   * (as the socket handshake), so a request no longer reads its user from the database. Every
   * write UsersRepository makes drops the entry first (deactivation, sign-out everywhere, role and
   * cohort changes), so none of them is missed; only an edit made outside the api waits for the TTL.
   */
  async actorFromToken(token: string): Promise<{ actor: Actor; exp: number; iat: number }> {
    return this.socketIdentity(token);
  }

  /**
   * The socket handshake: the token's signature and expiry, then the user's state from
   * the user-state cache (one batched read per user in a reconnect storm, dropped on every change
   * to the user). A deactivated account or a token from before a sign-out everywhere is refused
   * exactly as actorFromToken refuses it.
   */
  async socketIdentity(token: string): Promise<{ actor: Actor; exp: number; iat: number }> {
    const claims = this.tokens.verifyAccess(token);
    const state = await this.states.get(claims.sub);
    const refusal = state ? stateRefusal(state, claims.iat) : 'Account no longer exists';
    if (refusal) throw AppError.unauthorized(refusal);
    return { actor: state!.actor, exp: claims.exp, iat: claims.iat };
  }

  /**
   * For the socket sweep: each user's current actor, or why their tokens issued at `iat` no longer
   * hold (deleted, deactivated, signed out everywhere). One query for all the users of a replica;
   * what it reads refreshes the user-state cache (sockets of one user share one actor object).
   */
  async currentStates(ids: string[]): Promise<Map<string, { actor: Actor; refusal: (iat: number) => string | undefined }>> {
    const states = ids.length ? await this.states.readThrough(ids, (x) => this.users.findByIds(x)) : new Map<string, UserState>();
    return new Map([...states].map(([id, st]) => [id, { actor: st.actor, refusal: (iat: number) => stateRefusal(st, iat) }] as const));
  }

  /**
   * Sign-in. The attempt is counted in the database before the password is checked,
   * keyed by the email whether or not an account exists: parallel guesses cannot share one stale
   * count, only the first LOCK_AFTER_FAILURES of a burst are even checked, and an unknown email
   * gets exactly the answers (401, then 429 AUTH.LOCKED with the same back-off) and about the same
   * time (a dummy argon2 verification) as a real one.
   */
  async login(req: LoginRequest): Promise<AuthResponse> {
    const now = new Date();
    const state = await this.throttle.begin(req.email, now);
    const lockedFor = state.lockedUntil ? state.lockedUntil.getTime() - now.getTime() : 0;
    if (lockedFor > 0) {
      await this.throttle.uncount(req.email);
      throw locked(lockedFor);
    }
    if (state.attempts > LOCK_AFTER_FAILURES) {
      // More attempts in flight than failures allowed: lock without checking this one.
      const until = new Date(now.getTime() + backoffMs(state.attempts));
      await this.throttle.lock(req.email, until);
      throw locked(until.getTime() - now.getTime());
    }
    const user = await this.users.findByEmail(req.email);
    let ok: boolean;
    if (user) {
      ok = await argon2.verify(user.passwordHash, req.password).catch(() => false);
      // An exposed start never lets the documented demo password in, even for demo accounts
      // created by an earlier development start on the same database.
      if (ok && this.config.exposed && user.demo && req.password === KNOWN_DEMO_PASSWORD) ok = false;
    } else {
      this.dummyHash ??= this.hashPassword('not-a-real-password');
      await argon2.verify(await this.dummyHash, req.password).catch(() => false);
      ok = false;
    }
    const id = user ? String(user._id) : undefined;
    // Only someone who knows the password learns that the account is deactivated.
    if (ok && user?.deactivatedAt) throw AppError.forbidden('This account is deactivated; ask an administrator');
    if (!ok) {
      // Exponential back-off from the fifth failure: 30 s, 60 s, 120 s … capped at 15 minutes.
      const lock = state.attempts >= LOCK_AFTER_FAILURES;
      if (lock) await this.throttle.lock(req.email, new Date(now.getTime() + backoffMs(state.attempts)));
      await this.audit.record(lock ? 'auth.locked' : 'auth.login_failed', id, undefined, user ? undefined : { reason: 'unknown_email' });
      throw AppError.unauthorized('Email or password is wrong', ErrorCodes.AUTH_INVALID_CREDENTIALS);
    }
    await this.throttle.reset(req.email);
    await this.audit.record('auth.login', id);
    return this.issue(user!);
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
    if (user.deactivatedAt) throw AppError.unauthorized('This account is deactivated');
    return this.issue(user, consumed.family);
  }

  async logout(refreshToken: string, actor: Actor): Promise<void> {
    await this.tokens.revoke(refreshToken, actor.id);
    await this.audit.record('auth.logout', actor.id);
  }

  async register(req: RegisterRequest): Promise<AuthResponse> {
    this.requireGoodPassword(req.password, { email: req.email, displayName: req.displayName });
    const now = new Date();
    await this.gate.assertCleanDisplayName(req.displayName.trim(), { target: 'user.displayName' });
    // Claim the invitation atomically so one code registers one account.
    const invite = await this.invitations.claim(req.inviteCode, now);
    if (!invite) throw registrationRefused();
    if (invite.email && invite.email !== req.email.toLowerCase()) {
      await this.invitations.release(invite);
      throw new AppError(ErrorCodes.INVITE_INVALID, 'This invitation is for another email address', 400, { field: 'email' });
    }
    // The invitation fixes the profession when it names one (always for faculty: profession decides
    // which escalations of every cohort reach them); the invitee may only repeat it.
    const profession = (invite.profession as Profession | undefined) ?? req.profession;
    if (!profession || (invite.profession && req.profession && req.profession !== invite.profession)) {
      await this.invitations.release(invite);
      throw AppError.validation(
        invite.profession ? `This invitation is for a ${String(invite.profession).replace('_', ' ')}` : 'profession is required',
        { field: 'profession', reason: invite.profession ? 'is fixed by the invitation' : 'is required' },
      );
    }
    let user: UserDoc | null;
    try {
      user = await this.users.createIfNew({
        email: req.email.toLowerCase(),
        passwordHash: await this.hashPassword(req.password),
        displayName: req.displayName.trim(),
        profession,
        role: invite.role,
        moderator: Boolean(invite.moderator),
        cohortIds: invite.cohortId ? [invite.cohortId] : [],
      } as never);
    } catch (err) {
      await this.invitations.release(invite);
      throw err;
    }
    if (!user) {
      // The email is taken. Saying so (and handing the invitation back, as before) let one
      // invitation test any number of emails. The invitation stays used, so it tests at most one,
      // and the answer reads like any other unusable invitation.
      await this.audit.record('auth.register_refused', undefined, String(invite._id), { reason: 'email_in_use' });
      throw registrationRefused();
    }
    await this.invitations.markUsedBy(invite, String(user._id));
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
    await this.gate.assertCleanCohortName(name.trim(), { actorId: actor.id, target: 'cohort.name' });
    const cohort = await this.users.createCohort(name.trim(), actor.id);
    return toCohortDto(cohort);
  }

  async cohortMembers(actor: Actor, cohortId: string): Promise<AuthorDto[]> {
    this.access.require(actor, 'cohort.read', { kind: 'cohort', cohortId });
    if (!(await this.users.findCohort(cohortId))) throw AppError.notFound(ErrorCodes.COHORT_NOT_FOUND, 'Cohort');
    const members = await this.users.membersOf(cohortId);
    return members.map((u) => ({
      id: String(u._id),
      displayName: u.displayName,
      profession: u.profession as Profession,
      role: u.role as UserDto['role'],
    }));
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
    if (req.role === 'faculty' && !req.profession) {
      throw AppError.validation('A faculty invitation must name the profession', {
        field: 'profession',
        reason: 'is required for faculty',
      });
    }
    const code = invitationCode(randomBytes(9));
    const doc = await this.invitations.create({
      code,
      role: req.role,
      moderator: Boolean(req.moderator),
      cohortId: req.cohortId,
      email: req.email,
      ...(req.profession ? { profession: req.profession } : {}),
      createdBy: actor.id,
      expiresAt: new Date(Date.now() + 14 * 86400_000),
    });
    if (req.role !== 'learner' || req.moderator)
      await this.audit.record('role.changed', actor.id, String(doc._id), {
        invitedRole: req.role,
        moderator: Boolean(req.moderator),
        ...(req.profession ? { profession: req.profession } : {}),
      });
    return toInvitationDto(doc);
  }

  async listInvitations(actor: Actor): Promise<InvitationDto[]> {
    this.access.require(actor, 'user.list');
    const docs = await this.invitations.listUnused(500);
    return docs.map(toInvitationDto);
  }

  async listUsers(actor: Actor): Promise<UserDto[]> {
    this.access.require(actor, 'user.list');
    return (await this.users.list()).map(toUserDto);
  }

  /**
   * A signed-in user changes their password: every other sign-in ends (refresh families revoked,
   * earlier access tokens refused, open sockets closed by the socket sweep); the caller gets new tokens.
   */
  async changePassword(actor: Actor, req: ChangePasswordRequest): Promise<AuthResponse> {
    const user = await this.users.findById(actor.id);
    if (!user) throw AppError.unauthorized('Account no longer exists');
    if (!(await argon2.verify(user.passwordHash, req.currentPassword).catch(() => false))) {
      await this.audit.record('auth.login_failed', actor.id, undefined, { reason: 'change_password' });
      throw AppError.validation('The current password is wrong', { field: 'currentPassword', reason: 'is wrong' });
    }
    this.requireGoodPassword(req.newPassword, { email: user.email, displayName: user.displayName }, 'newPassword');
    const updated = await this.users.update(actor.id, {
      passwordHash: await this.hashPassword(req.newPassword),
      tokensValidAfter: this.clock.now(),
    } as Partial<UserDoc>);
    await this.tokens.revokeAllOf(actor.id);
    await this.audit.record('auth.password_changed', actor.id);
    return this.issue(updated ?? user);
  }

  /** Admin: (de)activate, change role, moderator flag or cohorts. Open sockets follow within seconds. */
  async updateUser(actor: Actor, id: string, req: UpdateUserRequest): Promise<UserDto> {
    this.access.require(actor, 'user.list');
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound(ErrorCodes.NOT_FOUND, 'User');
    if (id === actor.id && (req.active === false || (req.role && req.role !== 'admin'))) {
      throw AppError.conflict(ErrorCodes.CONFLICT, 'Administrators cannot deactivate or demote themselves');
    }
    for (const cohortId of req.cohortIds ?? []) {
      if (!(await this.users.findCohort(cohortId)))
        throw AppError.validation('cohortIds must name existing cohorts', {
          field: 'cohortIds',
          reason: 'names a cohort that does not exist',
        });
    }
    const set: Record<string, unknown> = {};
    if (req.role) set.role = req.role as Role;
    if (req.moderator !== undefined) set.moderator = req.moderator;
    if (req.cohortIds) set.cohortIds = req.cohortIds;
    const now = this.clock.now();
    if (req.active === false && !user.deactivatedAt) Object.assign(set, { deactivatedAt: now, tokensValidAfter: now });
    let updated = Object.keys(set).length ? await this.users.update(id, set as Partial<UserDoc>) : user;
    if (req.active === true && user.deactivatedAt) updated = await this.users.unset(id, ['deactivatedAt']);
    if (req.active === false) await this.tokens.revokeAllOf(id);
    await this.audit.record('user.updated', actor.id, id, { ...req });
    if (req.role || req.moderator !== undefined)
      await this.audit.record('role.changed', actor.id, id, { role: req.role ?? user.role, moderator: req.moderator ?? user.moderator });
    return toUserDto(updated ?? user);
  }

  /** Admin: a one-time reset link (1 hour), shown to the admin to hand over; only its hash is stored. */
  async issuePasswordReset(actor: Actor, id: string): Promise<PasswordResetDto> {
    this.access.require(actor, 'user.list');
    const user = await this.users.findById(id);
    if (!user) throw AppError.notFound(ErrorCodes.NOT_FOUND, 'User');
    if (user.deactivatedAt) throw AppError.conflict(ErrorCodes.CONFLICT, 'Reactivate the account first');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.nowMs() + RESET_TTL_MS);
    await this.users.update(id, { passwordReset: { tokenHash: sha256(token), expiresAt } } as Partial<UserDoc>);
    await this.audit.record('auth.password_reset_issued', actor.id, id);
    return { token, resetPath: `/reset-password?token=${token}`, expiresAt: expiresAt.toISOString() };
  }

  /** Redeems a reset link once (before it expires): new password, every earlier sign-in ended. */
  async resetPassword(req: ResetPasswordRequest): Promise<void> {
    const invalid = () =>
      AppError.validation('This reset link is invalid, used or expired; ask an administrator for a new one', {
        field: 'token',
        reason: 'is invalid, used or expired',
      });
    const hash = sha256(req.token);
    const pending = await this.users.findByResetHash(hash);
    if (!pending) throw invalid();
    this.requireGoodPassword(req.newPassword, { email: pending.email, displayName: pending.displayName }, 'newPassword');
    const user = await this.users.redeemReset(hash, this.clock.now(), await this.hashPassword(req.newPassword));
    if (!user) throw invalid();
    await this.tokens.revokeAllOf(String(user._id));
    await this.throttle.reset(user.email);
    await this.audit.record('auth.password_reset', String(user._id));
  }

  private requireGoodPassword(password: string, context: { email?: string; displayName?: string }, field = 'password'): void {
    const problem = passwordProblem(password, context);
    if (problem) throw AppError.validation(`The password ${problem}`, { field, reason: problem });
  }

  /** The first administrator comes from configuration (ADMIN_EMAIL / ADMIN_PASSWORD). */
  async ensureAdmin(): Promise<{ created: boolean; email: string }> {
    const email = this.config.adminEmail.toLowerCase();
    if (await this.users.findByEmail(email)) return { created: false, email };
    const created = await this.users.createIfNew({
      email,
      passwordHash: await this.hashPassword(this.config.adminPassword),
      displayName: 'Programme Administrator',
      profession: 'physician',
      role: 'admin',
      moderator: true,
      cohortIds: [],
    } as never);
    if (!created) return { created: false, email }; // another replica created it first
    this.logger.log(`Created administrator ${email}`);
    return { created: true, email };
  }

  private async issue(user: UserDoc, family?: string): Promise<AuthResponse> {
    const id = String(user._id);
    return { accessToken: this.tokens.signAccess(id), refreshToken: await this.tokens.issueRefresh(id, family), user: toUserDto(user) };
  }
}
