/** What went wrong, in domain terms; the HTTP layer maps each kind to one status. */
export type DomainErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unavailable';

/** One offending input field, named as the API names it (`price`, `tagIds/2`). */
export interface FieldProblem {
  readonly field: string;
  readonly detail: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(resource: string, id: number | string) {
    super('not_found', 'NOT_FOUND', `${resource} ${id} does not exist`);
  }
}

export class InvalidInputError extends DomainError {
  constructor(field: string, detail: string, code = 'VALIDATION_FAILED') {
    super('invalid', code, `${field} ${detail}`, [{ field, detail }]);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, field: string, detail: string) {
    super('conflict', code, `${field} ${detail}`, [{ field, detail }]);
  }
}

/** The store behind a port cannot be reached; worth retrying later. */
export class StorageUnavailableError extends DomainError {
  constructor() {
    super('unavailable', 'STORAGE_UNAVAILABLE', 'the database cannot be reached; try again shortly');
  }
}
