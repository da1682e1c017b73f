import { Controller, Get, Header, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { Response } from 'express';
import {
  CreateSessionRequest,
  SessionEvaluationRequest,
  type SessionDto,
  type SessionEvaluationSummary,
  type SessionSnapshot,
  type SessionWithAgenda,
} from '@casebridge/contracts';
import { ValidBody, ValidQuery } from '../../common/validation';
import { CurrentActor, type Actor } from '../identity';
import { LiveSessionsService } from './live-sessions.service';
import { SessionSubmissionsService } from './session-submissions.service';

const ListSessionsQuery = Type.Object({ upcoming: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
const CertificateQuery = Type.Object(
  { from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) },
  { additionalProperties: false },
);

const pdfFile = (c: { pdf: Uint8Array; filename: string }) =>
  new StreamableFile(Buffer.from(c.pdf), { type: 'application/pdf', disposition: `attachment; filename="${c.filename}"` });

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions')
export class LiveSessionsController {
  constructor(
    private readonly sessions: LiveSessionsService,
    private readonly submissions: SessionSubmissionsService,
  ) {}

  @Post()
  create(@CurrentActor() actor: Actor, @ValidBody(CreateSessionRequest) body: CreateSessionRequest): Promise<SessionDto> {
    return this.sessions.create(actor, body);
  }

  @Get()
  async list(
    @CurrentActor() actor: Actor,
    @ValidQuery(ListSessionsQuery) q: Static<typeof ListSessionsQuery>,
  ): Promise<SessionWithAgenda[]> {
    // each session with its agenda of approved cases
    return this.submissions.withAgenda(actor, await this.sessions.list(actor, q.upcoming === true));
  }

  /** Declared before ':id' so the literal path is not read as a session id. */
  @Get('certificate.pdf')
  @ApiProduces('application/pdf')
  async certificateForPeriod(
    @CurrentActor() actor: Actor,
    @ValidQuery(CertificateQuery) q: Static<typeof CertificateQuery>,
  ): Promise<StreamableFile> {
    return pdfFile(await this.sessions.certificateForPeriod(actor, q.from, q.to));
  }

  @Get(':id/certificate.pdf')
  @ApiProduces('application/pdf')
  async certificate(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<StreamableFile> {
    return pdfFile(await this.sessions.certificate(actor, id));
  }

  @Get(':id')
  async get(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
  ): Promise<{ session: SessionWithAgenda; snapshot: SessionSnapshot; seq: number }> {
    const r = await this.sessions.get(actor, id);
    return { ...r, session: await this.submissions.withAgendaOne(actor, r.session) };
  }

  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SessionDto> {
    return this.sessions.start(actor, id);
  }

  @Post(':id/end')
  @HttpCode(200)
  end(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SessionDto> {
    return this.sessions.end(actor, id);
  }

  @Post(':id/evaluation')
  @HttpCode(200)
  evaluate(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(SessionEvaluationRequest) body: SessionEvaluationRequest,
  ): Promise<{ saved: true }> {
    return this.sessions.evaluate(actor, id, body);
  }

  @Get(':id/evaluations')
  evaluations(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<SessionEvaluationSummary> {
    return this.sessions.evaluations(actor, id);
  }

  @Get(':id/attendance.csv')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async attendance(@CurrentActor() actor: Actor, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const csv = await this.sessions.attendanceCsv(actor, id);
    res.setHeader('content-disposition', `attachment; filename="session-${id}-attendance.csv"`);
    return csv;
  }
}
