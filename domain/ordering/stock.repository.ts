import type { Money } from '../shared/money.js';

export interface StockedProduct {
  readonly id: number;
  readonly name: string;
  readonly price: Money;
  readonly stock: number;
}

/** The catalog as checkout sees it: prices and units on hand. */
export interface StockRepository {
  /**
   * Reads the products and locks them until the unit of work ends, in ascending id order so
   * that concurrent orders over the same products queue instead of deadlocking.
   */
  lockForSale(productIds: readonly number[]): Promise<StockedProduct[]>;
  /** Takes `quantity` units only if that many are on hand; false (and nothing taken) otherwise. */
  take(productId: number, quantity: number): Promise<boolean>;
  /** Puts units back (a cancelled order); a product deleted since is skipped. */
  restore(productId: number, quantity: number): Promise<void>;
}
