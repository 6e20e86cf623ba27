import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { checkConnection } from '../infrastructure/persistence/sequelize/connection-check.js';
import { createSequelize } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import { migrateToLatest } from '../infrastructure/persistence/sequelize/migrator.js';
import { loadConfig, loadEnvFile, type Config } from './config.js';

/** A startup failure: one line that says what to fix, and exit code 1. No stack trace. */
export function exitWith(error: unknown): never {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

export function loadConfigOrExit(): Config {
  try {
    loadEnvFile();
    return loadConfig();
  } catch (error) {
    exitWith(error);
  }
}

/** Connects, says clearly why not if it cannot, and brings the schema up to date. */
export async function openDatabase(config: Config, logger?: Logger): Promise<Sequelize> {
  const sequelize = createSequelize(config.database);
  try {
    await checkConnection(sequelize, config.database);
    const applied = await migrateToLatest(sequelize);
    if (applied.length > 0) logger?.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
    return sequelize;
  } catch (error) {
    await sequelize.close().catch(() => {});
    throw error;
  }
}

export function describeDatabase(config: Config): string {
  const { database, host, port } = config.database;
  return `MySQL database "${database}" on ${host}:${port}`;
}
