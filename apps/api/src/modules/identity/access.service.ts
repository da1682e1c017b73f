import { Injectable } from '@nestjs/common';
import { ErrorCodes, type Profession } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import type { Actor } from './actor';

/** What an access decision is about. Built by each feature from its stored document. */
export type Resource =
  | { kind: 'global' }
  | { kind: 'cohort'; cohortId: string }
  | { kind: 'case'; cohortId: string; authorId: string; facultyIds?: string[] }
  | { kind: 'post'; cohortId: string; authorId: string; facultyIds?: string[] }
  | { kind: 'escalation'; cohortId: string; askerId: string; assigneeId?: string; targetProfessions: Profession[]; offered: boolean }
  | { kind: 'session'; cohortId: string; facilitatorId: string };

export const PERMISSIONS = [
  'cohort.create',
  'cohort.read',
  'cohort.invite',
  'user.list',
  'case.create',
  'case.read',
  'case.update',
  'post.create',
  'post.edit',
  'post.moderate',
  'post.endorse',
  'post.report',
  'escalation.create',
  'escalation.read',
  'escalation.claim',
  'escalation.answer',
  'escalation.resolve',
  'session.create',
  'session.join',
  'session.control',
  'session.attendance',
  'privacy.review',
  'audit.read',
  'analytics.read',
  'routing.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const member = (a: Actor, cohortId: string) => a.cohortIds.includes(cohortId);
const faculty = (a: Actor) => a.role === 'faculty';
const admin = (a: Actor) => a.role === 'admin';

/**
 * The one permission table (style.md "One access check, set-based, deny by default"). Each entry
 * answers for one permission; a permission without an entry allows nothing. HTTP controllers and
 * socket handlers call the same AccessService.
 */
export const POLICY: { [P in Permission]: (a: Actor, r: Resource) => boolean } = {
  'cohort.create': (a) => admin(a),
  'cohort.read': (a, r) => admin(a) || (r.kind === 'cohort' && member(a, r.cohortId)),
  'cohort.invite': (a, r) => admin(a) || (faculty(a) && r.kind === 'cohort' && member(a, r.cohortId)),
  'user.list': (a) => admin(a),
  'case.create': (a, r) => admin(a) || (r.kind === 'cohort' && member(a, r.cohortId)),
  'case.read': (a, r) =>
    admin(a) ||
    ((r.kind === 'case' || r.kind === 'post') && (member(a, r.cohortId) || (faculty(a) && (r.facultyIds ?? []).includes(a.id)))),
  'case.update': (a, r) => admin(a) || (r.kind === 'case' && (r.authorId === a.id || (faculty(a) && member(a, r.cohortId)))),
  'post.create': (a, r) => POLICY['case.read'](a, r),
  'post.edit': (a, r) => r.kind === 'post' && r.authorId === a.id,
  // moderation rights stop at the moderator's own cohorts (not cases an escalation let them read)
  'post.moderate': (a, r) => admin(a) || (a.moderator && (r.kind === 'case' || r.kind === 'post') && member(a, r.cohortId)),
  'post.endorse': (a, r) => (faculty(a) || admin(a)) && POLICY['case.read'](a, r),
  'post.report': (a, r) => POLICY['case.read'](a, r),
  'escalation.create': (a, r) => r.kind === 'case' && (admin(a) || member(a, r.cohortId)),
  'escalation.read': (a, r) =>
    admin(a) ||
    (r.kind === 'escalation' &&
      (r.askerId === a.id || member(a, r.cohortId) || r.assigneeId === a.id || (faculty(a) && r.targetProfessions.includes(a.profession)))),
  'escalation.claim': (a, r) =>
    r.kind === 'escalation' &&
    (admin(a) || (faculty(a) && (r.assigneeId === a.id || (r.offered && r.targetProfessions.includes(a.profession))))),
  'escalation.answer': (a, r) => r.kind === 'escalation' && (admin(a) || (faculty(a) && r.assigneeId === a.id)),
  'escalation.resolve': (a, r) => r.kind === 'escalation' && (admin(a) || r.askerId === a.id),
  'session.create': (a, r) => admin(a) || (faculty(a) && r.kind === 'cohort' && member(a, r.cohortId)),
  'session.join': (a, r) => admin(a) || (r.kind === 'session' && member(a, r.cohortId)),
  'session.control': (a, r) => admin(a) || (r.kind === 'session' && (r.facilitatorId === a.id || (faculty(a) && member(a, r.cohortId)))),
  'session.attendance': (a, r) => POLICY['session.control'](a, r),
  'privacy.review': (a) => admin(a) || a.moderator,
  'audit.read': (a) => admin(a),
  'analytics.read': (a) => admin(a) || faculty(a),
  'routing.manage': (a) => admin(a),
};

/** The permission that decides whether a resource is visible at all (else: "not found"). */
const VISIBILITY: Partial<Record<Resource['kind'], Permission>> = {
  cohort: 'cohort.read',
  case: 'case.read',
  post: 'case.read',
  escalation: 'escalation.read',
  session: 'session.join',
};

const NOT_FOUND: Partial<Record<Resource['kind'], string>> = {
  cohort: ErrorCodes.COHORT_NOT_FOUND,
  case: ErrorCodes.CASE_NOT_FOUND,
  post: ErrorCodes.POST_NOT_FOUND,
  escalation: ErrorCodes.ESCALATION_NOT_FOUND,
  session: ErrorCodes.SESSION_NOT_FOUND,
};

@Injectable()
export class AccessService {
  can(actor: Actor, permission: Permission, resource: Resource = { kind: 'global' }): boolean {
    const rule = POLICY[permission] as ((a: Actor, r: Resource) => boolean) | undefined;
    return rule ? rule(actor, resource) : false;
  }

  /**
   * Throws unless allowed: 404 with the resource's NOT_FOUND code when the actor may not even see
   * it (so nothing leaks about what exists), 403 when they see it but may not do this.
   */
  require(actor: Actor, permission: Permission, resource: Resource = { kind: 'global' }): void {
    if (this.can(actor, permission, resource)) return;
    const visibility = VISIBILITY[resource.kind];
    if (visibility && visibility !== permission && !this.can(actor, visibility, resource)) {
      throw AppError.notFound(NOT_FOUND[resource.kind], resource.kind[0].toUpperCase() + resource.kind.slice(1));
    }
    if (visibility === permission)
      throw AppError.notFound(NOT_FOUND[resource.kind], resource.kind[0].toUpperCase() + resource.kind.slice(1));
    throw AppError.forbidden();
  }
}
