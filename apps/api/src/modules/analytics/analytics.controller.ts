import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AnalyticsSummaryDto } from '@casebridge/contracts';
import { CurrentActor, type Actor } from '../identity';
import { AnalyticsService } from './analytics.service';

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('summary')
  summary(@CurrentActor() actor: Actor): Promise<AnalyticsSummaryDto> {
    return this.analytics.summary(actor);
  }
}
