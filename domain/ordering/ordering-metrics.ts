/**
 * What checkout reports for monitoring, counted where it is decided: the HTTP answer alone cannot
 * tell them apart (an idempotent replay answers the same 201 or 409 as the first request).
 */
export interface OrderingMetrics {
  /** An order was written and its transaction committed. */
  orderPlaced(): void;
  /** A request was refused for want of stock (INSUFFICIENT_STOCK), first time only, not its replays. */
  stockShortage(): void;
  /** A repeat of an Idempotency-Key answered from the stored outcome. */
  idempotentReplay(): void;
}

export const NO_ORDERING_METRICS: OrderingMetrics = { orderPlaced() {}, stockShortage() {}, idempotentReplay() {} };
