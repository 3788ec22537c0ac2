import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@fund-desk/contracts';
import { ACCESS_KEY, mayAccess, RouteAccess, scopeOf } from './access';
import { PUBLIC_ROUTE, ROLES_KEY } from './decorators';
import { bearerToken, TokenVerifier } from './tokens';

/** Checks the bearer token on every HTTP route that is not marked public, the route's roles and its access rule (libs/platform/src/auth/access.ts). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly tokens: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const token = bearerToken(request.headers.authorization);
    const principal = token ? await this.tokens.verify(token) : null;
    if (!principal) throw new UnauthorizedException('A valid bearer token is required');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(principal.role)) throw new ForbiddenException(`Role ${principal.role} may not do this`);
    const scope = scopeOf(this.reflector.getAllAndOverride<RouteAccess | undefined>(ACCESS_KEY, targets), request.params ?? {});
    if (scope && !mayAccess(principal, scope)) throw new ForbiddenException('This belongs to another fund or municipality');
    return true;
  }
}
