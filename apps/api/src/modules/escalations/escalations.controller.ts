import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Static } from '@sinclair/typebox';
import {
  AnswerEscalationRequest,
  CreateEscalationRequest,
  DeclineEscalationRequest,
  ListEscalationsQuery,
  ProvideInfoRequest,
  RequestInfoRequest,
  RoutePreviewQuery,
  TransferEscalationRequest,
  type EscalationDto,
  type FacultyColleagueDto,
  type RoutePreviewDto,
} from '@casebridge/contracts';
import { ValidBody, ValidQuery } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { EscalationsService } from './escalations.service';

/** Thin: binds the actor and validated input, delegates to EscalationsService (which checks access). */
@ApiTags('escalations')
@ApiBearerAuth()
@Controller()
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Post('cases/:id/escalations')
  create(
    @CurrentActor() actor: Actor,
    @Param('id') caseId: string,
    @ValidBody(CreateEscalationRequest) body: CreateEscalationRequest,
  ): Promise<EscalationDto> {
    return this.escalations.create(actor, caseId, body);
  }

  @Get('cases/:id/escalations')
  listForCase(@CurrentActor() actor: Actor, @Param('id') caseId: string): Promise<EscalationDto[]> {
    return this.escalations.listForCase(actor, caseId);
  }

  @Get('escalations')
  list(@CurrentActor() actor: Actor, @ValidQuery(ListEscalationsQuery) q: Static<typeof ListEscalationsQuery>): Promise<EscalationDto[]> {
    return this.escalations.list(actor, q.scope ?? 'mine');
  }

  // Declared before `escalations/:id` so "route-preview" is not taken for an id.
  @Get('escalations/route-preview')
  routePreview(@ValidQuery(RoutePreviewQuery) q: Static<typeof RoutePreviewQuery>): Promise<RoutePreviewDto> {
    return this.escalations.routePreview(q.domains, q.professions ?? [], q.urgency);
  }

  @Get('escalations/colleagues')
  colleagues(@CurrentActor() actor: Actor): Promise<FacultyColleagueDto[]> {
    return this.escalations.colleagues(actor);
  }

  @Get('escalations/:id')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<EscalationDto> {
    return this.escalations.get(actor, id);
  }

  @Post('escalations/:id/claim')
  @HttpCode(200)
  claim(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<EscalationDto> {
    return this.escalations.claim(actor, id);
  }

  @Post('escalations/:id/answer')
  @HttpCode(200)
  answer(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(AnswerEscalationRequest) body: AnswerEscalationRequest,
  ): Promise<EscalationDto> {
    return this.escalations.answer(actor, id, body);
  }

  @Post('escalations/:id/resolve')
  @HttpCode(200)
  resolve(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<EscalationDto> {
    return this.escalations.resolve(actor, id);
  }

  @Post('escalations/:id/decline')
  @HttpCode(200)
  decline(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(DeclineEscalationRequest) body: DeclineEscalationRequest,
  ): Promise<EscalationDto> {
    return this.escalations.decline(actor, id, body);
  }

  @Post('escalations/:id/transfer')
  @HttpCode(200)
  transfer(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(TransferEscalationRequest) body: TransferEscalationRequest,
  ): Promise<EscalationDto> {
    return this.escalations.transfer(actor, id, body);
  }

  @Post('escalations/:id/request-info')
  @HttpCode(200)
  requestInfo(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(RequestInfoRequest) body: RequestInfoRequest,
  ): Promise<EscalationDto> {
    return this.escalations.requestInfo(actor, id, body);
  }

  @Post('escalations/:id/info')
  @HttpCode(200)
  provideInfo(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(ProvideInfoRequest) body: ProvideInfoRequest,
  ): Promise<EscalationDto> {
    return this.escalations.provideInfo(actor, id, body);
  }
}
