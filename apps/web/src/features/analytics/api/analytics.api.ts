import type { AnalyticsSummaryDto } from '@casebridge/contracts';
import { api } from '../../../lib/api';

/** AnalyticsSummaryDto; hooks/normalise.ts reads it leniently, so a section added later shows too. */
export const fetchSummary = (signal?: AbortSignal) => api<AnalyticsSummaryDto>('/analytics/summary', { signal });
