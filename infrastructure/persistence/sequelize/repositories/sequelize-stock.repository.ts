import type { StockRepository, StockedProduct } from '../../../../domain/ordering/stock.repository.js';
import { toProductSummary } from '../catalog.mapper.js';
import type { CatalogModels } from '../models/catalog.models.js';
import type { SqlRunner } from '../queries/sql-runner.js';
import { restoreStockQuery, takeStockQuery } from '../queries/stock.sql.js';
import type { TransactionContext } from '../transaction-context.js';

export class SequelizeStockRepository implements StockRepository {
  constructor(
    private readonly models: CatalogModels,
    private readonly sql: SqlRunner,
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
    return rows.map(toProductSummary);
  }

  async take(productId: number, quantity: number): Promise<boolean> {
    return (await this.sql.changedRows(takeStockQuery(productId, quantity))) === 1;
  }

  async restore(productId: number, quantity: number): Promise<void> {
    await this.sql.changedRows(restoreStockQuery(productId, quantity));
  }
}
