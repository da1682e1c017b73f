import type { EscalationDto, RecommendationDto } from '@casebridge/contracts';
import type { Resource } from '../identity';
import type { EscalationDoc } from './infra/escalation.schema';

/** Stored escalation → contract DTO (explicit, so no stored field leaks: leases, versions, answers). */
export function toEscalationDto(d: EscalationDoc, names: Map<string, string> = new Map()): EscalationDto {
  const assigneeId = d.assigneeId ? String(d.assigneeId) : undefined;
  return {
    id: String(d._id),
    caseId: String(d.caseId),
    ...(d.caseTitle ? { caseTitle: d.caseTitle } : {}),
    cohortId: String(d.cohortId),
    askerId: String(d.askerId),
    question: d.question,
    domains: [...d.domains],
    professions: [...(d.professions ?? [])],
    targetProfessions: [...(d.targetProfessions ?? [])],
    urgency: d.urgency,
    status: d.status,
    ...(assigneeId ? { assigneeId } : {}),
    ...(assigneeId && names.get(assigneeId) ? { assigneeName: names.get(assigneeId) } : {}),
    routingReason: d.routingReason,
    dueAt: d.dueAt.toISOString(),
    ...(d.claimDueAt && d.status === 'assigned' ? { claimDueAt: d.claimDueAt.toISOString() } : {}),
    ...(d.answeredAt ? { answeredAt: d.answeredAt.toISOString() } : {}),
    ...(d.pausedAt && d.status === 'needs_info' ? { pausedAt: d.pausedAt.toISOString() } : {}),
    ...(d.postId ? { postId: d.postId } : {}),
    createdAt: d.createdAt.toISOString(),
    timeline: (d.timeline ?? []).map((t) => ({
      at: t.at.toISOString(),
      type: t.type,
      ...(t.actorId ? { actorId: String(t.actorId) } : {}),
      ...(t.note ? { note: t.note } : {}),
      ...(t.text ? { text: t.text } : {}),
    })),
  };
}

/**
 * The peer view of an escalation whose asker is the case's anonymous author: no asker id, and no
 * actor id on timeline entries the asker made (`created`, a withdrawal). Everyone else who may read
 * it (the asker, faculty, moderators, admins) gets the full DTO.
 */
export function withoutAsker(dto: EscalationDto): EscalationDto {
  const { askerId, ...rest } = dto;
  return {
    ...rest,
    askerAnonymous: true,
    timeline: dto.timeline.map(({ actorId, ...t }) => (actorId !== undefined && actorId !== askerId ? { ...t, actorId } : t)),
  };
}

/** The access-table resource for an escalation (modules/identity POLICY). */
export function escalationResource(d: EscalationDoc): Resource {
  return {
    kind: 'escalation',
    cohortId: String(d.cohortId),
    askerId: String(d.askerId),
    ...(d.assigneeId ? { assigneeId: String(d.assigneeId) } : {}),
    targetProfessions: [...(d.targetProfessions ?? [])],
    offered: d.status === 'offered',
  };
}

/** The readable body of the recommendation post (each part already passed the PHI gate). */
export function recommendationBody(r: Omit<RecommendationDto, 'escalationId'>): string {
  return [
    `Question (restated): ${r.restatedQuestion}`,
    `Recommendations: ${r.recommendations}`,
    `Rationale: ${r.rationale}`,
    ...(r.contingency ? [`Contingency: ${r.contingency}`] : []),
    ...(r.followUp ? [`Follow-up: ${r.followUp}`] : []),
  ].join('\n\n');
}
