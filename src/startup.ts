import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Container } from 'inversify';
import type { AccessUseCases } from '../domain/access/use-cases/access-use-cases.js';
import type { CatalogUseCases } from '../domain/catalog/use-cases/catalog-use-cases.js';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { UnitOfWork } from '../domain/shared/unit-of-work.js';
import { createSequelize, type SequelizeOptions } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import { catalogIsEmpty } from '../infrastructure/persistence/sequelize/database-admin.js';
import { seedCatalog } from '../seeds/seed-catalog.js';
import { loadConfig, loadEnvFile, type Config } from './config.js';
import { TOKENS } from './container/tokens.js';
import { prepareDatabase, type OpenedDatabase } from './database-startup.js';

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


/** Connects (one try), says clearly why not if it cannot, and brings the schema up to date: the CLI commands' way in. */
export async function openDatabase(config: Pick<Config, 'database'>, logger?: Logger, options?: SequelizeOptions): Promise<OpenedDatabase> {
  const sequelize = createSequelize(config.database, undefined, options);
  try {
    return await prepareDatabase(sequelize, config.database, 0, logger);
  } catch (error) {
    await sequelize.close().catch(() => {});
    throw error;
  }
}

export function describeDatabase(config: Config): string {
  const settings = config.database;
  if (settings.dialect === 'sqlite') return `SQLite file ${settings.file}`;
  return `MySQL database "${settings.database}" on ${settings.host}:${settings.port}`;
}

/** The use cases the demo data is written through, as the container wires them. */
export function demoSeedUseCases(container: Container): CatalogUseCases {
  return container.get<CatalogUseCases>(TOKENS.CatalogUseCases);
}

/**
 * The zero-configuration start: a SQLite database this start created gets the assignment's demo
 * catalog, in one transaction, through the same use cases as `npm run db:seed`. A database that
 * existed before is never touched, so a restart keeps every change made through the API.
 */
export async function seedNewEmbeddedDatabase(config: Config, opened: OpenedDatabase, container: Container, logger: Logger): Promise<void> {
  if (config.database.dialect !== 'sqlite' || !opened.createdSchema || !(await catalogIsEmpty(opened.sequelize))) return;
  const counts = await container.get<UnitOfWork>(TOKENS.UnitOfWork).run(() => seedCatalog(demoSeedUseCases(container)));
  logger.info(
    counts,
    `new database: loaded the demo catalog (${counts.categories} categories, ${counts.products} products, ${counts.tags} tags)`,
  );
}

/**
 * MySQL is set up by hand (db:create, db:seed), so a server started on an empty catalog says once
 * how to load the demo data, rather than leaving someone wondering why every list is empty.
 * SQLite needs no such line: a new file gets the demo data by itself.
 */
export async function hintEmptyCatalog(config: Config, opened: OpenedDatabase, logger: Logger): Promise<void> {
  if (config.database.dialect === 'sqlite' || !(await catalogIsEmpty(opened.sequelize))) return;
  logger.info('the catalog is empty (no categories, products or tags): to load the demo data, run npm run db:seed');
}

/** Where the zero-configuration start leaves its admin key: beside the SQLite file. */
export function localKeyFile(sqliteFile: string): string {
  return `${path.dirname(sqliteFile)}/admin-api-key`;
}

/**
 * The zero-configuration start stays one command: a SQLite database this start created gets an
 * admin key named `local` with every scope, written to a file only its owner can read. The log
 * names the file, never the key.
 */
export async function createLocalAdminKey(config: Config, opened: OpenedDatabase, container: Container, logger: Logger): Promise<void> {
  if (config.database.dialect !== 'sqlite' || !opened.createdSchema) return;
  const { secret } = await container.get<AccessUseCases>(TOKENS.AccessUseCases).createKey.execute({ name: 'local' });
  const file = localKeyFile(config.database.file);
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600); // writeFile's mode applies only to a file it creates
  logger.info(`new database: wrote an admin API key (every scope) to ${file}; send it as Authorization: Bearer <key>`);
}
