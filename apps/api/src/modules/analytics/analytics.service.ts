import { Injectable } from '@nestjs/common';
import type { AnalyticsSummaryDto } from '@casebridge/contracts';
import { AccessService, type Actor } from '../identity';
import { CasesService } from '../cases';
import { Clock, EscalationsService } from '../escalations';
import { LiveSessionsService } from '../live-sessions';
import { groupSummaries, hoursBetween, summarize } from './percentiles';

/**
 * Figures for quality improvement (issue 4): escalation response-time percentiles by NCP domain and
 * by faculty profession, cases by domain, posts by profession, live-session participation by profession. Counts only, no text: nothing here
 * can carry PHI. Computed on request (programme-sized data); cache or pre-aggregate if it grows.
 */
@Injectable()
export class AnalyticsService {
  constructor(
    private readonly access: AccessService,
    private readonly cases: CasesService,
    private readonly escalations: EscalationsService,
    private readonly sessions: LiveSessionsService,
    private readonly clock: Clock,
  ) {}

  async summary(actor: Actor): Promise<AnalyticsSummaryDto> {
    this.access.require(actor, 'analytics.read');
    const [samples, casesByDomain, postsByProfession, sessionParticipationByProfession] = await Promise.all([
      this.escalations.responseTimeSamples(),
      this.cases.casesByDomain(),
      this.cases.postCountsByProfession(),
      this.sessions.participationByProfession(),
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
      sessionParticipationByProfession,
      notes: samples.length ? [] : ['No escalation has been answered yet: response-time percentiles are empty'],
    };
  }
}
