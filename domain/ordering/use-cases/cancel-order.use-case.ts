import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { Order } from '../order.js';
import { IllegalTransitionError, statusesAllowing } from '../order-status.js';
import type { OrderRepository } from '../order.repository.js';
import type { StockRepository } from '../stock.repository.js';

/** The store may cancel a placed or paid order; its customer only one not yet paid. */
export type CancelledBy = 'store' | 'customer';

/**
 * Cancels a placed or paid order and puts its units back. Only the call that actually changes the
 * status restores stock, so however often (or concurrently) cancel is asked, stock returns once;
 * asking again answers with the cancelled order.
 */
export class CancelOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly stock: StockRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute(id: string, by: CancelledBy = 'store'): Promise<Order> {
    const from = by === 'store' ? statusesAllowing('cancelled') : (['placed'] as const);
    return this.unitOfWork.run(async () => {
      const changed = await this.orders.changeStatus(id, from, 'cancelled', this.clock.now());
      const order = await this.orders.findById(id);
      if (!order) throw new NotFoundError('order', id);
      if (changed) {
        const lines = [...order.lines].sort((a, b) => (a.productId ?? 0) - (b.productId ?? 0));
        for (const line of lines) if (line.productId !== null) await this.stock.restore(line.productId, line.quantity);
      } else if (order.status !== 'cancelled') {
        throw by === 'customer' && order.status === 'paid'
          ? new IllegalTransitionError(id, order.status, 'cancelled', 'a paid order can be cancelled only by the store')
          : new IllegalTransitionError(id, order.status, 'cancelled');
      }
      return order;
    });
  }
}
