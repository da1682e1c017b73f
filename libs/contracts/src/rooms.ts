import type { Profession } from './identity';

/** The only place room names are built (architecture.md "Real time"). */
export const rooms = {
  user: (id: string) => `user:${id}`,
  case: (id: string) => `case:${id}`,
  /**
   * Case audiences that see more than peers (one emit per room, never per socket): `staff` =
   * faculty (names of anonymous authors), `mod` = moderators and admins (names and hidden posts).
   * Peers are in `case(id)`.
   */
  caseAudience: (id: string, audience: 'staff' | 'mod') => `case:${id}:${audience}`,
  session: (id: string) => `session:${id}`,
  faculty: (profession: Profession) => `faculty:${profession}`,
  cohort: (id: string) => `cohort:${id}`,
  admins: () => 'admins',
} as const;
