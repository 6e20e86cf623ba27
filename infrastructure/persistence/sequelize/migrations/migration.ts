import type { QueryInterface } from 'sequelize';

export interface Migration {
  /** Recorded in the schema_migrations table once applied; never rename an applied one. */
  readonly name: string;
  up(queryInterface: QueryInterface): Promise<void>;
  down(queryInterface: QueryInterface): Promise<void>;
}
