import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { QualityCsvQuery, QualityQuery, type AnalyticsSummaryDto, type QualityReportDto } from '@casebridge/contracts';
import { ValidQuery } from '../../common/validation';
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

  /** The programme's measures, filtered by cohort and days (docs/endpoints.md). */
  @Get('quality')
  quality(@CurrentActor() actor: Actor, @ValidQuery(QualityQuery) q: QualityQuery): Promise<QualityReportDto> {
    return this.analytics.qualityReport(actor, q);
  }

  /** One table of the report as CSV, cells neutralised against formula injection. */
  @Get('quality.csv')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async qualityCsv(
    @CurrentActor() actor: Actor,
    @ValidQuery(QualityCsvQuery) q: QualityCsvQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const { table, ...filters } = q;
    const csv = await this.analytics.qualityCsv(actor, table, filters);
    res.setHeader('content-disposition', `attachment; filename="quality-${table}.csv"`);
    return csv;
  }
}
