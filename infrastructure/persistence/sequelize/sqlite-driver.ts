import type * as sqlite3 from 'sqlite3';

export type SqliteModule = typeof sqlite3;

/**
 * The sqlite3 module as Sequelize should use it: every connection it opens (one for plain
 * queries, one per transaction) first sets the pragmas below. `exec` runs exclusively, so they
 * are in force before the first query, which Sequelize's own unawaited
 * `PRAGMA FOREIGN_KEYS=ON` does not guarantee.
 *
 * - foreign_keys: ON DELETE SET NULL / CASCADE are part of the API contract.
 * - busy_timeout: a statement waits this long for another process's write lock (a CLI command
 *   next to the server) before failing with SQLITE_BUSY; writers of this process queue instead
 *   (sqlite-write-queue.ts).
 * - journal_mode=WAL: readers never wait for the writer, and the writer never waits for readers.
 */
export function sqliteDriver(sqlite: SqliteModule, busyTimeoutMs: number): SqliteModule {
  const pragmas = `PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${Math.trunc(busyTimeoutMs)}; PRAGMA journal_mode = WAL;`;
  function Database(this: unknown, file: string, mode?: number, callback?: (error: Error | null) => void) {
    const database = new sqlite.Database(file, mode, callback);
    // An error here resurfaces on the connection's next statement; nothing is lost by ignoring it.
    database.exec(pragmas, () => {});
    return database;
  }
  return { ...sqlite, Database: Database as unknown as SqliteModule['Database'] };
}
