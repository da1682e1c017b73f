/**
 * The one fetcher of GET /api/cohorts (the caller's cohorts; every cohort for an admin). Several
 * features show or pick a cohort; they share this hook and its cache entry (qk.cohorts), so a
 * cohort an admin creates appears everywhere at once.
 */
import { useQuery } from '@tanstack/react-query';
import type { CohortDto } from '@casebridge/contracts';
import { api } from './api';
import { qk } from './query-keys';

export const fetchCohorts = (signal?: AbortSignal) => api<CohortDto[]>('/cohorts', { signal });

export function useCohorts() {
  return useQuery({ queryKey: qk.cohorts, queryFn: ({ signal }) => fetchCohorts(signal) });
}
