import { QueryTypes, type Sequelize } from 'sequelize';
import type { StockRepository, StockedProduct } from '../../../../domain/ordering/stock.repository.js';
import { moneyFromColumn } from '../decimal-column.js';
import type { CatalogModels } from '../models/catalog.models.js';
import type { TransactionContext } from '../transaction-context.js';

export class SequelizeStockRepository implements StockRepository {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: CatalogModels,
    private readonly transactions: TransactionContext,
  ) {}

  async lockForSale(productIds: readonly number[]): Promise<StockedProduct[]> {
    const transaction = this.transactions.current();
    // SELECT ... FOR UPDATE in primary-key order: concurrent checkouts queue on the same rows in
    // the same order instead of deadlocking.
    const rows = await this.models.Product.findAll({
      attributes: ['id', 'product_name', 'price', 'stock'],
      where: { id: [...productIds] },
      order: [['id', 'ASC']],
      ...(transaction ? { transaction, lock: transaction.LOCK.UPDATE } : {}),
    });
    return rows.map((row) => ({ id: row.id, name: row.product_name, price: moneyFromColumn(row.price), stock: row.stock }));
  }

  async take(productId: number, quantity: number): Promise<boolean> {
    const changed = await this.sequelize.query('UPDATE product SET stock = stock - :quantity WHERE id = :productId AND stock >= :quantity', {
      replacements: { productId, quantity },
      type: QueryTypes.BULKUPDATE,
      ...this.transactions.options(),
    });
    return Number(changed) === 1;
  }

  async restore(productId: number, quantity: number): Promise<void> {
    await this.sequelize.query('UPDATE product SET stock = stock + :quantity WHERE id = :productId', {
      replacements: { productId, quantity },
      type: QueryTypes.BULKUPDATE,
      ...this.transactions.options(),
    });
  }
}
