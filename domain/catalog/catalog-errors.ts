import { ConflictError, InvalidInputError } from '../shared/domain-error.js';

/** Category and tag names are unique, ignoring case. */
export class DuplicateNameError extends ConflictError {
  /** Without `name` when only the database's text of it is known (MariaDB's turns emoji into "?"). */
  constructor(field: string, name?: string) {
    super('DUPLICATE_NAME', field, `${name === undefined ? 'this name' : `"${name}"`} is already taken (names are unique, ignoring case)`);
  }
}

/** Runs a write of `name`; a clash is reported with the name as the client sent it, whatever the store said. */
export async function quotingSentName<T>(field: string, name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw error instanceof DuplicateNameError ? new DuplicateNameError(field, name) : error;
  }
}

/** A body refers to a category or tag that does not exist. */
export class MissingReferenceError extends InvalidInputError {
  constructor(field: string, ids: readonly number[]) {
    const what =
      ids.length === 0 ? 'refers to something that does not exist'
      : ids.length === 1 ? `id ${ids[0]} does not exist`
      : `ids ${ids.join(', ')} do not exist`;
    super(field, what, 'MISSING_REFERENCE');
  }
}
