import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@fund-desk/contracts';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'fund-desk:public';
export const ROLES_KEY = 'fund-desk:roles';

/** No token needed (health, docs, dev login). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
