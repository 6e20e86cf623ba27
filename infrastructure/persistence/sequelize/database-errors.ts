import { ConnectionError, ForeignKeyConstraintError, TimeoutError, UniqueConstraintError } from 'sequelize';
import { DuplicateNameError, MissingReferenceError } from '../../../domain/catalog/catalog-errors.js';
import { DomainError, StorageBusyError, StorageTimeoutError, StorageUnavailableError } from '../../../domain/shared/domain-error.js';

// Column -> the API field it is reported as.
const REFERENCE_FIELDS: Record<string, string> = { category_id: 'category_id', tag_id: 'tagIds' };
// SQLite names no column in "FOREIGN KEY constraint failed"; the statement's table says which
// reference it was: a product row refers to its category, a product_tag row (written after its
// product, in the same transaction) to a tag.
const REFERENCE_BY_TABLE: Record<string, string> = { product: 'category_id', product_tag: 'tag_id' };
// Unique index (MySQL reports its name) or column (SQLite reports that) -> the API field.
const UNIQUE_NAME_FIELDS: Record<string, string> = {
  category_name_unique: 'category_name',
  category_name: 'category_name',
  tag_name_unique: 'tag_name',
  tag_name: 'tag_name',
};
// Another transaction is in the way: MySQL picked this one as a deadlock victim or it waited too
// long for a row lock; SQLite's file stayed write-locked (by another process) past the busy timeout.
const BUSY_CODES = /^(ER_LOCK_DEADLOCK|ER_LOCK_WAIT_TIMEOUT|SQLITE_BUSY|SQLITE_LOCKED)/;
// The database cannot serve the statement: the SQLite file cannot be opened or read (deleted
// directory, permissions, disk gone); the MySQL connection broke mid-statement (server restarted
// or killed, network cut), the server is shutting down or full, or a Galera node is not synced
// (ER_UNKNOWN_COM_ERROR, 1047, "WSREP has not yet prepared node"), or a Galera node dropped out of
// the primary component while a COMMIT was replicating (ER_ERROR_DURING_COMMIT, 1180, "Error while
// appending streaming replication fragment (provider status: Not connected to Primary
// Component)": seen when a killed node rejoined and the cluster re-formed for a second; the
// transaction is rolled back, and a retry with its Idempotency-Key replays or places it).
// mysql2 marks any error that broke its connection `fatal`; those are caught by that flag whatever their code.
const UNAVAILABLE_CODES =
  /^(SQLITE_CANTOPEN|SQLITE_IOERR|PROTOCOL_CONNECTION_LOST|PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ER_SERVER_SHUTDOWN|ER_CON_COUNT_ERROR|ER_UNKNOWN_COM_ERROR|ER_ERROR_DURING_COMMIT|ER_QUERY_INTERRUPTED)$/;
// MariaDB's 1927 (connection killed) has no name in mysql2's table.
const UNAVAILABLE_ERRNOS = new Set([1927]);
// A statement ran past DB_STATEMENT_TIMEOUT_MS: cut off by the server (MariaDB's max_statement_time,
// errno 1969, unnamed in mysql2; MySQL's MAX_EXECUTION_TIME, ER_QUERY_TIMEOUT), or by us when the
// server stopped answering altogether (a stalled network: mysql2's query timeout).
const TIMEOUT_CODES = /^(ER_QUERY_TIMEOUT|PROTOCOL_SEQUENCE_TIMEOUT)$/;
const TIMEOUT_ERRNOS = new Set([1969]);

/** The driver's error code (`ER_DUP_ENTRY`, `SQLITE_BUSY`), under whatever Sequelize wrapped it in. */
export function driverCode(error: unknown): string | undefined {
  const e = error as { original?: { code?: unknown }; parent?: { code?: unknown }; code?: unknown } | null;
  const code = e?.original?.code ?? e?.parent?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The driver's error as it threw it, under whatever Sequelize wrapped it in. */
function driverError(error: unknown): { errno?: unknown; fatal?: unknown } | undefined {
  const e = error as { original?: object; parent?: object } | null;
  return (e?.original ?? e?.parent ?? e ?? undefined) as { errno?: unknown; fatal?: unknown } | undefined;
}

/** The statement ran out of time (DB_STATEMENT_TIMEOUT_MS) on the server or on the wire. */
export function isTimeoutError(error: unknown): boolean {
  return TIMEOUT_CODES.test(driverCode(error) ?? '') || TIMEOUT_ERRNOS.has(driverError(error)?.errno as number);
}

/** The database could not be reached, or the connection broke: a 503 until it is back. */
export function isUnavailableError(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  const driver = driverError(error);
  return UNAVAILABLE_CODES.test(driverCode(error) ?? '') || UNAVAILABLE_ERRNOS.has(driver?.errno as number) || driver?.fatal === true;
}

/** True when running the whole transaction again may succeed. */
export function isBusyError(error: unknown): boolean {
  return BUSY_CODES.test(driverCode(error) ?? '');
}

/** Turns what the driver throws into the domain's errors; anything unexpected passes through as a bug. */
export function toDomainError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (isBusyError(error)) return new StorageBusyError();
  if (isTimeoutError(error)) return new StorageTimeoutError();
  if (isUnavailableError(error)) return new StorageUnavailableError();
  if (error instanceof UniqueConstraintError) {
    // mysql2: fields is { index or column: value }; SQLite: a list of columns. The value is the
    // database's text of the name (MariaDB's turns emoji into "?"): the use case quotes the sent one.
    const names = Array.isArray(error.fields) ? error.fields.map(String) : Object.keys(error.fields ?? {});
    const key = names.find((name) => name in UNIQUE_NAME_FIELDS);
    if (key) return new DuplicateNameError(UNIQUE_NAME_FIELDS[key]!);
  }
  if (error instanceof ForeignKeyConstraintError) {
    const column = [error.fields ?? []].flat().map(String).find((name) => name in REFERENCE_FIELDS) ?? referenceOfStatement(error);
    const value = Number((error as { value?: unknown }).value);
    if (column) return new MissingReferenceError(REFERENCE_FIELDS[column]!, Number.isFinite(value) ? [value] : []);
  }
  // A CHECK constraint (price or stock below 0, an unknown order status) is never the client's
  // doing: the domain refuses such values first. On both databases it passes through as a bug.
  return error;
}

/** The reference column an INSERT or UPDATE of a table broke, when the driver does not name it (SQLite). */
function referenceOfStatement(error: ForeignKeyConstraintError): string | undefined {
  const sql = (error as { sql?: unknown }).sql ?? (error.original as { sql?: unknown } | undefined)?.sql;
  if (typeof sql !== 'string') return undefined;
  const table = /^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE)\s+[`"]?(\w+)[`"]?/i.exec(sql)?.[1];
  return table ? REFERENCE_BY_TABLE[table] : undefined;
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
