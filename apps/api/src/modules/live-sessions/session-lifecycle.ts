import { Injectable } from '@nestjs/common';
import type { SessionDto } from '@casebridge/contracts';
import type { Actor } from '../identity';
import { SessionsRepository } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { SessionAccess, sessionState } from './session-access';
import { SessionLog } from './session-log';
import { TranscriptHandOff } from './session-transcript';

/** Starting and ending a session (REST and the facilitator's `session:phase: ended`). */
@Injectable()
export class SessionLifecycle {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: SessionAccess,
    private readonly log: SessionLog,
    private readonly transcript: TranscriptHandOff,
  ) {}

  async start(actor: Actor, id: string): Promise<SessionDto> {
    await this.access.load(actor, id, 'session.control');
    const now = new Date();
    const r = await this.log.append(
      id,
      { type: 'phase', phase: 'presentation' },
      { where: { phase: 'lobby' }, set: { phase: 'presentation', startedAt: now } },
    );
    if (!r) throw sessionState('The session has already started');
    const s = (await this.repo.find(id)) as LiveSessionDoc;
    // Everyone sees who presents which case from the first moment of the presentation, unless the
    // presenter is the case's anonymous author: the log is shared by every audience, so then it
    // names the case only (faculty and moderators still see the presenter in the SessionDto).
    if (s.presenterId) {
      const anonymous = await this.access.presenterAnonymous(s);
      await this.log.append(id, {
        type: 'presenter',
        ...(anonymous ? {} : { presenterId: String(s.presenterId) }),
        ...(s.presenterCaseId ? { caseId: String(s.presenterCaseId) } : {}),
      });
    }
    return this.access.view(s, actor);
  }

  async end(actor: Actor, id: string): Promise<SessionDto> {
    await this.access.load(actor, id, 'session.control');
    const r = await this.log.append(
      id,
      { type: 'phase', phase: 'ended' },
      { where: { phase: { $ne: 'ended' } }, set: { phase: 'ended', endedAt: new Date() } },
    );
    if (!r) throw sessionState('The session has already ended');
    const ended = (await this.repo.find(id)) as LiveSessionDoc;
    await this.transcript.handOff(actor, ended);
    return this.access.view((await this.repo.find(id)) as LiveSessionDoc, actor);
  }
}
