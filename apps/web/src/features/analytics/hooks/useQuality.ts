import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { NCP_DOMAINS, PROFESSION_LABELS, type Profession, type QualityQuery, type QualityTable } from '@casebridge/contracts';
import { fetchQuality, fetchQualityCsv } from '../api/analytics.api';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const OID = /^[a-f0-9]{24}$/;

/** The report's filters live in the URL (shareable; Back restores them); malformed values are ignored. */
export function filtersFromParams(p: URLSearchParams): QualityQuery {
  const out: QualityQuery = {};
  const cohortId = p.get('cohort');
  const from = p.get('from');
  const to = p.get('to');
  if (cohortId && OID.test(cohortId)) out.cohortId = cohortId;
  if (from && DAY.test(from)) out.from = from;
  if (to && DAY.test(to)) out.to = to;
  return out;
}

export function paramsFromFilters(f: QualityQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (f.cohortId) p.set('cohort', f.cohortId);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  return p;
}

export function useQualityFilters(): [QualityQuery, (f: QualityQuery) => void] {
  const [params, setParams] = useSearchParams();
  return [filtersFromParams(params), (f) => setParams(paramsFromFilters(f))];
}

export function useQualityReport(filters: QualityQuery) {
  return useQuery({ queryKey: ['analytics', 'quality', filters], queryFn: ({ signal }) => fetchQuality(filters, signal) });
}

/** Downloads one table as a CSV file named after it and the filters. */
export async function downloadQualityCsv(table: QualityTable, filters: QualityQuery): Promise<void> {
  const csv = await fetchQualityCsv(table, filters);
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `quality-${table}${filters.from ? `-from-${filters.from}` : ''}${filters.to ? `-to-${filters.to}` : ''}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

/** Row keys of the report as people read them: NCP domains by name, professions by label. */
export function domainLabel(key: string): string {
  const name = NCP_DOMAINS[Number(key)];
  return name ? `${key}. ${name}` : key;
}
export const professionLabel = (key: string): string => PROFESSION_LABELS[key as Profession] ?? key;
export const urgencyLabel = (key: string): string => (key === 'urgent' ? 'Urgent' : key === 'routine' ? 'Routine' : key);

export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);
export const hours = (h: number | null): string => (h === null ? '—' : h < 1 ? `${Math.round(h * 60)} min` : `${h.toFixed(1)} h`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const monthLabel = (m: string): string =>
  m === 'all' ? 'Whole range' : /^\d{4}-\d{2}$/.test(m) ? `${MONTHS[Number(m.slice(5)) - 1]} ${m.slice(0, 4)}` : m;
