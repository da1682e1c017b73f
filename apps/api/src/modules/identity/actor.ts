import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Profession, Role } from '@casebridge/contracts';

/** Who is acting: resolved from the access token and the stored user on every call. */
export interface Actor {
  id: string;
  role: Role;
  profession: Profession;
  displayName: string;
  moderator: boolean;
  cohortIds: string[];
  onDuty: boolean;
  expertiseDomains: number[];
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
