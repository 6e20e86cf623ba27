import mysql from 'mysql2';
import { QueryTypes, type Sequelize } from 'sequelize';
import { selectRows } from './raw-select.js';
import type { TransactionContext } from '../transaction-context.js';

/** Hand-written SQL with named replacements (`:name`): the same text on every dialect. */
export interface SqlQuery {
  readonly sql: string;
  readonly replacements: Record<string, unknown>;
}

/**
 * Runs hand-written SQL inside the open unit of work, if any. On MySQL/MariaDB, reads skip
 * Sequelize's query pipeline (half the CPU per read, bench/PROFILE.md): the named replacements
 * become mysql2 `?` placeholders, escaped by the driver. Other dialects go through
 * sequelize.query with the same SQL and replacements.
 */
export class SqlRunner {
  private readonly direct: boolean;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly transactions: TransactionContext,
  ) {
    this.direct = ['mysql', 'mariadb'].includes(sequelize.getDialect());
  }

  select<T extends object>(query: SqlQuery): Promise<T[]> {
    if (!this.direct) {
      return this.sequelize.query<T>(query.sql, { replacements: query.replacements, type: QueryTypes.SELECT, ...this.transactions.options() });
    }
    const { sql, values } = positional(query);
    // Statements stay visible to whoever set Sequelize's `logging` (the query-count tests do).
    const log = (this.sequelize as unknown as { options: { logging?: unknown } }).options.logging;
    if (typeof log === 'function') log(mysql.format(sql, values as never));
    return selectRows<T>(this.sequelize, this.transactions, sql, values);
  }

  /**
   * SELECT ... FOR UPDATE inside the open unit of work on MySQL/MariaDB: the rows read stay locked
   * until it ends, and the read sees the latest commit. SQLite has no row locks and needs none: a
   * write transaction there holds the file's write lock from its start.
   */
  selectForUpdate<T extends object>(query: SqlQuery): Promise<T[]> {
    const lock = this.direct && this.transactions.current() ? ' FOR UPDATE' : '';
    return this.select<T>({ ...query, sql: `${query.sql}${lock}` });
  }

  async count(query: SqlQuery): Promise<number> {
    const [row] = await this.select<{ total: number | string }>(query);
    return Number(row?.total ?? 0);
  }

  /** A multi-row INSERT without model instances: for derived rows written in bulk. */
  async insertRows(table: string, rows: readonly object[]): Promise<void> {
    if (rows.length === 0) return;
    await this.sequelize.getQueryInterface().bulkInsert(table, rows as object[], this.transactions.options());
  }

  async update(query: SqlQuery): Promise<void> {
    await this.sequelize.query(query.sql, {
      replacements: query.replacements,
      type: QueryTypes.UPDATE,
      ...this.transactions.options(),
    });
  }

  /** An UPDATE whose answer is how many rows it changed (a conditional write that may match none). */
  async changedRows(query: SqlQuery): Promise<number> {
    const changed = await this.sequelize.query(query.sql, {
      replacements: query.replacements,
      type: QueryTypes.BULKUPDATE,
      ...this.transactions.options(),
    });
    return Number(changed);
  }
}

/** `:name` → `?`, values in order; an array fills `IN (?)` as a list. */
function positional(query: SqlQuery): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const sql = query.sql.replace(/:([A-Za-z]\w*)/g, (_match, name: string) => {
    if (!(name in query.replacements)) throw new Error(`no value for :${name} in ${query.sql}`);
    values.push(query.replacements[name]);
    return '?';
  });
  return { sql, values };
}
