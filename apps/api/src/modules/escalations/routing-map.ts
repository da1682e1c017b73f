/**
 * The routing map as admins edit it, in pure functions: conversion between the
 * wire form (a list of domains in order) and the map routing reads, and the checks a new map must
 * pass beyond its schema (every NCP domain 1–8 exactly once).
 */
import type { Profession } from '@casebridge/contracts';
import type { RoutingMap } from './routing';

export interface RoutingMapEntry {
  domain: number;
  professions: Profession[];
}

export const NCP_DOMAIN_NUMBERS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

/** The map as a list of domains 1–8 in order (a domain the map leaves out gets no profession). */
export function toEntries(map: RoutingMap): RoutingMapEntry[] {
  return NCP_DOMAIN_NUMBERS.map((domain) => ({ domain, professions: [...((map[domain] ?? []) as Profession[])] }));
}

export function toMap(entries: readonly RoutingMapEntry[]): RoutingMap {
  const map: RoutingMap = {};
  for (const e of entries) map[e.domain] = [...e.professions];
  return map;
}

/**
 * What is wrong with a list the schema accepted, or null: each domain must appear exactly once.
 * Answers the field to point at (`domains.<index>.domain`).
 */
export function entriesProblem(entries: readonly RoutingMapEntry[]): { field: string; reason: string } | null {
  const seen = new Set<number>();
  for (const [i, e] of entries.entries()) {
    if (seen.has(e.domain)) return { field: `domains.${i}.domain`, reason: `domain ${e.domain} is listed twice` };
    seen.add(e.domain);
  }
  const missing = NCP_DOMAIN_NUMBERS.filter((d) => !seen.has(d));
  if (missing.length) return { field: 'domains', reason: `every NCP domain 1–8 needs professions; missing ${missing.join(', ')}` };
  return null;
}

/** Domains whose professions changed between two maps (for the audit record). */
export function changedDomains(before: RoutingMap, after: RoutingMap): number[] {
  return NCP_DOMAIN_NUMBERS.filter((d) => (before[d] ?? []).join(',') !== (after[d] ?? []).join(','));
}
