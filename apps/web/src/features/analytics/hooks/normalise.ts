/**
 * Lenient reading of the analytics summary, whose exact shape is not in libs/contracts:
 * each section may be an array of rows or a record keyed by domain/profession.
 */
import { NCP_DOMAINS, PROFESSION_LABELS, type Profession } from '@casebridge/contracts';

export interface ResponseRow { key: string; label: string; count: number; p50: number | null; p90: number | null }
export interface CountRow { key: string; label: string; [metric: string]: string | number }

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function rows(section: unknown, keyNames: string[]): [string, Obj | number][] {
  if (Array.isArray(section)) {
    return section.filter(isObj).map((r) => [String(keyNames.map((k) => r[k]).find((v) => v !== undefined) ?? '?'), r]);
  }
  if (isObj(section)) return Object.entries(section).map(([k, v]) => [k, isObj(v) ? v : (num(v) ?? 0)]);
  return [];
}

export function labelOf(key: string): string {
  if (/^\d$/.test(key) && NCP_DOMAINS[Number(key)]) return `${key}. ${NCP_DOMAINS[Number(key)]}`;
  return PROFESSION_LABELS[key as Profession] ?? key.replace(/_/g, ' ');
}

/** Minutes, whatever unit the row uses (ms, seconds, minutes or hours). */
function minutes(r: Obj, base: 'p50' | 'p90'): number | null {
  const direct = num(r[`${base}Minutes`]) ?? num(r[base === 'p50' ? 'medianMinutes' : 'p90Minutes']);
  if (direct !== null) return direct;
  const ms = num(r[`${base}Ms`]);
  if (ms !== null) return ms / 60000;
  const s = num(r[`${base}Seconds`]);
  if (s !== null) return s / 60;
  const h = num(r[`${base}Hours`]);
  if (h !== null) return h * 60;
  return num(r[base]);
}

/** Rows of percentiles; bare `p50`/`p90` are in `unit` (the contract's AnalyticsSummaryDto uses hours). */
export function responseRows(section: unknown, keyNames: string[], unit: 'minutes' | 'hours' = 'hours'): ResponseRow[] {
  const scale = (v: number | null, o: Obj, base: 'p50' | 'p90') => (v === null ? null : num(o[base]) === v && unit === 'hours' ? v * 60 : v);
  return rows(section, keyNames).map(([key, r]) => {
    const o = typeof r === 'number' ? { count: r } : r;
    return { key, label: labelOf(key), count: num(o.count) ?? num(o.n) ?? 0, p50: scale(minutes(o, 'p50'), o, 'p50'), p90: scale(minutes(o, 'p90'), o, 'p90') };
  });
}

export function countRows(section: unknown, keyNames: string[]): CountRow[] {
  return rows(section, keyNames).map(([key, r]) => {
    const out: CountRow = { key, label: labelOf(key) };
    if (typeof r === 'number') out.count = r;
    else for (const [k, v] of Object.entries(r)) if (typeof v === 'number' && !keyNames.includes(k)) out[k] = v;
    return out;
  });
}

export function pick(summary: unknown, ...paths: string[]): unknown {
  for (const p of paths) {
    const v = p.split('.').reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), summary);
    if (v !== undefined) return v;
  }
  return undefined;
}
