import { QueryTypes, type Sequelize } from 'sequelize';

/** Every catalog row, as stored: for proving a rejected request wrote nothing. */
export async function catalogSnapshot(sequelize: Sequelize): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const table of ['category', 'tag', 'product', 'product_tag']) {
    snapshot[table] = await sequelize.query(`SELECT * FROM ${table} ORDER BY id`, { type: QueryTypes.SELECT });
  }
  const [status] = await sequelize.query<{ Auto_increment: number }>("SHOW TABLE STATUS WHERE Name = 'product'", {
    type: QueryTypes.SELECT,
  });
  snapshot.next_product_id = [status?.Auto_increment];
  return snapshot;
}
