import { Inject, Injectable } from '@nestjs/common';
import type { RoutingMapDto, UpdateRoutingMapRequest } from '@casebridge/contracts';
import { AppError } from '../../common/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { AuditService } from '../audit';
import { AccessService, UsersRepository, type Actor } from '../identity';
import { RoutingMapRepository } from './infra/routing-map.repository';
import { changedDomains, entriesProblem, toEntries, toMap } from './routing-map';
import type { RoutingMap } from './routing';

/**
 * The NCP domain → profession routing map. Stored in MongoDB once an admin
 * changes it, and read by every routing decision, so a change applies at once on every replica
 * without a restart; until then the server's configuration (ROUTING_MAP, else the built-in map)
 * is the map. Changes are validated and audited (which domains changed, before and after).
 */
@Injectable()
export class RoutingMapService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: RoutingMapRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The map routing follows now. */
  async current(): Promise<RoutingMap> {
    const doc = await this.repo.current();
    return doc ? toMap(doc.domains) : this.config.routingMap;
  }

  async get(actor: Actor): Promise<RoutingMapDto> {
    this.access.require(actor, 'routing.manage');
    return this.toDto();
  }

  async update(actor: Actor, req: UpdateRoutingMapRequest): Promise<RoutingMapDto> {
    this.access.require(actor, 'routing.manage');
    const problem = entriesProblem(req.domains);
    if (problem) throw AppError.validation(problem.reason, problem);
    const before = await this.current();
    const domains = [...req.domains]
      .sort((a, b) => a.domain - b.domain)
      .map((d) => ({ domain: d.domain, professions: [...d.professions] }));
    const after = toMap(domains);
    await this.repo.save(domains, actor.id, new Date());
    const changed = changedDomains(before, after);
    await this.audit.record('routing.updated', actor.id, 'routing-map', {
      changed,
      before: Object.fromEntries(changed.map((d) => [d, before[d] ?? []])),
      after: Object.fromEntries(changed.map((d) => [d, after[d]])),
    });
    return this.toDto();
  }

  private async toDto(): Promise<RoutingMapDto> {
    const doc = await this.repo.current();
    if (!doc) return { domains: toEntries(this.config.routingMap), source: 'default' };
    const by = await this.users.findById(String(doc.updatedBy));
    return {
      domains: toEntries(toMap(doc.domains)),
      source: 'database',
      updatedAt: new Date(doc.updatedAt).toISOString(),
      ...(by ? { updatedBy: { id: String(by._id), displayName: by.displayName } } : {}),
    };
  }
}
