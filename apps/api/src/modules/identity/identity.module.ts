import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import {
  COHORT,
  CohortSchema,
  INVITATION,
  InvitationSchema,
  LOGIN_THROTTLE,
  LoginThrottleSchema,
  REFRESH_TOKEN,
  RefreshTokenSchema,
  USER,
  UserSchema,
} from './infra/identity.schemas';
import { LoginThrottleRepository } from './infra/login-throttle.repository';
import { InvitationsRepository } from './infra/invitations.repository';
import { RefreshTokensRepository } from './infra/refresh-tokens.repository';
import { UsersRepository } from './infra/users.repository';
import { AccessService } from './access.service';
import { TokensService } from './tokens.service';
import { IdentityTexts } from './identity-texts';
import { IdentityService } from './identity.service';
import { AuthGuard } from './auth.guard';
import { AuthController, IdentityController } from './identity.controller';
import { UserChanges } from './user-changes';
import { UserStateCache } from './user-state.cache';

/** Global: every feature needs AccessService and user lookups. */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: USER, schema: UserSchema },
      { name: COHORT, schema: CohortSchema },
      { name: INVITATION, schema: InvitationSchema },
      { name: REFRESH_TOKEN, schema: RefreshTokenSchema },
      { name: LOGIN_THROTTLE, schema: LoginThrottleSchema },
    ]),
  ],
  providers: [
    UserChanges,
    UserStateCache,
    UsersRepository,
    LoginThrottleRepository,
    InvitationsRepository,
    RefreshTokensRepository,
    AccessService,
    TokensService,
    IdentityService,
    IdentityTexts,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  controllers: [AuthController, IdentityController],
  exports: [UsersRepository, AccessService, TokensService, IdentityService, UserChanges, UserStateCache],
})
export class IdentityModule {}
