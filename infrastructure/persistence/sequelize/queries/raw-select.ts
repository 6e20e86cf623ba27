import { DatabaseError, type Sequelize } from 'sequelize';
import type { TransactionContext } from '../transaction-context.js';

/** What Sequelize's MySQL connection manager hands out: a mysql2 connection (callback API). */
interface Mysql2Connection {
  query(sql: string, values: readonly unknown[], callback: (error: Error | null, rows: unknown) => void): unknown;
}

/**
 * A read as one mysql2 round trip on a connection of Sequelize's own pool (or of the open
 * transaction), without Sequelize's query pipeline: about 0.14 ms of CPU per query against
 * 0.27 ms for sequelize.query(sql, { type: SELECT }) and 2-3 ms for findByPk with includes
 * (bench/PROFILE.md). Values are escaped by mysql2 (`?` placeholders);
 * columns arrive typed as with Sequelize (its type cast and time zone are set on the connection:
 * DECIMAL as a string). Driver errors arrive as Sequelize's DatabaseError, as from
 * sequelize.query, so translatingErrors and the unit of work treat them the same.
 */
export async function selectRows<Row>(
  sequelize: Sequelize,
  transactions: TransactionContext,
  sql: string,
  values: readonly unknown[] = [],
): Promise<Row[]> {
  const transaction = transactions.current() as { connection?: Mysql2Connection } | undefined;
  const manager = sequelize.connectionManager as unknown as {
    getConnection(options: { type: string }): Promise<Mysql2Connection>;
    releaseConnection(connection: Mysql2Connection): void;
  };
  const connection = transaction?.connection ?? (await manager.getConnection({ type: 'SELECT' }));
  try {
    return await new Promise<Row[]>((resolve, reject) => {
      connection.query(sql, values, (error, rows) => (error ? reject(new DatabaseError(Object.assign(error, { sql }))) : resolve(rows as Row[])));
    });
  } finally {
    if (!transaction?.connection) manager.releaseConnection(connection);
  }
}
