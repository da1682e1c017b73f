import type { Profession } from './identity';

/** The only place room names are built (architecture.md "Real time"). */
export const rooms = {
  user: (id: string) => `user:${id}`,
  case: (id: string) => `case:${id}`,
  session: (id: string) => `session:${id}`,
  faculty: (profession: Profession) => `faculty:${profession}`,
  cohort: (id: string) => `cohort:${id}`,
  admins: () => 'admins',
} as const;
