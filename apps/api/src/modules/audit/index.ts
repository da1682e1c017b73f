export { AuditModule } from './audit.module';
export { AuditService, type AuditType, type AuditRecordDto } from './audit.service';
