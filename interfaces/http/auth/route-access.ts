import type { Scope } from '../../../domain/access/scope.js';

/**
 * Who may call a route, declared with the route in its RouteSpec: anyone, or an admin key with
 * `scope`; with `orderOwner`, also the customer holding the token of the order in the path.
 */
export type RouteAccess = 'public' | { readonly scope: Scope; readonly orderOwner?: true };

export const PUBLIC: RouteAccess = 'public';
export const needs = (scope: Scope): RouteAccess => ({ scope });
export const orderOwnerOr = (scope: Scope): RouteAccess => ({ scope, orderOwner: true });
