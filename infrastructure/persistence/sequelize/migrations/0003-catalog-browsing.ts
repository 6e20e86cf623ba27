import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import { MAX_KEY_LENGTH, searchKeys } from './0003-search-keys.js';
import type { Migration } from './migration.js';

const tableOptions = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
const BACKFILL_BATCH = 1000;

/**
 * What paging, filtering and search need to cost the same at any catalog size: an index per sort
 * (each ending in id, the tiebreak), a word index for name search, and product counts kept on
 * each category and tag so an embedded list can say how many there are without counting.
 */
export const catalogBrowsing: Migration = {
  name: '0003-catalog-browsing',
  async up(qi: QueryInterface) {
    await qi.addIndex('product', ['category_id', 'id'], { name: 'product_category_id' });
    await qi.addIndex('product', ['price', 'id'], { name: 'product_price_id' });
    await qi.addIndex('product', ['product_name', 'id'], { name: 'product_name_id' });
    // (tag_id, product_id) lists a tag's products in id order from the index alone.
    await qi.addIndex('product_tag', ['tag_id', 'product_id'], { name: 'product_tag_tag_product' });
    await qi.removeIndex('product_tag', 'product_tag_tag_id');

    await qi.createTable(
      'product_word',
      {
        word: { type: DataTypes.STRING(MAX_KEY_LENGTH), allowNull: false, primaryKey: true },
        product_id: {
          type: DataTypes.INTEGER,
          allowNull: false,
          primaryKey: true,
          references: { model: 'product', key: 'id' },
          onDelete: 'CASCADE',
          onUpdate: 'CASCADE',
        },
      },
      tableOptions,
    );
    await qi.addIndex('product_word', ['product_id'], { name: 'product_word_product_id' });
    await backfillWords(qi);

    const count = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };
    await qi.addColumn('category', 'product_count', count);
    await qi.addColumn('tag', 'product_count', count);
    await qi.sequelize.query(
      'UPDATE category SET product_count = (SELECT COUNT(*) FROM product WHERE product.category_id = category.id)',
    );
    await qi.sequelize.query('UPDATE tag SET product_count = (SELECT COUNT(*) FROM product_tag WHERE product_tag.tag_id = tag.id)');
  },
  async down(qi: QueryInterface) {
    await qi.removeColumn('tag', 'product_count');
    await qi.removeColumn('category', 'product_count');
    await qi.dropTable('product_word');
    await qi.addIndex('product_tag', ['tag_id'], { name: 'product_tag_tag_id' });
    await qi.removeIndex('product_tag', 'product_tag_tag_product');
    await qi.removeIndex('product', 'product_name_id');
    await qi.removeIndex('product', 'product_price_id');
    // MySQL dropped its own foreign-key index on category_id when product_category_id arrived:
    // the key needs an index before this one can go.
    await qi.addIndex('product', ['category_id'], { name: 'product_category_fk' });
    await qi.removeIndex('product', 'product_category_id');
  },
};

/** Indexes the names of products that existed before search did, a batch at a time. */
async function backfillWords(qi: QueryInterface): Promise<void> {
  for (let afterId = 0; ; ) {
    const products = await qi.sequelize.query<{ id: number; product_name: string }>(
      'SELECT id, product_name FROM product WHERE id > :afterId ORDER BY id LIMIT :limit',
      { replacements: { afterId, limit: BACKFILL_BATCH }, type: QueryTypes.SELECT },
    );
    if (products.length === 0) return;
    const rows = products.flatMap((product) => searchKeys(product.product_name).map((word) => ({ word, product_id: product.id })));
    if (rows.length > 0) await qi.bulkInsert('product_word', rows);
    afterId = products.at(-1)!.id;
  }
}
