import type { QueryInterface } from 'sequelize';

export interface Migration {
  /** Recorded in the schema_migrations table once applied; never rename an applied one. */
  readonly name: string;
  up(queryInterface: QueryInterface): Promise<void>;
  down(queryInterface: QueryInterface): Promise<void>;
}

/**
 * A migration serves MySQL and SQLite. Where SQLite cannot do what the MySQL path does (ALTER
 * TABLE ... ADD CONSTRAINT), it branches, and the MySQL path stays exactly as applied in the field.
 */
export function isSqlite(qi: QueryInterface): boolean {
  return qi.sequelize.getDialect() === 'sqlite';
}

/** Runs statements one by one (the sqlite3 driver runs only the first statement of a string). */
export async function runEach(qi: QueryInterface, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await qi.sequelize.query(statement);
}
