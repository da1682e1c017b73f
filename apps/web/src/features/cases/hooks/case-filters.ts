/**
 * The cases list's filters live in the URL (shareable, the back button steps through them).
 * Pure: URL parameters ⇄ the api's ListCasesQuery. A value the api would reject (a hand-edited
 * or stale link) is dropped rather than turned into a 400.
 */
import {
  CASE_STATUSES,
  ILLNESSES,
  NCP_DOMAINS,
  PROFESSIONS,
  PROFESSION_LABELS,
  type CaseStatus,
  type Illness,
  type ListCasesQuery,
  type Profession,
} from '@casebridge/contracts';

/** PPS bands as palliative teams talk about them (PPSv2 levels). */
export const PPS_BANDS = {
  '0-30': { min: 0, max: 30, label: 'PPS 0–30% (bed-bound)' },
  '40-60': { min: 40, max: 60, label: 'PPS 40–60% (mostly sit or lie)' },
  '70-100': { min: 70, max: 100, label: 'PPS 70–100% (ambulatory)' },
} as const;
export type PpsBand = keyof typeof PPS_BANDS;

export interface CaseFilters {
  q?: string;
  cohortId?: string;
  domain?: number;
  status?: CaseStatus;
  illness?: Illness;
  pps?: PpsBand;
  esasHigh?: boolean;
  responder?: Profession;
  followed?: boolean;
}

const OID = /^[a-f0-9]{24}$/;
const oneOf = <T extends string>(values: readonly T[], v: string | null): T | undefined =>
  v !== null && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export function filtersFromParams(p: URLSearchParams): CaseFilters {
  const q = p.get('q')?.trim().slice(0, 200);
  const cohortId = p.get('cohortId') ?? '';
  const domain = Number(p.get('domain'));
  const f: CaseFilters = {
    ...(q ? { q } : {}),
    ...(OID.test(cohortId) ? { cohortId } : {}),
    ...(Number.isInteger(domain) && NCP_DOMAINS[domain] ? { domain } : {}),
    status: oneOf(CASE_STATUSES, p.get('status')),
    illness: oneOf(ILLNESSES, p.get('illness')),
    pps: oneOf(Object.keys(PPS_BANDS) as PpsBand[], p.get('pps')),
    responder: oneOf(PROFESSIONS, p.get('responder')),
    ...(p.get('esasHigh') === '1' ? { esasHigh: true } : {}),
    ...(p.get('followed') === '1' ? { followed: true } : {}),
  };
  for (const k of Object.keys(f) as (keyof CaseFilters)[]) if (f[k] === undefined) delete f[k];
  return f;
}

/** Canonical order, so equal filters give equal URLs (and one history entry per real change). */
export function paramsFromFilters(f: CaseFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.cohortId) p.set('cohortId', f.cohortId);
  if (f.domain !== undefined) p.set('domain', String(f.domain));
  if (f.status) p.set('status', f.status);
  if (f.illness) p.set('illness', f.illness);
  if (f.pps) p.set('pps', f.pps);
  if (f.esasHigh) p.set('esasHigh', '1');
  if (f.responder) p.set('responder', f.responder);
  if (f.followed) p.set('followed', '1');
  return p;
}

export function toQuery(f: CaseFilters, limit = 20): ListCasesQuery {
  const band = f.pps ? PPS_BANDS[f.pps] : undefined;
  return {
    ...(f.q ? { q: f.q } : {}),
    ...(f.cohortId ? { cohortId: f.cohortId } : {}),
    ...(f.domain !== undefined ? { domain: f.domain } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.illness ? { illness: f.illness } : {}),
    ...(band ? { ppsMin: band.min, ppsMax: band.max } : {}),
    ...(f.esasHigh ? { esasHigh: true } : {}),
    ...(f.responder ? { responderProfession: f.responder } : {}),
    ...(f.followed ? { followed: true } : {}),
    limit,
  };
}

const human = (s: string) => s.replace(/_/g, ' ');

/** The active filters in words, for the results summary ("Showing … cases: urgent, PPS 0–30%"). */
export function describeFilters(f: CaseFilters, cohortName?: (id: string) => string | undefined): string[] {
  const out: string[] = [];
  if (f.q) out.push(`matching “${f.q}”`);
  if (f.cohortId) out.push(`in ${cohortName?.(f.cohortId) ?? 'one cohort'}`);
  if (f.domain !== undefined) out.push(`NCP domain ${f.domain}`);
  if (f.status) out.push(f.status);
  if (f.illness) out.push(human(f.illness));
  if (f.pps) out.push(PPS_BANDS[f.pps].label.replace(/ \(.*\)$/, ''));
  if (f.esasHigh) out.push('an ESAS-r item 7 or more');
  if (f.responder) out.push(`with posts by a ${PROFESSION_LABELS[f.responder].toLowerCase()}`);
  if (f.followed) out.push('followed by me');
  return out;
}
