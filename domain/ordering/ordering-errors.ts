import { DomainError } from '../shared/domain-error.js';

export interface StockShortage {
  readonly productId: number;
  /** The item's index in the request as sent. */
  readonly position: number;
  readonly requested: number;
  readonly available: number;
}

/** One or more items cannot be had in the quantity asked; nothing was sold. */
export class InsufficientStockError extends DomainError {
  constructor(readonly shortages: readonly StockShortage[]) {
    super(
      'conflict',
      'INSUFFICIENT_STOCK',
      shortages.map((s) => `product ${s.productId}: ${s.requested} requested, ${s.available} available`).join('; '),
      shortages.map((s) => ({
        field: `items/${s.position}/quantity`,
        detail: `product ${s.productId} has ${s.available} in stock, ${s.requested} requested`,
      })),
      { shortages: shortages.map((s) => ({ product_id: s.productId, requested: s.requested, available: s.available })) },
    );
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('unprocessable', 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request body');
  }
}

export class IdempotencyKeyInProgressError extends DomainError {
  constructor() {
    super('conflict', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed; retry shortly');
  }
}
