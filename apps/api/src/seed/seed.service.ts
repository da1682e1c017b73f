import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DEFAULT_ADMIN_PASSWORD, type AppConfig } from '../config/config';
import { IdentityService, UsersRepository, toActor } from '../modules/identity';
import { DemoSeeder } from './demo.seeder';

/**
 * First-start data: the configured administrator, then (SEED_DEMO, default on) the demo cohort.
 * Idempotent: a restart adds nothing twice.
 */
@Injectable()
export class SeedService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: IdentityService,
    private readonly users: UsersRepository,
    private readonly demo: DemoSeeder,
  ) {}

  async run(demo: boolean): Promise<string[]> {
    const admin = await this.identity.ensureAdmin();
    const lines = [
      `  Administrator: ${admin.email}${this.config.adminPassword === DEFAULT_ADMIN_PASSWORD ? ` / ${DEFAULT_ADMIN_PASSWORD} (default; set ADMIN_PASSWORD)` : ''}`,
    ];
    if (!demo) return lines;
    const adminUser = await this.users.findByEmail(admin.email);
    if (adminUser) lines.push(...(await this.demo.run(toActor(adminUser))));
    return lines;
  }
}
