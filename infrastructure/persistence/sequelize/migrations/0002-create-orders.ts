import { DataTypes, type QueryInterface } from 'sequelize';
import { isSqlite, runEach, type Migration } from './migration.js';

const tableOptions = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
const money = (precision: number) => ({ type: DataTypes.DECIMAL(precision, 2), allowNull: false });

/** Orders with their lines (name and price copied from the catalog), and idempotency keys. */
export const createOrders: Migration = {
  name: '0002-create-orders',
  async up(qi: QueryInterface) {
    if (isSqlite(qi)) return runEach(qi, SQLITE_UP);
    await qi.createTable(
      'orders',
      {
        // seq orders rows for newest-first paging; id is what clients see, random and unguessable.
        seq: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true, allowNull: false },
        id: { type: DataTypes.CHAR(36), allowNull: false, unique: true },
        email: { type: DataTypes.STRING(254), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        total: money(15),
        created_at: { type: DataTypes.DATE(3), allowNull: false },
        updated_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      tableOptions,
    );
    await qi.sequelize.query(
      "ALTER TABLE orders ADD CONSTRAINT orders_status_known CHECK (status IN ('placed', 'paid', 'fulfilled', 'cancelled'))",
    );
    await qi.addIndex('orders', ['status', 'seq'], { name: 'orders_status_seq' });
    await qi.addIndex('orders', ['email', 'seq'], { name: 'orders_email_seq' });

    await qi.createTable(
      'order_line',
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
        order_seq: {
          type: DataTypes.BIGINT,
          allowNull: false,
          references: { model: 'orders', key: 'seq' },
          onDelete: 'CASCADE',
        },
        // A deleted product leaves its past order lines intact, only unlinked.
        product_id: {
          type: DataTypes.INTEGER,
          allowNull: true,
          references: { model: 'product', key: 'id' },
          onDelete: 'SET NULL',
          onUpdate: 'CASCADE',
        },
        product_name: { type: DataTypes.STRING(255), allowNull: false },
        unit_price: money(10),
        quantity: { type: DataTypes.INTEGER, allowNull: false },
        line_total: money(15),
      },
      tableOptions,
    );
    await qi.sequelize.query('ALTER TABLE order_line ADD CONSTRAINT order_line_quantity_positive CHECK (quantity > 0)');

    await qi.createTable(
      'idempotency_key',
      {
        idempotency_key: { type: DataTypes.STRING(255), primaryKey: true, allowNull: false },
        request: { type: DataTypes.TEXT, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        outcome: { type: DataTypes.TEXT('long'), allowNull: true },
        claimed_at: { type: DataTypes.DATE(3), allowNull: false },
      },
      { ...tableOptions, collate: 'utf8mb4_bin' },
    );
  },
  async down(qi: QueryInterface) {
    await qi.dropTable('idempotency_key');
    await qi.dropTable('order_line');
    await qi.dropTable('orders');
  },
};

/**
 * The same schema on SQLite: CHECKs inside CREATE TABLE, NOCASE where MySQL's collation ignores
 * case (emails), BINARY (SQLite's default) where it does not (idempotency keys), and an index for
 * each foreign key, which MySQL would have created by itself. `seq` is INTEGER PRIMARY KEY, the
 * only form SQLite auto-increments; it holds 64-bit values like BIGINT.
 */
const SQLITE_UP = [
  `CREATE TABLE orders (
    seq INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    id CHAR(36) NOT NULL UNIQUE,
    email VARCHAR(254) NOT NULL COLLATE NOCASE,
    status VARCHAR(16) NOT NULL,
    total DECIMAL(15,2) NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    CONSTRAINT orders_status_known CHECK (status IN ('placed', 'paid', 'fulfilled', 'cancelled'))
  )`,
  'CREATE INDEX orders_status_seq ON orders (status, seq)',
  'CREATE INDEX orders_email_seq ON orders (email, seq)',
  `CREATE TABLE order_line (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    order_seq INTEGER NOT NULL REFERENCES orders (seq) ON DELETE CASCADE,
    product_id INTEGER REFERENCES product (id) ON DELETE SET NULL ON UPDATE CASCADE,
    product_name VARCHAR(255) NOT NULL,
    unit_price DECIMAL(10,2) NOT NULL,
    quantity INTEGER NOT NULL,
    line_total DECIMAL(15,2) NOT NULL,
    CONSTRAINT order_line_quantity_positive CHECK (quantity > 0)
  )`,
  'CREATE INDEX order_line_order_seq_fk ON order_line (order_seq)',
  'CREATE INDEX order_line_product_id_fk ON order_line (product_id)',
  `CREATE TABLE idempotency_key (
    idempotency_key VARCHAR(255) PRIMARY KEY NOT NULL,
    request TEXT NOT NULL,
    state VARCHAR(16) NOT NULL,
    outcome TEXT,
    claimed_at DATETIME NOT NULL
  )`,
];
