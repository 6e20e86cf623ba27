import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import type { Order } from '../order.js';
import { IllegalTransitionError, statusesAllowing } from '../order-status.js';
import type { OrderRepository } from '../order.repository.js';

/** Pays or fulfils an order: one conditional status change, 409 when the order is past that point. */
export class AdvanceOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly clock: Clock,
    private readonly to: 'paid' | 'fulfilled',
  ) {}

  async execute(id: string): Promise<Order> {
    const changed = await this.orders.changeStatus(id, statusesAllowing(this.to), this.to, this.clock.now());
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundError('order', id);
    if (!changed) throw new IllegalTransitionError(id, order.status, this.to);
    return order;
  }
}
