import { QueryTypes, type Sequelize } from 'sequelize';
import type { TransactionContext } from '../transaction-context.js';
import type { SqlQuery } from './product-list.sql.js';

/** Runs hand-written SQL inside the open unit of work, if any. */
export class SqlRunner {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly transactions: TransactionContext,
  ) {}

  select<T extends object>(query: SqlQuery): Promise<T[]> {
    return this.sequelize.query<T>(query.sql, {
      replacements: query.replacements,
      type: QueryTypes.SELECT,
      ...this.transactions.options(),
    });
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
}
