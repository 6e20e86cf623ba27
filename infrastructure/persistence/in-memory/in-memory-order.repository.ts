import { fromSnapshot, toSnapshot, type Order } from '../../../domain/ordering/order.js';
import type { OrderStatus } from '../../../domain/ordering/order-status.js';
import type { OrderFilter, OrderPage, OrderRepository } from '../../../domain/ordering/order.repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemoryOrderRepository implements OrderRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(order: Order, accessDigest: string): Promise<void> {
    this.db.state.orders.set(order.id, { ...toSnapshot(order), seq: this.db.state.nextOrderSeq++, accessDigest });
  }

  async findIdByAccessDigest(digest: string): Promise<string | null> {
    return [...this.db.state.orders.values()].find((row) => row.accessDigest === digest)?.id ?? null;
  }

  async findById(id: string): Promise<Order | null> {
    const row = this.db.state.orders.get(id);
    return row ? fromSnapshot(row) : null;
  }

  async list(filter: OrderFilter, page: { limit: number; before?: number }): Promise<OrderPage> {
    const before = page.before ?? Infinity;
    const rows = [...this.db.state.orders.values()]
      .filter((row) => row.seq < before)
      .filter((row) => (filter.status ? row.status === filter.status : true))
      .filter((row) => (filter.email ? row.email === filter.email : true))
      .sort((a, b) => b.seq - a.seq)
      .slice(0, page.limit + 1);
    const more = rows.length > page.limit;
    const pageRows = rows.slice(0, page.limit);
    return { orders: pageRows.map(fromSnapshot), nextBefore: more ? pageRows.at(-1)!.seq : null };
  }

  async changeStatus(id: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<boolean> {
    const row = this.db.state.orders.get(id);
    if (!row || !from.includes(row.status)) return false;
    row.status = to;
    row.updatedAt = at.toISOString();
    return true;
  }
}
