/**
 * Escalation routing as pure functions (no Nest, no mongoose) so it is unit-tested directly.
 *
 * Rule: the question's NCP domains map to faculty professions through the
 * configurable routing map (docs/domain.md: a product decision, not a published standard); professions
 * the asker requested count too. Among faculty whose profession is a target AND whose expertise
 * (their own NCP domains, or by default the domains the routing map sends to their profession)
 * overlaps the question's domains AND who are on duty, those whose expertise covers the most of
 * the question's domains come first (a question on pain and spiritual distress
 * prefers the member whose chosen expertise spans both), then the least open load wins.
 * Ties break deterministically: the profession listed first (requested professions, then the map's
 * order), then the lowest user id. The reason is recorded in words on the escalation.
 */
import type { Profession } from '@casebridge/contracts';

export type RoutingMap = Record<number, string[]>;

export interface RoutingCandidate {
  id: string;
  profession: Profession;
  onDuty: boolean;
  /** The user's own choice; empty/undefined means "default for my profession". */
  expertiseDomains?: number[] | null;
  /** Open load: escalations assigned to or claimed by this user and not yet answered. */
  load: number;
}

export interface RoutingDecision {
  assigneeId?: string;
  assigneeProfession?: Profession;
  targetProfessions: Profession[];
  /** On-duty faculty with a matching profession and expertise (after exclusions). */
  eligible: number;
  reason: string;
}

/**
 * Faculty professions a question routes to: requested professions first (the asker's preference),
 * then the professions the map gives for each domain, in domain order, without duplicates.
 */
export function targetProfessions(domains: number[], requested: Profession[] | undefined, map: RoutingMap): Profession[] {
  const out: Profession[] = [];
  const add = (p: string) => {
    if (!out.includes(p as Profession)) out.push(p as Profession);
  };
  for (const p of requested ?? []) add(p);
  for (const d of [...domains].sort((a, b) => a - b)) for (const p of map[d] ?? []) add(p);
  return out;
}

/** The NCP domains a profession is routed for by the map (the default expertise). */
export function defaultExpertiseFor(profession: string, map: RoutingMap): number[] {
  return Object.entries(map)
    .filter(([, professions]) => professions.includes(profession))
    .map(([d]) => Number(d))
    .sort((a, b) => a - b);
}

export function expertiseOf(c: Pick<RoutingCandidate, 'profession' | 'expertiseDomains'>, map: RoutingMap): number[] {
  return c.expertiseDomains && c.expertiseDomains.length ? c.expertiseDomains : defaultExpertiseFor(c.profession, map);
}

/** Profession and expertise match (duty is checked separately so off-duty skips can be counted). */
export function matches(c: RoutingCandidate, domains: number[], targets: Profession[], map: RoutingMap): boolean {
  if (!targets.includes(c.profession)) return false;
  const exp = expertiseOf(c, map);
  return domains.some((d) => exp.includes(d));
}

/** How many of the question's domains this member's expertise covers. */
export function coverage(c: Pick<RoutingCandidate, 'profession' | 'expertiseDomains'>, domains: number[], map: RoutingMap): number {
  const exp = expertiseOf(c, map);
  return new Set(domains.filter((d) => exp.includes(d))).size;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Picks the assignee. `exclude` lists users who must not get it (e.g. the member it is being
 * re-routed away from). Returns no assignee when nobody matches: the caller offers it to the pool.
 */
export function chooseAssignee(input: {
  domains: number[];
  requested?: Profession[];
  candidates: RoutingCandidate[];
  map: RoutingMap;
  exclude?: string[];
}): RoutingDecision {
  const { domains, map } = input;
  const targets = targetProfessions(domains, input.requested, map);
  const exclude = new Set(input.exclude ?? []);
  const head = `domain ${[...domains].sort((a, b) => a - b).join(',')} → ${targets.length ? targets.join('/') : 'no faculty profession'}`;
  const matching = input.candidates.filter((c) => matches(c, domains, targets, map) && !exclude.has(c.id));
  const onDuty = matching.filter((c) => c.onDuty);
  const offDuty = matching.length - onDuty.length;
  const skipped = [offDuty ? `${offDuty} off duty skipped` : '', exclude.size ? `${exclude.size} excluded` : ''].filter(Boolean).join(', ');
  if (onDuty.length === 0) {
    return {
      targetProfessions: targets,
      eligible: 0,
      reason: `${head}; nobody on duty with matching expertise${skipped ? ` (${skipped})` : ''}; offered to the pool`,
    };
  }
  const rank = (p: Profession) => targets.indexOf(p);
  const cover = new Map(onDuty.map((c) => [c.id, coverage(c, domains, map)]));
  const sorted = [...onDuty].sort(
    (a, b) => cover.get(b.id)! - cover.get(a.id)! || a.load - b.load || rank(a.profession) - rank(b.profession) || compareIds(a.id, b.id),
  );
  const best = sorted[0];
  const widest = cover.get(best.id)!;
  const preferred = domains.length > 1 && onDuty.some((c) => cover.get(c.id)! < widest);
  const tied = sorted.filter((c) => c.load === best.load && cover.get(c.id) === widest).length;
  return {
    assigneeId: best.id,
    assigneeProfession: best.profession,
    targetProfessions: targets,
    eligible: onDuty.length,
    reason:
      `${head}; ${onDuty.length} on duty${skipped ? ` (${skipped})` : ''}` +
      (preferred ? `; expertise covering ${widest} of ${new Set(domains).size} domains preferred` : '') +
      `; least load ${best.load}` +
      (tied > 1 ? ` (${tied} tied: ${best.profession} first in routing order, then lowest id)` : '') +
      `; chose ${best.profession}`,
  };
}
