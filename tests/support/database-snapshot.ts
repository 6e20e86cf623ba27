import { createHash } from 'node:crypto';
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

export interface DatabaseFingerprint {
  /** SHA-256 over every table's rows. */
  readonly digest: string;
  /** Each table's rows as text, sorted: to say what changed when the digest does. */
  readonly tables: Readonly<Record<string, readonly string[]>>;
}

/**
 * Like databaseSnapshot, in one statement: every row of every table (but the migration log),
 * each rendered by the database as its quoted column values, then hashed here. Fast enough to
 * run after every request of a property test (about a millisecond on the seed data). The
 * columns named in `ignoreColumns` (by default the audit columns, as in databaseSnapshot) are left out; the tables are read once, when this is made.
 */
export async function databaseFingerprinter(
  sequelize: Sequelize,
  options: { ignoreColumns?: Readonly<Record<string, readonly string[]>> } = { ignoreColumns: AUDIT_COLUMNS },
): Promise<() => Promise<DatabaseFingerprint>> {
  const sqlite = sequelize.getDialect() === 'sqlite';
  const quoteName = (name: string) => (sqlite ? `"${name}"` : `\`${name}\``);
  const selects: string[] = [];
  for (const table of await tableNames(sequelize)) {
    const ignored = options.ignoreColumns?.[table] ?? [];
    const columns = (await columnNames(sequelize, table)).filter((column) => !ignored.includes(column));
    if (columns.length === 0) throw new Error(`no columns left to compare in ${table}`);
    // quote() and QUOTE() spell NULL, numbers, text and blobs alike as SQL literals, so no two rows
    // read the same; but SQLite's quote() ends text at a NUL, so such text is spelled in hex.
    const sqliteValue = (column: string) =>
      `CASE WHEN typeof(${column}) = 'text' AND instr(CAST(${column} AS BLOB), x'00') > 0 THEN 'text:' || hex(${column}) ELSE quote(${column}) END`;
    const row = sqlite
      ? columns.map((column) => sqliteValue(quoteName(column))).join(" || ',' || ")
      : `CONCAT_WS(',', ${columns.map((column) => `QUOTE(${quoteName(column)})`).join(', ')})`;
    selects.push(`SELECT '${table}' AS t, ${row} AS r FROM ${quoteName(table)}`);
  }
  const sql = selects.join(' UNION ALL ');
  return async () => {
    const rows = await sequelize.query<{ t: string; r: string }>(sql, { type: QueryTypes.SELECT });
    const tables: Record<string, string[]> = {};
    for (const { t } of rows) tables[t] = [];
    for (const { t, r } of rows) tables[t]!.push(String(r));
    const hash = createHash('sha256');
    for (const table of Object.keys(tables).sort()) hash.update(`${table}\n${tables[table]!.sort().join('\n')}\n\n`);
    return { digest: hash.digest('hex'), tables };
  };
}

/** The rows one fingerprint has and the other has not, a line each (`- table: row`, `+ table: row`). */
export function describeRowChanges(before: DatabaseFingerprint, after: DatabaseFingerprint): string {
  const tables = [...new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])].sort();
  return tables
    .flatMap((table) => {
      const was = new Set(before.tables[table] ?? []);
      const now = new Set(after.tables[table] ?? []);
      const gone = [...was].filter((row) => !now.has(row)).map((row) => `  - ${table}: ${row.slice(0, 200)}`);
      const added = [...now].filter((row) => !was.has(row)).map((row) => `  + ${table}: ${row.slice(0, 200)}`);
      return [...gone, ...added];
    })
    .join('\n');
}

async function columnNames(sequelize: Sequelize, table: string): Promise<string[]> {
  const sql =
    sequelize.getDialect() === 'sqlite'
      ? 'SELECT name FROM pragma_table_info(?)'
      : 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position';
  const rows = await sequelize.query<{ name: string }>(sql, { replacements: [table], type: QueryTypes.SELECT });
  return rows.map((row) => row.name);
}
