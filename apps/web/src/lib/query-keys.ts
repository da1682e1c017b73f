/**
 * Query keys shared across features. Features do not import each other, but a socket
 * event handled in one (e.g. `notification:created`) must update what another shows,
 * so the keys live here.
 */
export const qk = {
  me: ['me'] as const,
  cohorts: ['cohorts'] as const,
  members: (cohortId: string) => ['cohorts', cohortId, 'members'] as const,
  cases: (filters: object) => ['cases', 'list', filters] as const,
  caseLists: ['cases', 'list'] as const,
  case: (id: string) => ['cases', 'one', id] as const,
  posts: (caseId: string) => ['cases', 'posts', caseId] as const,
  escalations: (scope: 'mine' | 'all' = 'mine') => ['escalations', scope] as const,
  escalationsAll: ['escalations'] as const,
  routePreview: (domains: number[], professions: string[]) => ['escalations', 'route-preview', domains, professions] as const,
  sessions: (filter: object) => ['sessions', 'list', filter] as const,
  session: (id: string) => ['sessions', 'one', id] as const,
  notifications: ['notifications'] as const,
  reviews: ['privacy', 'reviews'] as const,
  invitations: ['invitations'] as const,
  users: ['users'] as const,
  analytics: ['analytics', 'summary'] as const,
};
