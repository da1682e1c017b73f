import { Module } from '@nestjs/common';
import { CasesModule } from '../modules/cases';
import { EscalationsModule } from '../modules/escalations';
import { LiveSessionsModule } from '../modules/live-sessions';
import { SeedService } from './seed.service';
import { DemoSeeder } from './demo.seeder';
import { DemoHistorySeeder } from './demo-history.seeder';
import { DemoSessionsSeeder } from './demo-sessions.seeder';
import { DemoHistoryRepository } from './infra/demo-history.repository';

@Module({
  imports: [CasesModule, EscalationsModule, LiveSessionsModule],
  providers: [SeedService, DemoSeeder, DemoHistorySeeder, DemoSessionsSeeder, DemoHistoryRepository],
  exports: [SeedService],
})
export class SeedModule {}
