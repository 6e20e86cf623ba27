import type { Order } from './order.js';
import type { OrderStatus } from './order-status.js';

export interface OrderFilter {
  readonly status?: OrderStatus;
  readonly email?: string;
}

export interface OrderPage {
  readonly orders: Order[];
  /**
   * Where the next page starts (the last order's place in the list, a positive integer): pass it
   * back as `before`. null on the last page. The HTTP edge makes it a cursor.
   */
  readonly nextBefore: number | null;
}

export interface OrderRepository {
  /** Stores the order with the digest of its customer's order token (never the token). */
  create(order: Order, accessDigest: string): Promise<void>;
  findById(id: string): Promise<Order | null>;
  /** The id of the order whose token has this digest, or null. */
  findIdByAccessDigest(digest: string): Promise<string | null>;
  /** Newest first. */
  list(filter: OrderFilter, page: { limit: number; before?: number }): Promise<OrderPage>;
  /**
   * Moves the order to `to` only if its status is one of `from`, atomically: of two concurrent
   * calls, at most one succeeds. Returns whether this call made the change.
   */
  changeStatus(id: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<boolean>;
}
