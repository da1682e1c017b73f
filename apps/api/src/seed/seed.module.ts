import { Module } from '@nestjs/common';
import { CasesModule } from '../modules/cases';
import { EscalationsModule } from '../modules/escalations';
import { LiveSessionsModule } from '../modules/live-sessions';
import { SeedService } from './seed.service';
import { DemoSeeder } from './demo.seeder';

@Module({ imports: [CasesModule, EscalationsModule, LiveSessionsModule], providers: [SeedService, DemoSeeder], exports: [SeedService] })
export class SeedModule {}
