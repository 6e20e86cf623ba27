import { QueryTypes, type Sequelize } from 'sequelize';
import { nextIdOf } from './test-database.js';

/** Every catalog row, as stored: for proving a rejected request wrote nothing. */
export async function catalogSnapshot(sequelize: Sequelize): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of ['category', 'tag', 'product', 'product_tag']) {
    snapshot[table] = await sequelize.query(`SELECT * FROM ${table} ORDER BY id`, { type: QueryTypes.SELECT });
  }
  snapshot.next_product_id = [await nextIdOf(sequelize, 'product')];
  return snapshot;
}
