import { ConnectionError, DatabaseError, ForeignKeyConstraintError, TimeoutError, UniqueConstraintError, ValidationErrorItem } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { isBusyError, toDomainError } from '../../infrastructure/persistence/sequelize/database-errors.js';

/** A driver error as mysql2 or sqlite3 throws it: a message, a code, the statement. */
function driverError(message: string, code: string, sql = ''): Error & { code: string; sql: string } {
  return Object.assign(new Error(message), { code, sql });
}

// The same domain error whichever database the driver error came from (the repository contract
// suites prove it with real errors on both; these cover what is hard to provoke there).
describe('driver errors become the same domain errors on MySQL and SQLite', () => {
  it.each([
    ['MySQL deadlock', new DatabaseError(driverError('Deadlock found when trying to get lock', 'ER_LOCK_DEADLOCK'))],
    ['MySQL lock wait timeout', new DatabaseError(driverError('Lock wait timeout exceeded', 'ER_LOCK_WAIT_TIMEOUT'))],
    ['SQLite busy', new TimeoutError(driverError('SQLITE_BUSY: database is locked', 'SQLITE_BUSY'))],
    ['SQLite locked', new DatabaseError(driverError('SQLITE_LOCKED: database table is locked', 'SQLITE_LOCKED'))],
  ])('%s is retryable, and STORAGE_BUSY when it reaches a client', (_name, error) => {
    expect(isBusyError(error)).toBe(true);
    expect(toDomainError(error)).toMatchObject({ code: 'STORAGE_BUSY', kind: 'unavailable' });
  });

  it.each([
    ['MySQL connection refused', new ConnectionError(driverError('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'))],
    ['SQLite file that cannot be opened', new ConnectionError(driverError('SQLITE_CANTOPEN: unable to open database file', 'SQLITE_CANTOPEN'))],
    ['SQLite file gone mid-query', new DatabaseError(driverError('SQLITE_CANTOPEN: unable to open database file', 'SQLITE_CANTOPEN'))],
  ])('%s is STORAGE_UNAVAILABLE and not retried', (_name, error) => {
    expect(isBusyError(error)).toBe(false);
    expect(toDomainError(error)).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });

  it.each([
    ['MySQL restarted under a query', new DatabaseError(driverError('Connection lost: The server closed the connection.', 'PROTOCOL_CONNECTION_LOST'))],
    ['a reset connection', new DatabaseError(driverError('read ECONNRESET', 'ECONNRESET'))],
    ['a query on a connection that already broke', new DatabaseError(Object.assign(driverError("Can't add new command when connection is in closed state", ''), { fatal: true }))],
    ['MySQL shutting down', new DatabaseError(driverError('Server shutdown in progress', 'ER_SERVER_SHUTDOWN'))],
    ['a Galera node not yet synced', new DatabaseError(driverError('WSREP has not yet prepared node for application use', 'ER_UNKNOWN_COM_ERROR'))],
    [
      'a Galera COMMIT cut off by a non-primary view (1180)',
      new DatabaseError(driverError('Error while appending streaming replication fragment(provider status: Not connected to Primary Component)', 'ER_ERROR_DURING_COMMIT', 'COMMIT;')),
    ],
    ['a killed connection (MariaDB 1927)', new DatabaseError(Object.assign(driverError('Connection was killed', ''), { errno: 1927 }))],
  ])('%s is STORAGE_UNAVAILABLE, never a 500', (_name, error) => {
    expect(isBusyError(error)).toBe(false);
    expect(toDomainError(error)).toMatchObject({ code: 'STORAGE_UNAVAILABLE', kind: 'unavailable' });
  });

  it.each([
    ["MariaDB's max_statement_time", new DatabaseError(Object.assign(driverError('Query execution was interrupted (max_statement_time exceeded)', ''), { errno: 1969 }))],
    ["MySQL's MAX_EXECUTION_TIME", new DatabaseError(driverError('Query execution was interrupted, maximum statement execution time exceeded', 'ER_QUERY_TIMEOUT'))],
    ['a stalled connection (our client-side deadline)', new DatabaseError(Object.assign(driverError('Query inactivity timeout', 'PROTOCOL_SEQUENCE_TIMEOUT'), { fatal: true }))],
  ])('%s is STORAGE_TIMEOUT, not retried', (_name, error) => {
    expect(isBusyError(error)).toBe(false);
    expect(toDomainError(error)).toMatchObject({ code: 'STORAGE_TIMEOUT', kind: 'unavailable' });
  });

  it("a duplicate name: MySQL names the index, SQLite the column; neither database's text of the name is quoted", () => {
    const mysql = new UniqueConstraintError({ fields: { tag_name_unique: 'Blue' }, parent: driverError("Duplicate entry 'Blue'", 'ER_DUP_ENTRY') });
    const sqlite = new UniqueConstraintError({
      fields: ['tag_name'] as unknown as Record<string, unknown>,
      errors: [new ValidationErrorItem('tag_name must be unique', 'unique violation', 'tag_name', 'Blue', undefined as never, 'not_unique', '', [])],
      parent: driverError('SQLITE_CONSTRAINT: UNIQUE constraint failed: tag.tag_name', 'SQLITE_CONSTRAINT'),
    });
    for (const error of [mysql, sqlite]) {
      expect(toDomainError(error)).toMatchObject({ code: 'DUPLICATE_NAME', fields: [{ field: 'tag_name', detail: 'this name is already taken (names are unique, ignoring case)' }] });
    }
  });

  it('a missing reference: SQLite names no column, so the statement\'s table says which', () => {
    const failed = (sql: string) =>
      new ForeignKeyConstraintError({ parent: driverError('SQLITE_CONSTRAINT: FOREIGN KEY constraint failed', 'SQLITE_CONSTRAINT', sql) as never });
    expect(toDomainError(failed('INSERT INTO `product_tag` (`id`,`product_id`,`tag_id`) VALUES (NULL,1,42);'))).toMatchObject({
      code: 'MISSING_REFERENCE',
      fields: [{ field: 'tagIds' }],
    });
    expect(toDomainError(failed('UPDATE `product` SET `category_id`=$1 WHERE `id` = $2'))).toMatchObject({ fields: [{ field: 'category_id' }] });
    const unknown = failed('INSERT INTO `order_line` (`product_id`) VALUES (7)');
    expect(toDomainError(unknown)).toBe(unknown); // not a reference a client chose: a bug, as on MySQL
  });

  it('a CHECK violation is a bug on both: passed through untranslated', () => {
    const mysql = new DatabaseError(driverError("CONSTRAINT `product_stock_non_negative` failed for `shop`.`product`", 'ER_CONSTRAINT_FAILED'));
    // Sequelize reports every SQLITE_CONSTRAINT that is not a foreign key as a UniqueConstraintError without fields.
    const sqlite = new UniqueConstraintError({ parent: driverError('SQLITE_CONSTRAINT: CHECK constraint failed: product_stock_non_negative', 'SQLITE_CONSTRAINT') });
    expect(toDomainError(mysql)).toBe(mysql);
    expect(toDomainError(sqlite)).toBe(sqlite);
  });
});
