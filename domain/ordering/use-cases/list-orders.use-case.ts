import type { OrderFilter, OrderPage, OrderRepository } from '../order.repository.js';

export interface ListOrdersInput extends OrderFilter {
  readonly limit: number;
  /** From the previous page's nextBefore: this page starts after that order. */
  readonly before?: number;
}

/** Newest first, a page at a time, optionally only one status or one customer's email. */
export class ListOrders {
  constructor(private readonly orders: OrderRepository) {}

  async execute(input: ListOrdersInput): Promise<OrderPage> {
    const filter = { status: input.status, email: input.email?.trim().toLowerCase() };
    return this.orders.list(filter, { limit: input.limit, before: input.before });
  }
}
