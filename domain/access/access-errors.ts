import { ConflictError, DomainError } from '../shared/domain-error.js';
import type { Scope } from './scope.js';

/** No credential where one is needed, or one that is malformed, unknown or revoked. */
export class UnauthenticatedError extends DomainError {
  constructor(message: string) {
    super('unauthenticated', 'UNAUTHENTICATED', message);
  }
}

/** A valid credential that does not allow this request. */
export class ForbiddenError extends DomainError {
  constructor(scope: Scope) {
    super('forbidden', 'FORBIDDEN', `this request needs an admin API key with the ${scope} scope`, [], { missing_scope: scope });
  }
}

export class DuplicateApiKeyNameError extends ConflictError {
  constructor(name: string) {
    super('DUPLICATE_NAME', 'name', `"${name}" is already taken by another key (revoked keys keep their names)`);
  }
}
