import { Module } from '@nestjs/common';
import { CasesModule } from '../cases';
import { EscalationsModule } from '../escalations';
import { LiveSessionsModule } from '../live-sessions';
import { AnalyticsService } from './analytics.service';
import { AnalyticsController } from './analytics.controller';

/** Reads other features only through their exported services; owns no collection. */
@Module({
  imports: [CasesModule, EscalationsModule, LiveSessionsModule],
  providers: [AnalyticsService],
  controllers: [AnalyticsController],
})
export class AnalyticsModule {}
