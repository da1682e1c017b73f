import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, KNOWN_DEMO_PASSWORD, type AppConfig } from '../config/config';
import { IdentityService, UsersRepository, toActor, type Actor } from '../modules/identity';
import { CasesService } from '../modules/cases';
import { EscalationsService } from '../modules/escalations';
import { LiveSessionsService } from '../modules/live-sessions';
import { DEMO_CASES, DEMO_COHORT, DEMO_PEOPLE, DEMO_SESSION } from './demo-content';
import { DemoHistorySeeder } from './demo-history.seeder';
import { DemoSessionsSeeder } from './demo-sessions.seeder';

/**
 * The demo cohort, through the same services (and so the same PHI gate) as real use. Every step
 * looks for what it would create first, so a restart adds nothing twice.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly identity: IdentityService,
    private readonly users: UsersRepository,
    private readonly cases: CasesService,
    private readonly escalations: EscalationsService,
    private readonly sessions: LiveSessionsService,
    private readonly history: DemoHistorySeeder,
    private readonly pastSessions: DemoSessionsSeeder,
  ) {}

  async run(admin: Actor): Promise<string[]> {
    const started = Date.now();
    const cohort = (await this.users.findCohortByName(DEMO_COHORT)) ?? (await this.users.createCohort(DEMO_COHORT, admin.id));
    const cohortId = String(cohort._id);
    const people = new Map<string, Actor>();
    // One argon2 hash for every demo user (they share the password): eleven hashes cost a second of a loaded core.
    let passwordHash: Promise<string> | undefined;
    for (const p of DEMO_PEOPLE) {
      let user = await this.users.findByEmail(p.email);
      if (!user) {
        user = await this.users.create({
          email: p.email,
          passwordHash: await (passwordHash ??= this.identity.hashPassword(this.config.demoPassword)),
          displayName: p.displayName,
          profession: p.profession,
          role: p.role,
          moderator: Boolean(p.moderator),
          cohortIds: [cohort._id],
          demo: true,
        } as never);
      }
      people.set(p.key, toActor(user));
    }
    const peopleReady = Date.now();
    const adminInCohort: Actor = { ...admin, cohortIds: [...admin.cohortIds, cohortId] };
    const existing = await this.cases.list(adminInCohort, { cohortId, limit: 100 });
    const titles = new Set(existing.items.map((c) => c.title));
    let firstCaseId = existing.items.find((c) => c.title === DEMO_CASES[0].request.title)?.id;
    for (const demo of DEMO_CASES) {
      if (titles.has(demo.request.title)) continue;
      const author = people.get(demo.authorKey)!;
      const created = await this.cases.create(author, { ...demo.request, cohortId });
      if (demo === DEMO_CASES[0]) firstCaseId = created.id;
      for (const post of demo.posts) await this.cases.addPost(people.get(post.authorKey)!, created.id, { body: post.body, kind: 'post' });
      if (demo.escalate) await this.escalations.create(author, created.id, demo.escalate);
    }
    const lap = { people: peopleReady - started, cases: Date.now() - peopleReady };
    const sessionTitles = new Set(
      (await this.sessions.list(adminInCohort, false)).filter((s) => s.cohortId === cohortId).map((s) => s.title),
    );
    const upcoming = await this.sessions.list(adminInCohort, true);
    if (!upcoming.some((s) => s.title === DEMO_SESSION.title && s.cohortId === cohortId)) {
      const faculty = people.get('physician')!;
      await this.sessions.create(faculty, {
        cohortId,
        title: DEMO_SESSION.title,
        startsAt: new Date(Date.now() + DEMO_SESSION.startsInHours * 3600_000).toISOString(),
        ...(firstCaseId ? { presenterCaseId: firstCaseId, presenterId: people.get('nurse')!.id } : {}),
      });
    }
    this.logger.log(
      `Demo cohort ready in ${Date.now() - started} ms (${Object.entries(lap)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    // The months of history (the larger part of the seed) fill in while the server already listens,
    // so the demo history never delays a start; "Demo history ready" in the log says when it is there.
    const t = Date.now();
    void Promise.all([this.history.run(cohortId, people, titles), this.pastSessions.run(cohortId, people, sessionTitles)]).then(
      () => this.logger.log(`Demo history ready in ${Date.now() - t} ms`),
      (err: unknown) => this.logger.error(`Demo history failed: ${(err as Error).message}`),
    );
    return [
      // Only the documented password is printed; one set through DEMO_PASSWORD stays out of the logs.
      `  Demo cohort "${DEMO_COHORT}" (password for every demo user: ${this.config.demoPassword === KNOWN_DEMO_PASSWORD ? KNOWN_DEMO_PASSWORD : 'the DEMO_PASSWORD you set'}):`,
      ...DEMO_PEOPLE.map((p) => `    ${p.role.padEnd(8)} ${p.profession.padEnd(14)} ${p.email}${p.moderator ? '  (moderator)' : ''}`),
    ];
  }
}
