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

/** The catalog's rows in a stable order, tag links by their ends: what a reseed must reproduce exactly. */
export async function catalogRows(sequelize: Sequelize): Promise<{ category: unknown[]; product: unknown[]; tag: unknown[]; product_tag: unknown[] }> {
  const rows = (sql: string) => sequelize.query(sql, { type: QueryTypes.SELECT });
  return {
    category: await rows('SELECT * FROM category ORDER BY id'),
    product: await rows('SELECT * FROM product ORDER BY id'),
    tag: await rows('SELECT * FROM tag ORDER BY id'),
    product_tag: await rows('SELECT product_id, tag_id FROM product_tag ORDER BY product_id, tag_id'),
  };
}
