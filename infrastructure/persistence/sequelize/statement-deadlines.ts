import type { Sequelize } from 'sequelize';

/**
 * How much longer than the server's own limit we wait before giving up on a statement ourselves:
 * the server's cut (a clean error, the connection kept) should come first; ours is for a server or
 * network that stopped answering altogether.
 */
const CLIENT_MARGIN_MS = 2_000;
/** MySQL does not know MariaDB's max_statement_time. */
const ER_UNKNOWN_SYSTEM_VARIABLE = 1193;

type Callback = (error: (Error & { code?: string; fatal?: boolean }) | null, ...results: unknown[]) => void;
interface MySqlConnection {
  query(sql: unknown, values?: unknown, callback?: Callback): unknown;
  execute(sql: unknown, values?: unknown, callback?: Callback): unknown;
  destroy(): void;
}

/**
 * No statement runs longer than `timeoutMs`. Each new connection asks the server to cut off its
 * statements past the limit (MariaDB's max_statement_time covers every statement, lock waits
 * included; MySQL's MAX_EXECUTION_TIME covers SELECTs only), and every statement also gets a
 * client-side deadline a little later, which destroys a connection whose server went silent (a
 * stalled network answers nothing, not even an error) so the pool opens a new one.
 */
export function limitStatementTime(sequelize: Sequelize, timeoutMs: number): void {
  sequelize.addHook('afterConnect', async (connection: unknown) => {
    const raw = connection as MySqlConnection;
    await askServerToLimit(raw, timeoutMs);
    withDeadline(raw, 'query', timeoutMs + CLIENT_MARGIN_MS);
    withDeadline(raw, 'execute', timeoutMs + CLIENT_MARGIN_MS);
  });
}

async function askServerToLimit(connection: MySqlConnection, timeoutMs: number): Promise<void> {
  const run = (sql: string) =>
    new Promise<void>((resolve, reject) => {
      connection.query(sql, undefined, (error) => (error ? reject(error) : resolve()));
    });
  try {
    await run(`SET SESSION max_statement_time = ${timeoutMs / 1000}`);
  } catch (error) {
    if ((error as { errno?: number }).errno !== ER_UNKNOWN_SYSTEM_VARIABLE) throw error;
    await run(`SET SESSION MAX_EXECUTION_TIME = ${timeoutMs}`);
  }
}

/** Wraps mysql2's query or execute so each statement carries `deadlineMs` (mysql2's `timeout` option). */
function withDeadline(connection: MySqlConnection, method: 'query' | 'execute', deadlineMs: number): void {
  const original = connection[method].bind(connection);
  connection[method] = (sql: unknown, values?: unknown, callback?: Callback) => {
    const [args, done] = typeof values === 'function' ? [undefined, values as Callback] : [values, callback];
    const options = typeof sql === 'string' ? { sql } : (sql as object);
    const guarded: Callback | undefined =
      done &&
      ((error, ...results) => {
        if (error?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
          // mysql2 keeps the connection and would hand the late answer to the next statement.
          error.fatal = true;
          connection.destroy();
        }
        done(error, ...results);
      });
    return original({ timeout: deadlineMs, ...options }, args, guarded);
  };
}
