import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { SessionMessage } from '@casebridge/contracts';
import { AccessService } from '../identity';
import { PrivacyTargets } from '../privacy';
import { SessionsRepository } from './infra/sessions.repository';

/**
 * Chat messages as reportable, purgeable texts: a purge rewrites the message in
 * the event log, so session:join replays and the transcript no longer carry it, and drops the
 * cached snapshot that may hold it.
 */
@Injectable()
export class SessionTexts implements OnModuleInit {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: AccessService,
    private readonly targets: PrivacyTargets,
  ) {}

  onModuleInit(): void {
    this.targets.registerText('sessionMessage', {
      locate: async (reader, id) => {
        const event = await this.repo.findMessage(id);
        const s = event ? await this.repo.find(String(event.sessionId)) : null;
        if (!event || !s) return null;
        if (
          !this.access.can(reader, 'session.join', {
            kind: 'session',
            cohortId: String(s.cohortId),
            facilitatorId: String(s.facilitatorId),
          })
        )
          return null;
        const message = (event.body as { message: SessionMessage }).message;
        return {
          cohortId: String(s.cohortId),
          ...(message.author.id ? { authorId: message.author.id } : {}),
          fields: { body: message.body },
        };
      },
      replace: async (_moderator, id, _field, text) => {
        const event = await this.repo.findMessage(id);
        if (event) await this.repo.purgeMessage(event, text);
      },
    });
  }
}
