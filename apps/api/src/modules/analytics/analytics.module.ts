import { Module } from '@nestjs/common';
import { CasesModule } from '../cases';
import { EscalationsModule } from '../escalations';
import { LiveSessionsModule } from '../live-sessions';
import { AnalyticsService } from './analytics.service';
import { AnalyticsController } from './analytics.controller';
import { QualityRepository } from './infra/quality.repository';

/**
 * Owns no collection. The summary reads other features through their exported services; the
 * quality report reads their collections read-only through infra/quality.repository.ts (times,
 * keys and counts, never text).
 */
@Module({
  imports: [CasesModule, EscalationsModule, LiveSessionsModule],
  providers: [AnalyticsService, QualityRepository],
  controllers: [AnalyticsController],
})
export class AnalyticsModule {}
