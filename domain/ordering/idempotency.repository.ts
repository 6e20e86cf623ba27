import type { DomainErrorRecord } from '../shared/domain-error.js';
import type { OrderSnapshot } from './order.js';

/** What the first request with a key came to: the order it created, or the error it got. */
export type IdempotentOutcome =
  | { readonly order: OrderSnapshot; readonly orderToken?: string }
  | { readonly error: DomainErrorRecord };

export type ClaimResult =
  | { readonly state: 'claimed' }
  | { readonly state: 'in_progress' }
  | { readonly state: 'mismatch' }
  | { readonly state: 'completed'; readonly outcome: IdempotentOutcome };

/**
 * Idempotency keys, kept in the database so they hold across server processes. An outcome holds the
 * customer's order token, so a stored one must be readable only by whoever holds the key.
 */
export interface IdempotencyRepository {
  /**
   * Records the key as in progress for this request, visibly to other requests at once, unless
   * it exists: then says whether it is still running, done (with its outcome) or used for another
   * request. A claim older than `staleAfterMs` is taken over (its request died).
   */
  claim(key: string, request: string, staleAfterMs: number): Promise<ClaimResult>;
  /** Stores the outcome; inside the order's unit of work, so key and order commit together. */
  complete(key: string, outcome: IdempotentOutcome): Promise<void>;
  /** Forgets a claim whose request failed for reasons worth retrying (e.g. database busy). */
  release(key: string): Promise<void>;
}
