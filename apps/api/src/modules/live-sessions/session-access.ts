import { Inject, Injectable, Optional } from '@nestjs/common';
import { ErrorCodes, type Participant, type SessionDto } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { AccessService, UsersRepository, type Actor, type Resource } from '../identity';
import { audienceOf } from '../cases';
import { SessionsRepository } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { toSessionDto } from './live-sessions.mapper';
import { CASE_THREAD, type CaseThread } from './case-thread';

export type SessionPermission = 'session.join' | 'session.control' | 'session.attendance';

/** The 409 every live-session command answers when the session is in the wrong phase. */
export function sessionState(message: string): AppError {
  return AppError.conflict(ErrorCodes.SESSION_STATE, message);
}

/** A session member as the presence rows and the log name them. */
export function participantOf(actor: Actor): Participant {
  return { userId: actor.id, displayName: actor.displayName, profession: actor.profession, role: actor.role };
}

/**
 * Who may do what with a session, and what each viewer sees of it: loading with the access check,
 * and the SessionDto with an anonymous presenter hidden from peers.
 */
@Injectable()
export class SessionAccess {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
    @Optional() @Inject(CASE_THREAD) private readonly caseThread: CaseThread | null,
  ) {}

  async load(actor: Actor, id: string, permission: SessionPermission): Promise<LiveSessionDoc> {
    const s = await this.repo.find(id); // null for a malformed id too
    if (!s) throw AppError.notFound(ErrorCodes.SESSION_NOT_FOUND, 'Session');
    this.access.require(actor, permission, this.resource(s));
    return s;
  }

  canJoin(actor: Actor, s: LiveSessionDoc): boolean {
    return this.access.can(actor, 'session.join', this.resource(s));
  }

  /**
   * The presenter is the anonymous author of the presented case (decided from the case at read
   * time, so sessions stored before this rule are covered). A case that is gone counts as anonymous.
   */
  async presenterAnonymous(s: LiveSessionDoc): Promise<boolean> {
    if (!s.presenterId || !s.presenterCaseId || !this.caseThread) return false;
    const ref = await this.caseThread.getCaseRef(String(s.presenterCaseId));
    return !ref || (ref.anonymous && ref.authorId === String(s.presenterId));
  }

  /** The SessionDto for this viewer: peers other than the presenter do not see an anonymous presenter. */
  async view(s: LiveSessionDoc, viewer: Actor): Promise<SessionDto> {
    const hide = audienceOf(viewer) === 'peer' && String(s.presenterId ?? '') !== viewer.id && (await this.presenterAnonymous(s));
    // the name is read now, so a revisit after the session (nobody present any more) still names them
    const presenterName = s.presenterId && !hide ? (await this.users.findById(String(s.presenterId)))?.displayName : undefined;
    return toSessionDto(s, hide, presenterName);
  }

  private resource(s: LiveSessionDoc): Resource {
    return { kind: 'session', cohortId: String(s.cohortId), facilitatorId: String(s.facilitatorId) };
  }
}
