import { Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AUDIT, AuditSchema } from './infra/audit.schema';
import { AuditService } from './audit.service';
import { AuditRepository } from './infra/audit.repository';

/** The audit store. Global so every feature can record; its HTTP view is AuditHttpModule. */
@Global()
@Module({
  imports: [MongooseModule.forFeature([{ name: AUDIT, schema: AuditSchema }])],
  providers: [AuditRepository, AuditService],
  exports: [AuditService],
})
export class AuditModule {}
