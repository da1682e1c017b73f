import { Inject, Injectable } from '@nestjs/common';
import { ErrorCodes, type AnalyticsSummaryDto, type QualityQuery, type QualityReportDto, type QualityTable } from '@casebridge/contracts';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AppError } from '../../common/app-error';
import { AccessService, type Actor } from '../identity';
import { CasesService } from '../cases';
import { Clock, EscalationsService } from '../escalations';
import { LiveSessionsService } from '../live-sessions';
import { groupSummaries, hoursBetween, summarize } from './percentiles';
import { QualityRepository, type QualityScope } from './infra/quality.repository';
import {
  dayRange,
  isRealDay,
  firstPeerReply,
  onTimeBy,
  onTimeOverall,
  professionKeys,
  routingCounts,
  sessionsByProfession,
} from './quality';
import { qualityCsv } from './quality-csv';

/**
 * Figures for quality improvement: escalation response-time percentiles by NCP domain and
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
    private readonly quality: QualityRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  /**
   * The programme's measures for a cohort and a range of days. Admins see every cohort; faculty
   * see the cohorts they belong to (another cohort is not found, as elsewhere).
   */
  async qualityReport(actor: Actor, q: QualityQuery): Promise<QualityReportDto> {
    this.access.require(actor, 'analytics.read');
    const scope = this.scope(actor, q);
    const now = this.clock.now();
    const [escalations, cases, sessions] = await Promise.all([
      this.quality.escalations(scope),
      this.quality.cases(scope),
      this.quality.sessions(scope),
    ]);
    const [posts, attendees] = await Promise.all([
      this.quality.posts(cases.map((c) => c.id)),
      this.quality.attendees(sessions.map((s) => s.id)),
    ]);
    const notes: string[] = [];
    if (!escalations.length) notes.push('No escalation was raised in this range.');
    if (!sessions.length) notes.push('No live session took place in this range.');
    return {
      generatedAt: now.toISOString(),
      filters: { cohortId: q.cohortId ?? null, from: q.from ?? null, to: q.to ?? null },
      targetHours: { ...this.config.escalationTargetHours },
      onTime: {
        overall: onTimeOverall(escalations, now),
        byUrgency: onTimeBy(escalations, (e) => [e.urgency], now, ['urgent', 'routine']),
        byDomain: onTimeBy(escalations, (e) => e.domains.map(String), now),
        byProfession: onTimeBy(escalations, professionKeys, now),
      },
      routing: routingCounts(escalations),
      firstPeerReply: firstPeerReply(cases, posts),
      sessionsByProfession: sessionsByProfession(sessions, attendees),
      notes,
    };
  }

  async qualityCsv(actor: Actor, table: QualityTable, q: QualityQuery): Promise<string> {
    return qualityCsv(await this.qualityReport(actor, q), table);
  }

  private scope(actor: Actor, q: QualityQuery): QualityScope {
    if (q.from && q.to && q.from > q.to) throw AppError.validation('The range starts after it ends: "from" must not be later than "to"');
    for (const d of [q.from, q.to])
      if (d !== undefined && !isRealDay(d)) throw AppError.validation('"from" and "to" must be real calendar days (YYYY-MM-DD)');
    const range = dayRange(q.from, q.to);
    const admin = actor.role === 'admin';
    if (q.cohortId && !admin && !actor.cohortIds.includes(q.cohortId)) throw AppError.notFound(ErrorCodes.COHORT_NOT_FOUND, 'Cohort');
    const cohortIds = q.cohortId ? [q.cohortId] : admin ? undefined : actor.cohortIds;
    return { ...range, ...(cohortIds ? { cohortIds } : {}) };
  }
}
