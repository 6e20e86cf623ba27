import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../../infrastructure/persistence/sequelize/migrator.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A store that ran before search and counts existed upgrades in place: its products become
// findable and its groups get their counts. And the migration can be undone and redone.
describe('migration 0003 on a database that already holds a catalog', () => {
  let db: TestDatabase;
  const rows = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    await createMigrator(db.sequelize).up({ to: '0002-create-orders' });
    await db.sequelize.query("INSERT INTO category (id, category_name) VALUES (1, 'Shirts'), (2, 'Hats')");
    await db.sequelize.query("INSERT INTO tag (id, tag_name) VALUES (1, 'sale')");
    await db.sequelize.query(
      "INSERT INTO product (id, product_name, price, stock, category_id) VALUES (1, 'Cotton T-Shirt', 9.99, 3, 1), (2, 'Wool Cap', 5, 1, 2), (3, 'Linen Shirt', 20, 0, 1)",
    );
    await db.sequelize.query('INSERT INTO product_tag (product_id, tag_id) VALUES (1, 1), (3, 1)');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('fills the word index and the product counts from the rows already there', async () => {
    await createMigrator(db.sequelize).up();
    const keys = await rows<{ product_id: number; word: string }>('SELECT product_id, word FROM product_word ORDER BY product_id, word');
    const keysOf = (id: number) => keys.filter((key) => key.product_id === id).map((key) => key.word);
    expect(keysOf(1)).toEqual(['cot', 'cott', 'cotto', 'cotton', 'shi', 'shir', 'shirt', 't']);
    expect(keysOf(2)).toEqual(['cap', 'woo', 'wool']);
    expect(keysOf(3)).toEqual(['lin', 'line', 'linen', 'shi', 'shir', 'shirt']);
    expect(await rows('SELECT id, product_count FROM category ORDER BY id')).toEqual([{ id: 1, product_count: 2 }, { id: 2, product_count: 1 }]);
    expect(await rows('SELECT id, product_count FROM tag')).toEqual([{ id: 1, product_count: 2 }]);
  });

  it('goes down and up again', async () => {
    const migrator = createMigrator(db.sequelize);
    await migrator.down({ to: '0003-catalog-browsing' });
    expect(await rows("SHOW TABLES LIKE 'product_word'")).toEqual([]);
    await migrator.up();
    expect(await rows('SELECT COUNT(*) AS n FROM product_word')).toEqual([{ n: 17 }]);
  });
});
