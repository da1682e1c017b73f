import type { Participant, Profession, Role, SessionDto, SessionEvent, SessionEventBody } from '@casebridge/contracts';
import type { LiveSessionDoc, SessionEventDoc, SessionPresenceDoc } from './infra/session.schema';

/**
 * A session as one viewer sees it. `hidePresenter`: the presenter is the anonymous author of the
 * presented case and the viewer is a peer, so the DTO must not link them.
 */
export function toSessionDto(d: LiveSessionDoc, hidePresenter = false, presenterName?: string): SessionDto {
  return {
    id: String(d._id),
    cohortId: String(d.cohortId),
    title: d.title,
    startsAt: new Date(d.startsAt).toISOString(),
    ...(d.presenterCaseId ? { presenterCaseId: String(d.presenterCaseId) } : {}),
    ...(d.presenterId && !hidePresenter ? { presenterId: String(d.presenterId) } : {}),
    ...(d.presenterId && hidePresenter ? { presenterAnonymous: true } : {}),
    facilitatorId: String(d.facilitatorId),
    phase: d.phase,
    ...(d.startedAt ? { startedAt: new Date(d.startedAt).toISOString() } : {}),
    ...(d.endedAt ? { endedAt: new Date(d.endedAt).toISOString() } : {}),
    ...(d.timeZone ? { timeZone: d.timeZone } : {}),
    ...(d.meetingUrl ? { meetingUrl: d.meetingUrl } : {}),
    ...(d.meetingLabel ? { meetingLabel: d.meetingLabel } : {}),
    ...(d.presenterId && !hidePresenter && presenterName ? { presenterName } : {}),
  };
}

/** A stored log row → the contract event (the body was built from DTOs when it was written). */
export function toEvent(d: SessionEventDoc): SessionEvent {
  return { ...(d.body as SessionEventBody), seq: d.seq, sessionId: String(d.sessionId), at: new Date(d.at).toISOString() } as SessionEvent;
}

export function toParticipant(p: Pick<SessionPresenceDoc, 'userId' | 'displayName' | 'profession' | 'role'>): Participant {
  return { userId: String(p.userId), displayName: p.displayName, profession: p.profession as Profession, role: p.role as Role };
}
