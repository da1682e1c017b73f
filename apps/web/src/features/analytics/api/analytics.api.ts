import { api } from '../../../lib/api';

/**
 * `/api/analytics/summary` is named in endpoints.md but its shape is not in
 * libs/contracts yet; hooks/normalise.ts reads it leniently.
 */
export const fetchSummary = (signal?: AbortSignal) => api<unknown>('/analytics/summary', { signal });
