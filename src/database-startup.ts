import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { AccessDeniedError, type Sequelize } from 'sequelize';
import { checkConnection, describeConnectionFailure } from '../infrastructure/persistence/sequelize/connection-check.js';
import { createSequelize, type DatabaseSettings } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import { createDatabaseIfMissing } from '../infrastructure/persistence/sequelize/database-admin.js';
import { driverCode } from '../infrastructure/persistence/sequelize/database-errors.js';
import { migrations } from '../infrastructure/persistence/sequelize/migrations/index.js';
import { migrateToLatest } from '../infrastructure/persistence/sequelize/migrator.js';

/** The first wait between tries; it doubles up to BACKOFF_MAX_MS. */
const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 5_000;

export interface OpenedDatabase {
  readonly sequelize: Sequelize;
  /** The migrations this call applied, in order. */
  readonly applied: readonly string[];
  /** True when this call created the schema: the database was new. */
  readonly createdSchema: boolean;
}

export interface DatabaseStartupHooks {
  /** Called once the first try has failed and the server goes on trying: listen now, answering 503. */
  readonly onWaiting?: () => void;
  /** True once shutdown began: stop trying. */
  readonly stopped?: () => boolean;
}

/** Shutdown began while startup was still trying to reach the database. */
export class StartupCancelledError extends Error {}

/**
 * Reaches the database, trying again with backoff for up to DB_CONNECT_TIMEOUT_S while it is
 * unreachable (an orchestrator may start us first), then brings the schema up to date. A refused
 * login, a missing database or an unusable SQLite file will not fix themselves: those fail at once.
 * Every failure is one line that says what to fix.
 */
export async function prepareDatabase(
  sequelize: Sequelize,
  settings: DatabaseSettings,
  connectTimeoutS: number,
  logger?: Logger,
  hooks: DatabaseStartupHooks = {},
): Promise<OpenedDatabase> {
  if (settings.dialect === 'sqlite') {
    await createDatabaseIfMissing(settings).catch((error: unknown) => {
      throw new Error(describeConnectionFailure(error, settings), { cause: error });
    });
  }
  await connectWithRetry(sequelize, settings, connectTimeoutS, logger, hooks);
  // On a connection of their own, without the statement time limit: a migration of a big table
  // may take longer than any request's statement may.
  const migrating = createSequelize(settings);
  try {
    const applied = await migrateToLatest(migrating);
    if (applied.length > 0) logger?.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
    return { sequelize, applied, createdSchema: applied.includes(migrations[0]!.name) };
  } finally {
    await migrating.close().catch(() => {});
  }
}

async function connectWithRetry(sequelize: Sequelize, settings: DatabaseSettings, timeoutS: number, logger: Logger | undefined, hooks: DatabaseStartupHooks): Promise<void> {
  const deadline = performance.now() + timeoutS * 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await checkConnection(sequelize, settings);
      if (attempt > 1) logger?.info(`the database answered on try ${attempt}`);
      return;
    } catch (error) {
      if (timeoutS === 0 || !worthRetrying(settings, (error as Error).cause)) throw error;
      const delayMs = Math.min(BACKOFF_START_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
      if (performance.now() + delayMs > deadline) {
        throw new Error(`${(error as Error).message} (gave up after ${attempt} tries in ${timeoutS} s; DB_CONNECT_TIMEOUT_S sets how long to keep trying)`);
      }
      logger?.warn(`database not reachable (try ${attempt}, next in ${delayMs / 1000} s): ${(error as Error).message}`);
      hooks.onWaiting?.();
      await sleep(delayMs);
      if (hooks.stopped?.()) throw new StartupCancelledError('shutdown began before the database answered');
    }
  }
}

/** Unreachable, refused, timed out, not yet accepting connections: maybe soon. Wrong credentials or database name: never. */
function worthRetrying(settings: DatabaseSettings, error: unknown): boolean {
  if (settings.dialect === 'sqlite') return false;
  const code = driverCode(error);
  return !(error instanceof AccessDeniedError || code === 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR' || code === 'ER_BAD_DB_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR');
}
