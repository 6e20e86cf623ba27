import { ConnectionError, ForeignKeyConstraintError, TimeoutError, UniqueConstraintError } from 'sequelize';
import { DuplicateNameError, MissingReferenceError } from '../../../domain/catalog/catalog-errors.js';
import { DomainError, StorageUnavailableError } from '../../../domain/shared/domain-error.js';

// Column -> the API field it is reported as.
const REFERENCE_FIELDS: Record<string, string> = { category_id: 'category_id', tag_id: 'tagIds' };
// Unique index (MySQL reports its name) or column (SQLite reports that) -> the API field.
const UNIQUE_NAME_FIELDS: Record<string, string> = {
  category_name_unique: 'category_name',
  category_name: 'category_name',
  tag_name_unique: 'tag_name',
  tag_name: 'tag_name',
};

/** Turns what the driver throws into the domain's errors; anything unexpected passes through as a bug. */
export function toDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof ConnectionError || error instanceof TimeoutError) return new StorageUnavailableError();
  if (error instanceof UniqueConstraintError) {
    const [key, value] = Object.entries(error.fields ?? {}).find(([name]) => name in UNIQUE_NAME_FIELDS) ?? [];
    if (key) return new DuplicateNameError(UNIQUE_NAME_FIELDS[key]!, String(value));
  }
  if (error instanceof ForeignKeyConstraintError) {
    const column = [error.fields ?? []].flat().map(String).find((name) => name in REFERENCE_FIELDS);
    const value = Number((error as { value?: unknown }).value);
    if (column) return new MissingReferenceError(REFERENCE_FIELDS[column]!, Number.isFinite(value) ? [value] : []);
  }
  return error;
}

/** Wraps every method of a repository so its rejections arrive as domain errors. */
export function translatingErrors<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(object, args);
        } catch (error) {
          throw toDomainError(error);
        }
      };
    },
  });
}
