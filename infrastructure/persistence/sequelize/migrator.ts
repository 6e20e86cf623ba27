import type { Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import { migrations } from './migrations/index.js';

export type Migrator = Umzug<object>;

/** Umzug over the explicit migration list; applied names live in the schema_migrations table. */
export function createMigrator(sequelize: Sequelize, log: (message: string) => void = () => {}): Migrator {
  const queryInterface = sequelize.getQueryInterface();
  return new Umzug({
    migrations: migrations.map((migration) => ({
      name: migration.name,
      up: () => migration.up(queryInterface),
      down: () => migration.down(queryInterface),
    })),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: {
      info: (event) => {
        if ('event' in event && event.event === 'migrated') log(`migrated ${String(event.name)}`);
      },
      warn: () => {},
      error: () => {},
      debug: () => {},
    },
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(sequelize: Sequelize, log?: (message: string) => void): Promise<string[]> {
  const applied = await createMigrator(sequelize, log).up();
  return applied.map((migration) => migration.name);
}
