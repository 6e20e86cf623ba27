import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../../domain/access/access-errors.js';
import type { Principal } from '../../../domain/access/principal.js';
import { NotFoundError } from '../../../domain/shared/domain-error.js';
import { principalOf } from './principal-of.js';
import type { RouteAccess } from './route-access.js';

export interface KeyUseRecorder {
  execute(principal: Principal): Promise<void>;
}

/**
 * Enforces a route's declared access before its handler runs, so nothing is written on a 401,
 * 403 or 404. An order token opens only its own order: any other id answers 404, exactly as an
 * order that does not exist, so a token cannot be used to learn which ids exist.
 */
export function authorize(access: RouteAccess, keyUse: KeyUseRecorder): RequestHandler {
  const checkAndRecord: RequestHandler = async (req, res, next) => {
    const principal = principalOf(res);
    if (access !== 'public') check(principal, access, req.params.id);
    await keyUse.execute(principal);
    next();
  };
  return (req, res, next) => {
    // Every shopper's catalog read: a public route, no credential. Nothing to check or record,
    // so no trip through the use case (a promise and an await per request).
    if (access === 'public' && res.locals.principal === undefined) return next();
    return checkAndRecord(req, res, next);
  };
}

function check(principal: Principal, access: Exclude<RouteAccess, 'public'>, pathId: string | string[] | undefined): void {
  switch (principal.kind) {
    case 'anonymous':
      throw new UnauthenticatedError(
        access.orderOwner
          ? `send Authorization: Bearer <order token> (from the order's creation) or an admin API key with the ${access.scope} scope`
          : `send Authorization: Bearer <admin API key> with the ${access.scope} scope`,
      );
    case 'customer': {
      if (!access.orderOwner) throw new ForbiddenError(access.scope);
      const id = String(pathId);
      if (id.toLowerCase() !== principal.orderId.toLowerCase()) throw new NotFoundError('order', id);
      return;
    }
    case 'admin':
      if (!principal.scopes.includes(access.scope)) throw new ForbiddenError(access.scope);
  }
}
