import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '../../../domain/access/access-errors.js';
import type { Principal } from '../../../domain/access/principal.js';

export interface Authenticator {
  execute(credential: string | undefined): Promise<Principal>;
}

/**
 * Finds who is calling, on every route: no Authorization header is the anonymous caller; a
 * credential that is malformed, unknown or revoked is a 401 even on public routes, so a client
 * learns at once that its key is wrong rather than silently reading as anonymous.
 */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return (req, res, next) => {
    // Most requests (every shopper's catalog read) carry no credential: they stay anonymous,
    // which principalOf answers by default, without a trip through the use case (nor a promise).
    if (req.headers.authorization === undefined) return next();
    const credential = bearerCredential(req);
    return authenticator.execute(credential).then((principal) => {
      res.locals.principal = principal;
      next();
    });
  };
}

function bearerCredential(req: Request): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) throw new UnauthenticatedError('send the credential as Authorization: Bearer <API key or order token>');
  return match[1]!;
}
