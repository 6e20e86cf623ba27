import { DataTypes, type QueryInterface } from 'sequelize';
import { isSqlite, runEach, type Migration } from './migration.js';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false };
// utf8mb4 with a case-insensitive collation: "Shirts" and "shirts" clash on the unique index.
const tableOptions = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };

/** The assignment's four tables, with the constraints the API relies on. */
export const createCatalog: Migration = {
  name: '0001-create-catalog',
  async up(qi: QueryInterface) {
    if (isSqlite(qi)) return runEach(qi, SQLITE_UP);
    await qi.createTable('category', { id, category_name: { type: DataTypes.STRING(255), allowNull: false } }, tableOptions);
    await qi.addIndex('category', ['category_name'], { unique: true, name: 'category_name_unique' });

    await qi.createTable('tag', { id, tag_name: { type: DataTypes.STRING(255), allowNull: false } }, tableOptions);
    await qi.addIndex('tag', ['tag_name'], { unique: true, name: 'tag_name_unique' });

    await qi.createTable(
      'product',
      {
        id,
        product_name: { type: DataTypes.STRING(255), allowNull: false },
        // Never a bare DECIMAL: MySQL reads that as DECIMAL(10,0) and rounds 14.99 to 15.
        price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
        stock: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
        category_id: {
          type: DataTypes.INTEGER,
          allowNull: true,
          references: { model: 'category', key: 'id' },
          onDelete: 'SET NULL',
          onUpdate: 'CASCADE',
        },
      },
      tableOptions,
    );
    await qi.sequelize.query('ALTER TABLE product ADD CONSTRAINT product_price_non_negative CHECK (price >= 0)');
    await qi.sequelize.query('ALTER TABLE product ADD CONSTRAINT product_stock_non_negative CHECK (stock >= 0)');

    await qi.createTable(
      'product_tag',
      {
        id,
        product_id: {
          type: DataTypes.INTEGER,
          allowNull: false,
          references: { model: 'product', key: 'id' },
          onDelete: 'CASCADE',
          onUpdate: 'CASCADE',
        },
        tag_id: {
          type: DataTypes.INTEGER,
          allowNull: false,
          references: { model: 'tag', key: 'id' },
          onDelete: 'CASCADE',
          onUpdate: 'CASCADE',
        },
      },
      tableOptions,
    );
    await qi.addIndex('product_tag', ['product_id', 'tag_id'], { unique: true, name: 'product_tag_unique' });
    await qi.addIndex('product_tag', ['tag_id'], { name: 'product_tag_tag_id' });
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('product_tag');
    await qi.dropTable('product');
    await qi.dropTable('tag');
    await qi.dropTable('category');
  },
};

/**
 * The same schema on SQLite, which cannot add a CHECK to an existing table: the constraints are
 * written into CREATE TABLE, with the same names. COLLATE NOCASE stands in for utf8mb4_unicode_ci,
 * so "Shirts" and "shirts" still clash (NOCASE folds ASCII letters only). AUTOINCREMENT keeps ids
 * from being reused, as MySQL's AUTO_INCREMENT does. MySQL indexes every foreign key by itself;
 * SQLite does not, so product.category_id gets one here (ON DELETE SET NULL looks rows up by it).
 */
const SQLITE_UP = [
  `CREATE TABLE category (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    category_name VARCHAR(255) NOT NULL COLLATE NOCASE
  )`,
  'CREATE UNIQUE INDEX category_name_unique ON category (category_name)',
  `CREATE TABLE tag (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    tag_name VARCHAR(255) NOT NULL COLLATE NOCASE
  )`,
  'CREATE UNIQUE INDEX tag_name_unique ON tag (tag_name)',
  `CREATE TABLE product (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    product_name VARCHAR(255) NOT NULL COLLATE NOCASE,
    price DECIMAL(10,2) NOT NULL,
    stock INTEGER NOT NULL DEFAULT 10,
    category_id INTEGER REFERENCES category (id) ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT product_price_non_negative CHECK (price >= 0),
    CONSTRAINT product_stock_non_negative CHECK (stock >= 0)
  )`,
  'CREATE INDEX product_category_id_fk ON product (category_id)',
  `CREATE TABLE product_tag (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    product_id INTEGER NOT NULL REFERENCES product (id) ON DELETE CASCADE ON UPDATE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag (id) ON DELETE CASCADE ON UPDATE CASCADE
  )`,
  'CREATE UNIQUE INDEX product_tag_unique ON product_tag (product_id, tag_id)',
  'CREATE INDEX product_tag_tag_id ON product_tag (tag_id)',
];
