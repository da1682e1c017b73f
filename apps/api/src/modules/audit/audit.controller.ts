import { Controller, Get, Module } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from '@sinclair/typebox';
import { AccessService, CurrentActor, type Actor } from '../identity';
import { ValidQuery } from '../../common/validation';
import { AuditService, type AuditRecordDto } from './audit.service';

const AuditQuery = Type.Object(
  {
    type: Type.Optional(Type.String({ pattern: '^[a-z_.]+$', maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  @Get()
  list(@CurrentActor() actor: Actor, @ValidQuery(AuditQuery) q: { type?: string; limit?: number }): Promise<AuditRecordDto[]> {
    this.access.require(actor, 'audit.read');
    return this.audit.list(q);
  }
}

/** Kept apart from AuditModule so identity can record audit events without an import cycle. */
@Module({ controllers: [AuditController] })
export class AuditHttpModule {}
