import { SetMetadata } from '@nestjs/common';
import type { Principal } from './principal';

/**
 * What a request touches, for the one access decision of fund-desk:
 * - a fund's work (its requests, payments, budget, digest): its own staff, and administrators;
 * - a municipality's figures: its own officers, and administrators;
 * - a family's file: the parent who owns it, and the intermediaries the family linked to it.
 */
export type AccessScope = { fund: string } | { municipality: string } | { family: string; intermediaries?: readonly string[] };

/** May this actor act on what this scope names? The only place that decides it. */
export function mayAccess(actor: Principal, scope: AccessScope): boolean {
  if ('fund' in scope) return actor.role === 'admin' || (actor.role === 'fund-staff' && actor.fundId === scope.fund);
  if ('municipality' in scope) return actor.role === 'admin' || (actor.role === 'municipality' && actor.municipalityCode === scope.municipality);
  if (actor.subject === scope.family && (actor.role === 'parent' || actor.role === 'intermediary')) return true;
  return actor.role === 'intermediary' && (scope.intermediaries ?? []).includes(actor.subject);
}

export const ACCESS_KEY = 'fund-desk:access';

export interface RouteAccess {
  kind: 'fund' | 'municipality';
  /** The route parameter that names the fund or municipality. */
  param: string;
}

/**
 * The route acts on the fund or municipality its parameter names: the auth guard lets through only those `mayAccess`
 * allows (403 otherwise), before the body is validated, so a stranger learns nothing from the answer.
 */
export const AccessTo = (kind: RouteAccess['kind'], param: string) => SetMetadata(ACCESS_KEY, { kind, param } satisfies RouteAccess);

/** The scope a route's access rule names, from the request's parameters; null when the route has none. */
export function scopeOf(rule: RouteAccess | undefined, params: Record<string, string | undefined>): AccessScope | null {
  if (!rule) return null;
  const value = params[rule.param] ?? '';
  return rule.kind === 'fund' ? { fund: value } : { municipality: value };
}
