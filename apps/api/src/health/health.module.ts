import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { DatabaseStatus } from './database-status';

@Module({ controllers: [HealthController], providers: [DatabaseStatus] })
export class HealthModule {}
