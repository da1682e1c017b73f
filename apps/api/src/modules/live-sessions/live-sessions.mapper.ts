import type { Participant, Profession, Role, SessionDto, SessionEvent, SessionEventBody } from '@casebridge/contracts';
import type { LiveSessionDoc, SessionEventDoc, SessionPresenceDoc } from './infra/session.schema';

export function toSessionDto(d: LiveSessionDoc): SessionDto {
  return {
    id: String(d._id),
    cohortId: String(d.cohortId),
    title: d.title,
    startsAt: new Date(d.startsAt).toISOString(),
    ...(d.presenterCaseId ? { presenterCaseId: String(d.presenterCaseId) } : {}),
    ...(d.presenterId ? { presenterId: String(d.presenterId) } : {}),
    facilitatorId: String(d.facilitatorId),
    phase: d.phase,
    ...(d.startedAt ? { startedAt: new Date(d.startedAt).toISOString() } : {}),
    ...(d.endedAt ? { endedAt: new Date(d.endedAt).toISOString() } : {}),
  };
}

/** A stored log row → the contract event (the body was built from DTOs when it was written). */
export function toEvent(d: SessionEventDoc): SessionEvent {
  return { ...(d.body as SessionEventBody), seq: d.seq, sessionId: String(d.sessionId), at: new Date(d.at).toISOString() } as SessionEvent;
}

export function toParticipant(p: Pick<SessionPresenceDoc, 'userId' | 'displayName' | 'profession' | 'role'>): Participant {
  return { userId: String(p.userId), displayName: p.displayName, profession: p.profession as Profession, role: p.role as Role };
}
