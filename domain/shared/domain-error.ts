/** What went wrong, in domain terms; the HTTP layer maps each kind to one status. */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'unprocessable'
  | 'unavailable';

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
    /** Extra machine-readable facts for the client, e.g. how many units are available. */
    readonly extensions: Readonly<Record<string, unknown>> = {},
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

/** An error as plain JSON, so an idempotent replay can raise it again exactly. */
export interface DomainErrorRecord {
  kind: DomainErrorKind;
  code: string;
  message: string;
  fields: FieldProblem[];
  extensions: Record<string, unknown>;
}

export function toErrorRecord(error: DomainError): DomainErrorRecord {
  return { kind: error.kind, code: error.code, message: error.message, fields: [...error.fields], extensions: { ...error.extensions } };
}

export function fromErrorRecord(record: DomainErrorRecord): DomainError {
  return new DomainError(record.kind, record.code, record.message, record.fields, record.extensions);
}

/** The store behind a port cannot be reached; worth retrying later. */
export class StorageUnavailableError extends DomainError {
  constructor() {
    super('unavailable', 'STORAGE_UNAVAILABLE', 'the database cannot be reached; try again shortly');
  }
}

/** A statement ran past its time limit (or the store stopped answering); worth retrying later. */
export class StorageTimeoutError extends DomainError {
  constructor() {
    super('unavailable', 'STORAGE_TIMEOUT', 'the database did not answer in time; try again shortly');
  }
}

/** The store stayed too contended (deadlocks, lock waits) after every retry; worth retrying later. */
export class StorageBusyError extends DomainError {
  constructor() {
    super('unavailable', 'STORAGE_BUSY', 'the database is too busy to complete this request; try again shortly');
  }
}
