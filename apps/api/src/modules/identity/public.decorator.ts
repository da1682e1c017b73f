import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'casebridge:public';
/** Marks a route that needs no access token (login, register, health). Everything else does. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
