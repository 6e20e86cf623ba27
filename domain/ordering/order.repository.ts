import type { Order } from './order.js';
import type { OrderStatus } from './order-status.js';

export interface OrderFilter {
  readonly status?: OrderStatus;
  readonly email?: string;
}

export interface OrderPage {
  readonly orders: Order[];
  /** Opaque; pass back to get the next page. null on the last page. */
  readonly nextCursor: string | null;
}

export interface OrderRepository {
  /** Stores the order with the digest of its customer's order token (never the token). */
  create(order: Order, accessDigest: string): Promise<void>;
  findById(id: string): Promise<Order | null>;
  /** The id of the order whose token has this digest, or null. */
  findIdByAccessDigest(digest: string): Promise<string | null>;
  /** Newest first. */
  list(filter: OrderFilter, page: { limit: number; cursor?: string }): Promise<OrderPage>;
  /**
   * Moves the order to `to` only if its status is one of `from`, atomically: of two concurrent
   * calls, at most one succeeds. Returns whether this call made the change.
   */
  changeStatus(id: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<boolean>;
}
