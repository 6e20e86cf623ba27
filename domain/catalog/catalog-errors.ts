import { ConflictError, InvalidInputError } from '../shared/domain-error.js';

/** Category and tag names are unique, ignoring case. */
export class DuplicateNameError extends ConflictError {
  constructor(field: string, name: string) {
    super('DUPLICATE_NAME', field, `"${name}" is already taken (names are unique, ignoring case)`);
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
