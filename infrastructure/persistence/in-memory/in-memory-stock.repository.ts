import type { StockRepository, StockedProduct } from '../../../domain/ordering/stock.repository.js';
import { Money } from '../../../domain/shared/money.js';
import type { InMemoryDatabase } from './in-memory-database.js';

/** Single-threaded, so each call is atomic by itself; nothing needs locking. */
export class InMemoryStockRepository implements StockRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async lockForSale(productIds: readonly number[]): Promise<StockedProduct[]> {
    return [...productIds]
      .sort((a, b) => a - b)
      .flatMap((id) => {
        const row = this.db.state.products.get(id);
        return row ? [{ id: row.id, name: row.name, price: Money.fromCents(row.priceCents), stock: row.stock }] : [];
      });
  }

  async take(productId: number, quantity: number): Promise<boolean> {
    const row = this.db.state.products.get(productId);
    if (!row || row.stock < quantity) return false;
    row.stock -= quantity;
    return true;
  }

  async restore(productId: number, quantity: number): Promise<void> {
    const row = this.db.state.products.get(productId);
    if (row) row.stock += quantity;
  }
}
