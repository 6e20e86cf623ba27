import { adjustCountQuery, type GroupTable } from '../queries/product-group.sql.js';
import type { SqlRunner } from '../queries/sql-runner.js';

/**
 * Moves the product_count kept on categories or tags: the changes summed per group, then one
 * UPDATE per group that moves, in id order, so concurrent writers queue rather than deadlock.
 */
export async function adjustGroupCounts(sql: SqlRunner, table: GroupTable, changes: Iterable<readonly [groupId: number, delta: number]>): Promise<void> {
  const deltas = new Map<number, number>();
  for (const [groupId, delta] of changes) deltas.set(groupId, (deltas.get(groupId) ?? 0) + delta);
  for (const [groupId, delta] of [...deltas].sort((a, b) => a[0] - b[0])) {
    if (delta !== 0) await sql.update(adjustCountQuery(table, groupId, delta));
  }
}
