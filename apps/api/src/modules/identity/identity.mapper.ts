import type { AuthorDto, CohortDto, InvitationDto, Profession, Role, UserDto } from '@casebridge/contracts';
import { DEFAULT_ROUTING_MAP } from '../../config/config';
import type { Actor } from './actor';
import type { CohortDoc, InvitationDoc, UserDoc } from './infra/identity.schemas';

/** Domains a faculty member's profession is routed for, when they have not chosen their own. */
export function defaultExpertise(profession: string): number[] {
  return Object.entries(DEFAULT_ROUTING_MAP)
    .filter(([, professions]) => professions.includes(profession))
    .map(([d]) => Number(d));
}

export function toActor(u: UserDoc): Actor {
  return {
    id: String(u._id),
    role: u.role as Role,
    profession: u.profession as Profession,
    displayName: u.displayName,
    moderator: Boolean(u.moderator),
    cohortIds: (u.cohortIds ?? []).map(String),
    onDuty: u.onDuty !== false,
    expertiseDomains: u.expertiseDomains?.length ? [...u.expertiseDomains] : defaultExpertise(u.profession),
  };
}

export function toUserDto(u: UserDoc): UserDto {
  const a = toActor(u);
  return {
    id: a.id,
    email: u.email,
    displayName: a.displayName,
    profession: a.profession,
    role: a.role,
    moderator: a.moderator,
    cohortIds: a.cohortIds,
    onDuty: a.onDuty,
    expertiseDomains: a.expertiseDomains,
    ...(u.deactivatedAt ? { active: false } : {}),
  };
}

export function toAuthor(u: Pick<Actor, 'id' | 'displayName' | 'profession' | 'role'>): AuthorDto {
  return { id: u.id, displayName: u.displayName, profession: u.profession, role: u.role };
}

export function toCohortDto(c: CohortDoc): CohortDto {
  return { id: String(c._id), name: c.name, createdAt: new Date(c.createdAt).toISOString() };
}

export function toInvitationDto(i: InvitationDoc): InvitationDto {
  return {
    code: i.code,
    role: i.role as Role,
    expiresAt: i.expiresAt.toISOString(),
    ...(i.profession ? { profession: i.profession as Profession } : {}),
    ...(i.cohortId ? { cohortId: String(i.cohortId) } : {}),
    ...(i.email ? { email: i.email } : {}),
  };
}
