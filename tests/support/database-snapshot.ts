import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * Audit columns an allowed request may touch without changing any data: an admin key's last use
 * is recorded (at most once a minute) whenever the key is let through.
 */
const AUDIT_COLUMNS: Record<string, readonly string[]> = { api_key: ['last_used_at'] };

/**
 * Every row of every table (but the migration log and audit columns), in a stable order: for
 * proving a rejected request wrote nothing at all, anywhere.
 */
export async function databaseSnapshot(sequelize: Sequelize): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of await tableNames(sequelize)) {
    const rows = await sequelize.query<Record<string, unknown>>(`SELECT * FROM ${table}`, { type: QueryTypes.SELECT });
    const audit = AUDIT_COLUMNS[table] ?? [];
    snapshot[table] = rows.map((row) => JSON.stringify(row, (key, value: unknown) => (audit.includes(key) ? undefined : value))).sort();
  }
  return snapshot;
}

async function tableNames(sequelize: Sequelize): Promise<string[]> {
  const sql =
    sequelize.getDialect() === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()';
  const rows = await sequelize.query<{ name: string }>(sql, { type: QueryTypes.SELECT });
  return rows.map((row) => row.name).filter((name) => name !== 'schema_migrations').sort();
}
