import { Injectable } from '@nestjs/common';
import type { AnalyticsSummaryDto } from '@casebridge/contracts';
import { AccessService, type Actor } from '../identity';
import { CasesService } from '../cases';
import { Clock, EscalationsService } from '../escalations';
import { groupSummaries, hoursBetween, summarize } from './percentiles';

/**
 * Figures for quality improvement (issue 4): escalation response-time percentiles by NCP domain and
 * by faculty profession, cases by domain, posts by profession. Counts only, no text: nothing here
 * can carry PHI. Computed on request (programme-sized data); cache or pre-aggregate if it grows.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesService,
    private readonly escalations: EscalationsService,
    private readonly clock: Clock,
  ) {}

  async summary(actor: Actor): Promise<AnalyticsSummaryDto> {
    this.access.require(actor, 'analytics.read');
    const [samples, casesByDomain, postsByProfession] = await Promise.all([
      this.escalations.responseTimeSamples(),
      this.cases.casesByDomain(),
      this.cases.postCountsByProfession(),
    ]);
    const hours = (s: (typeof samples)[number]) => hoursBetween(s.createdAt, s.answeredAt);
    return {
      generatedAt: this.clock.now().toISOString(),
      escalationResponseHours: {
        overall: summarize(samples.map(hours)),
        byDomain: groupSummaries(samples, (s) => s.domains, hours),
        byProfession: groupSummaries(samples, (s) => (s.profession ? [s.profession] : []), hours),
      },
      casesByDomain,
      postsByProfession,
      // The live-sessions module exports no participation figures yet; rather than read its
      // collections behind its back, the field stays empty and says so.
      sessionParticipationByProfession: {},
      notes: ['sessionParticipationByProfession is empty: live-session participation figures are not exported by the live-sessions module yet'],
    };
  }
}
