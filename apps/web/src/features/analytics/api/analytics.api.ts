import type { QualityQuery, QualityReportDto, QualityTable } from '@casebridge/contracts';
import { api, apiText } from '../../../lib/api';

/** GET /api/analytics/quality: the programme's measures for a cohort and range of days. */
export const fetchQuality = (filters: QualityQuery, signal?: AbortSignal) =>
  api<QualityReportDto>('/analytics/quality', { query: { ...filters }, signal });

/** GET /api/analytics/quality.csv: one table of the same report (cells neutralised by the server). */
export const fetchQualityCsv = (table: QualityTable, filters: QualityQuery) =>
  apiText(`/analytics/quality.csv?${new URLSearchParams({ table, ...filters }).toString()}`);
