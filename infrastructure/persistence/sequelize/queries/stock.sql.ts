import type { SqlQuery } from './sql-runner.js';

/**
 * Takes units only if that many are on hand: the condition and the write are one statement, so no
 * sale oversells. On a Galera cluster row locks are node-local, so two nodes can both lock and
 * pass this check on the same row; but each node's write set carries the row it changed, the
 * cluster certifies write sets in one global order, and the later one touching the same row is
 * refused at COMMIT (errno 1213) and run again from the start (SequelizeUnitOfWork), when it reads
 * the stock the winner left. So the lock order only reduces conflicts on one node; this
 * conditional write, certified cluster-wide, is what keeps the count exact.
 */
export function takeStockQuery(productId: number, quantity: number): SqlQuery {
  return {
    sql: 'UPDATE product SET stock = stock - :quantity WHERE id = :productId AND stock >= :quantity',
    replacements: { productId, quantity },
  };
}

export function restoreStockQuery(productId: number, quantity: number): SqlQuery {
  return { sql: 'UPDATE product SET stock = stock + :quantity WHERE id = :productId', replacements: { productId, quantity } };
}
