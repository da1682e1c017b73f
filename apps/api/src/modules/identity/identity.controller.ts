import { Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ChangePasswordRequest,
  CreateCohortRequest,
  CreateInvitationRequest,
  LoginRequest,
  ObjectIdString,
  RefreshRequest,
  RegisterRequest,
  ResetPasswordRequest,
  UpdateMeRequest,
  UpdateUserRequest,
  type AuthResponse,
  type AuthorDto,
  type CohortDto,
  type InvitationDto,
  type PasswordResetDto,
  type UserDto,
} from '@casebridge/contracts';
import { ValidBody, validate } from '../../common/validation';
import { CurrentActor, type Actor } from './actor';
import { Public } from './public.decorator';
import { IdentityService } from './identity.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@ValidBody(LoginRequest) body: LoginRequest): Promise<AuthResponse> {
    return this.identity.login(body);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  refresh(@ValidBody(RefreshRequest) body: RefreshRequest): Promise<AuthResponse> {
    return this.identity.refresh(body.refreshToken);
  }

  @Public()
  @Post('register')
  register(@ValidBody(RegisterRequest) body: RegisterRequest): Promise<AuthResponse> {
    return this.identity.register(body);
  }

  /** Redeems a one-time reset link an administrator issued (POST /users/:id/password-reset). */
  @Public()
  @Post('reset-password')
  @HttpCode(204)
  resetPassword(@ValidBody(ResetPasswordRequest) body: ResetPasswordRequest): Promise<void> {
    return this.identity.resetPassword(body);
  }

  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  logout(@CurrentActor() actor: Actor, @ValidBody(RefreshRequest) body: RefreshRequest): Promise<void> {
    return this.identity.logout(body.refreshToken, actor);
  }
}

@ApiTags('identity')
@ApiBearerAuth()
@Controller()
export class IdentityController {
  constructor(private readonly identity: IdentityService) {}

  @Get('me')
  me(@CurrentActor() actor: Actor): Promise<UserDto> {
    return this.identity.me(actor);
  }

  @Patch('me')
  updateMe(@CurrentActor() actor: Actor, @ValidBody(UpdateMeRequest) body: UpdateMeRequest): Promise<UserDto> {
    return this.identity.updateMe(actor, body);
  }

  /** Change one's own password: other sign-ins end; the answer carries fresh tokens for this one. */
  @Post('me/password')
  @HttpCode(200)
  changePassword(@CurrentActor() actor: Actor, @ValidBody(ChangePasswordRequest) body: ChangePasswordRequest): Promise<AuthResponse> {
    return this.identity.changePassword(actor, body);
  }

  @Get('cohorts')
  cohorts(@CurrentActor() actor: Actor): Promise<CohortDto[]> {
    return this.identity.listCohorts(actor);
  }

  @Post('cohorts')
  createCohort(@CurrentActor() actor: Actor, @ValidBody(CreateCohortRequest) body: CreateCohortRequest): Promise<CohortDto> {
    return this.identity.createCohort(actor, body.name);
  }

  @Get('cohorts/:id/members')
  members(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<AuthorDto[]> {
    return this.identity.cohortMembers(actor, validate(ObjectIdString, id));
  }

  @Post('invitations')
  invite(@CurrentActor() actor: Actor, @ValidBody(CreateInvitationRequest) body: CreateInvitationRequest): Promise<InvitationDto> {
    return this.identity.createInvitation(actor, body);
  }

  @Get('invitations')
  invitations(@CurrentActor() actor: Actor): Promise<InvitationDto[]> {
    return this.identity.listInvitations(actor);
  }

  @Get('users')
  users(@CurrentActor() actor: Actor): Promise<UserDto[]> {
    return this.identity.listUsers(actor);
  }

  /** Admin: deactivate/reactivate, role, moderator flag, cohorts (open sockets follow within seconds). */
  @Patch('users/:id')
  updateUser(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @ValidBody(UpdateUserRequest) body: UpdateUserRequest,
  ): Promise<UserDto> {
    return this.identity.updateUser(actor, validate(ObjectIdString, id), body);
  }

  /** Admin: a one-time password-reset link to hand to the user (expires in an hour, single use). */
  @Post('users/:id/password-reset')
  passwordReset(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<PasswordResetDto> {
    return this.identity.issuePasswordReset(actor, validate(ObjectIdString, id));
  }
}
