import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize, type DatabaseSettings } from './create-sequelize.js';
import { createMigrator, migrateToLatest } from './migrator.js';

/** CREATE DATABASE IF NOT EXISTS, connecting to the server without choosing a database. */
export async function createDatabaseIfMissing(settings: DatabaseSettings): Promise<boolean> {
  const server = createSequelize({ ...settings, database: '' });
  try {
    const existing = await server.query('SHOW DATABASES LIKE :name', { replacements: { name: settings.database }, type: QueryTypes.SELECT });
    if (existing.length > 0) return false;
    await server.query(`CREATE DATABASE ${quoteIdentifier(settings.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return true;
  } finally {
    await server.close();
  }
}

export async function dropDatabase(settings: DatabaseSettings): Promise<void> {
  const server = createSequelize({ ...settings, database: '' });
  try {
    await server.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(settings.database)}`);
  } finally {
    await server.close();
  }
}

/** True when no category, product or tag exists (the schema must be migrated). */
export async function catalogIsEmpty(sequelize: Sequelize): Promise<boolean> {
  const [row] = await sequelize.query<{ total: number | string }>(
    'SELECT (SELECT COUNT(*) FROM category) + (SELECT COUNT(*) FROM product) + (SELECT COUNT(*) FROM tag) AS total',
    { type: QueryTypes.SELECT },
  );
  return Number(row?.total ?? 0) === 0;
}

/** Undoes every migration and applies them again: empty tables, ids counting from 1. */
export async function resetSchema(sequelize: Sequelize): Promise<void> {
  await createMigrator(sequelize).down({ to: 0 });
  await migrateToLatest(sequelize);
}

function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
