import { NotFoundError } from '../../shared/domain-error.js';
import type { Order } from '../order.js';
import type { OrderRepository } from '../order.repository.js';

export class GetOrder {
  constructor(private readonly orders: OrderRepository) {}

  async execute(id: string): Promise<Order> {
    const order = await this.orders.findById(id);
    if (!order) throw new NotFoundError('order', id);
    return order;
  }
}
