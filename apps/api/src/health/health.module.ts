import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { DatabaseStatus } from './database-status';

@Module({ imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController], providers: [DatabaseStatus] })
export class HealthModule {}
