import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, DEFAULT_ADMIN_PASSWORD, type AppConfig } from '../config/config';
import { IdentityService } from '../modules/identity';
import { DEMO_SEEDERS, type DemoSeeder } from './demo';

/**
 * First-start data: the configured administrator, then (SEED_DEMO, default on) a demo cohort.
 * Idempotent: every step checks for what it would create, so a restart adds nothing twice.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: IdentityService,
  ) {}

  async run(demo: boolean, seeders: DemoSeeder[] = DEMO_SEEDERS): Promise<string[]> {
    const admin = await this.identity.ensureAdmin();
    const lines = [
      `  Administrator: ${admin.email}${this.config.adminPassword === DEFAULT_ADMIN_PASSWORD ? ` / ${DEFAULT_ADMIN_PASSWORD} (default; set ADMIN_PASSWORD)` : ''}`,
    ];
    if (!demo) return lines;
    for (const s of seeders) lines.push(...(await s()));
    return lines;
  }
}
