/**
 * Who sees what (pure; unit-tested). A learner may post anonymously to peers (Ed/Piazza style):
 * peers see "Learner · Nurse"; faculty, moderators and admins see the name. Posts reported as PHI
 * are hidden from everyone but moderators and admins.
 */
import { PROFESSION_LABELS, type AuthorDto, type Profession, type Role } from '@casebridge/contracts';

export type Audience = 'peer' | 'staff' | 'mod';
export const AUDIENCES: readonly Audience[] = ['peer', 'staff', 'mod'];

export function audienceOf(viewer: { role: Role; moderator: boolean }): Audience {
  if (viewer.role === 'admin' || viewer.moderator) return 'mod';
  if (viewer.role === 'faculty') return 'staff';
  return 'peer';
}

export interface AuthorInfo {
  id: string;
  displayName: string;
  profession: Profession;
  role: Role;
}

export function anonymousAuthor(profession: Profession): AuthorDto {
  return {
    id: null,
    displayName: `Learner · ${PROFESSION_LABELS[profession] ?? profession}`,
    profession,
    role: 'learner',
    anonymous: true,
  };
}

/** The author as this audience may see them; the author always sees themself. */
export function authorFor(author: AuthorInfo, anonymous: boolean, audience: Audience, viewerId?: string): AuthorDto {
  if (anonymous && audience === 'peer' && viewerId !== author.id) return anonymousAuthor(author.profession);
  const dto: AuthorDto = { id: author.id, displayName: author.displayName, profession: author.profession, role: author.role };
  if (anonymous) dto.anonymous = true;
  return dto;
}
