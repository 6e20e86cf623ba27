import { DataTypes, type QueryInterface } from 'sequelize';
import type { Migration } from './migration.js';

const tableOptions = { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' };
const money = (precision: number) => ({ type: DataTypes.DECIMAL(precision, 2), allowNull: false });

/** Orders with their lines (name and price copied from the catalog), and idempotency keys. */
export const createOrders: Migration = {
  name: '0002-create-orders',
  async up(qi: QueryInterface) {
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
