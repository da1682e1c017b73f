import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService } from '../identity';
import { PrivacyTargets, textFields } from '../privacy';
import { EscalationsRepository } from './infra/escalations.repository';
import { escalationResource } from './escalations.mapper';

/**
 * An escalation's question and structured answer as reportable, purgeable texts.
 * The answer's copy in the case thread is the recommendation post, reported and purged as a post.
 */
@Injectable()
export class EscalationTexts implements OnModuleInit {
  constructor(
    private readonly repo: EscalationsRepository,
    private readonly access: AccessService,
    private readonly targets: PrivacyTargets,
  ) {}

  onModuleInit(): void {
    this.targets.registerText('escalation', {
      locate: async (reader, id) => {
        const doc = /^[a-f0-9]{24}$/.test(id) ? await this.repo.findById(id) : null;
        if (!doc || !this.access.can(reader, 'escalation.read', escalationResource(doc))) return null;
        return {
          cohortId: String(doc.cohortId),
          caseId: String(doc.caseId),
          authorId: String(doc.askerId),
          fields: {
            question: doc.question,
            ...textFields(doc.answer ?? {}, 'answer'),
            // Decline reasons, transfer notes and questions for the asker, addressable as `timeline.<i>.text`.
            ...Object.fromEntries(doc.timeline.flatMap((t, i) => (t.text ? [[`timeline.${i}.text`, t.text]] : []))),
          },
        };
      },
      replace: (_moderator, id, field, text) => this.repo.setText(id, field, text),
    });
  }
}
