/** The api's default local administrator (config DEFAULT_ADMIN_*), used by test sessions. */
export const DEFAULT_ADMIN = { email: 'admin@casebridge.local', password: 'casebridge-admin' } as const;
