import { Injectable, type OnModuleInit } from '@nestjs/common';
// the privacy module's registry itself, not its index (which imports identity back)
import { PrivacyTargets } from '../privacy/review-targets';
import { UsersRepository } from './infra/users.repository';

/**
 * Display names and cohort names as reportable, purgeable texts. Both pass the
 * gate when set (identity.service); these cover names stored before that, or that slipped through.
 * A display name is reported within a cohort the reporter shares with its owner.
 */
@Injectable()
export class IdentityTexts implements OnModuleInit {
  constructor(
    private readonly users: UsersRepository,
    private readonly targets: PrivacyTargets,
  ) {}

  onModuleInit(): void {
    this.targets.registerText('user', {
      locate: async (reader, id) => {
        const user = /^[a-f0-9]{24}$/.test(id) ? await this.users.findById(id) : null;
        const cohorts = (user?.cohortIds ?? []).map(String);
        const shared = reader.role === 'admin' ? cohorts[0] : cohorts.find((c) => reader.cohortIds.includes(c));
        if (!user || !shared) return null;
        return { cohortId: shared, authorId: id, fields: { displayName: user.displayName } };
      },
      replace: async (_moderator, id, _field, text) => {
        await this.users.update(id, { displayName: text });
      },
    });
    this.targets.registerText('cohort', {
      locate: async (reader, id) => {
        const cohort = /^[a-f0-9]{24}$/.test(id) ? await this.users.findCohort(id) : null;
        if (!cohort || (reader.role !== 'admin' && !reader.cohortIds.includes(id))) return null;
        return { cohortId: id, fields: { name: cohort.name } };
      },
      replace: (_moderator, id, _field, text) => this.users.renameCohort(id, text),
    });
  }
}
