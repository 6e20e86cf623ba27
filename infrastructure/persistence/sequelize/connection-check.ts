import { AccessDeniedError, ConnectionRefusedError, HostNotFoundError, type Sequelize } from 'sequelize';
import { sqliteStorage, type DatabaseSettings } from './create-sequelize.js';
import { driverCode } from './database-errors.js';

/** Connects once, and turns a failure into one sentence that says what to fix. */
export async function checkConnection(sequelize: Sequelize, settings: DatabaseSettings): Promise<void> {
  try {
    // The primary: with read replicas, Sequelize would send this SELECT to a replica.
    await sequelize.authenticate({ useMaster: true });
  } catch (error) {
    throw new Error(describeConnectionFailure(error, settings), { cause: error });
  }
}

export function describeConnectionFailure(error: unknown, s: DatabaseSettings): string {
  const reason = firstLine((error as Error)?.message ?? String(error));
  if (s.dialect === 'sqlite') {
    const cause = driverCode(error)?.startsWith('SQLITE_CANTOPEN') ? 'unable to open the file' : reason;
    return `cannot open the SQLite file ${sqliteStorage(s)} (${cause}): make sure its folder can be created and written, or set SQLITE_PATH to another file`;
  }
  const where = `${s.host}:${s.port}`;
  const code = driverCode(error);
  if (code === 'ER_BAD_DB_ERROR') return `database "${s.database}" does not exist on ${where}: run \`npm run db:create\` first`;
  // 1045 arrives as AccessDeniedError; MariaDB answers some unknown users (and root over TCP) with 1698.
  if (error instanceof AccessDeniedError || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR') return `MySQL at ${where} refused user "${s.user}": check DB_USER and DB_PASSWORD in .env`;
  if (error instanceof ConnectionRefusedError) return `cannot reach MySQL at ${where} (connection refused): start the server or fix DB_HOST/DB_PORT in .env`;
  if (error instanceof HostNotFoundError) return `cannot resolve DB_HOST "${s.host}": fix DB_HOST in .env`;
  return `cannot connect to MySQL at ${where}: ${reason}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
