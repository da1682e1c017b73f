import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { SessionMessage, SessionPhase } from '@casebridge/contracts';
import type { Actor } from '../identity';
import { SessionsRepository } from './infra/sessions.repository';
import type { LiveSessionDoc } from './infra/session.schema';
import { SessionAccess } from './session-access';
import { transcriptParts } from './session-records';
import { CASE_THREAD, type CaseThread } from './case-thread';

/**
 * The hand-off of an ended session's transcript (summary, recommendations, chat by phase) to the
 * presented case's thread: once per session across replicas, never failing the end itself.
 */
@Injectable()
export class TranscriptHandOff {
  private readonly logger = new Logger('LiveSessions');

  constructor(
    private readonly repo: SessionsRepository,
    private readonly access: SessionAccess,
    @Optional() @Inject(CASE_THREAD) private readonly caseThread: CaseThread | null,
  ) {}

  async handOff(actor: Actor, s: LiveSessionDoc): Promise<void> {
    const id = String(s._id);
    if (!s.presenterCaseId || !this.caseThread) return;
    if (!(await this.repo.claimTranscript(id))) return;
    const caseId = String(s.presenterCaseId);
    try {
      const messages = (await this.repo.messages(id)).map((e) => (e.body as { message: SessionMessage }).message);
      const anonymousPresenterId = (await this.access.presenterAnonymous(s)) ? String(s.presenterId) : undefined;
      const phases = (await this.repo.phaseEvents(id)).map((e) => ({ seq: e.seq, phase: (e.body as { phase: SessionPhase }).phase }));
      const meta = {
        title: s.title,
        ...(s.startedAt ? { startedAt: s.startedAt } : {}),
        ...(s.endedAt ? { endedAt: s.endedAt } : {}),
        ...(s.timeZone ? { timeZone: s.timeZone } : {}),
        ...(s.summary ? { summary: s.summary } : {}),
        ...(anonymousPresenterId ? { anonymousPresenterId } : {}),
      };
      // one structured record (summary and recommendations first), in parts only when it is long
      const parts = transcriptParts(meta, messages, phases);
      for (let i = 0; i < parts.length; i++) {
        await this.caseThread.addPost(actor, caseId, { body: parts[i], kind: 'system', clientId: `ls-${id}-t${i}` });
      }
      await this.repo.setFields(id, { transcriptPostedAt: new Date() });
    } catch (err) {
      // Ending must not fail because the case thread refused: record why (a code, never text) for a retry.
      const code = (err as { code?: string }).code ?? (err as Error).name;
      this.logger.warn({ sessionId: id, code }, 'transcript hand-off failed');
      await this.repo.setFields(id, { transcriptError: String(code) });
    }
  }
}
