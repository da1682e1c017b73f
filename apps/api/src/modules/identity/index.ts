export { IdentityModule } from './identity.module';
export { AccessService, POLICY, PERMISSIONS, type Permission, type Resource } from './access.service';
export { IdentityService } from './identity.service';
export { UsersRepository } from './infra/users.repository';
export type { UserDoc } from './infra/identity.schemas';
export { CurrentActor, type Actor } from './actor';
export { Public } from './public.decorator';
export { toActor, toAuthor, toUserDto, defaultExpertise } from './identity.mapper';
export { RateLimitGuard } from './rate-limit.guard';
