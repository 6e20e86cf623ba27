import type { SqlQuery } from './sql-runner.js';

/** Takes units only if that many are on hand: the condition and the write are one statement, so no sale oversells. */
export function takeStockQuery(productId: number, quantity: number): SqlQuery {
  return {
    sql: 'UPDATE product SET stock = stock - :quantity WHERE id = :productId AND stock >= :quantity',
    replacements: { productId, quantity },
  };
}

export function restoreStockQuery(productId: number, quantity: number): SqlQuery {
  return { sql: 'UPDATE product SET stock = stock + :quantity WHERE id = :productId', replacements: { productId, quantity } };
}
