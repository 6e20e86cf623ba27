import type { DomainErrorRecord } from '../shared/domain-error.js';
import type { OrderSnapshot } from './order.js';

/** What the first request with a key came to: the order it created, or the error it got. */
export type IdempotentOutcome =
  | { readonly order: OrderSnapshot; readonly orderToken?: string }
  | { readonly error: DomainErrorRecord };

export type KeyState =
  | { readonly state: 'free' }
  | { readonly state: 'in_progress' }
  | { readonly state: 'mismatch' }
  | { readonly state: 'completed'; readonly outcome: IdempotentOutcome };

/**
 * Idempotency keys, kept in the database so they hold across server processes. An outcome holds the
 * customer's order token, so a stored one must be readable only by whoever holds the key.
 *
 * A key is claimed inside the unit of work that places its order, so the claim commits with the
 * order and its outcome, or rolls back with everything else: a request that fails for a transient
 * reason (the database lost mid-request included, when nothing could be cleaned up) leaves the key
 * free for an immediate retry, and nothing has to release it.
 */
export interface IdempotencyRepository {
  /**
   * The key as committed now: free, completed (with its outcome), or used for another request. A
   * claim committed without an outcome (left by an older version, which committed claims on their
   * own) is in progress until `staleAfterMs`, then removed and free.
   */
  find(key: string, request: string, staleAfterMs: number): Promise<KeyState>;
  /**
   * Claims the key for this request inside the current unit of work. False when another request
   * has committed the key since `find` (ask `find` again). While another request's unit of work
   * holds the key uncommitted, waits a moment for it to end, then throws
   * IdempotencyKeyInProgressError.
   */
  claim(key: string, request: string): Promise<boolean>;
  /** Stores the outcome of a claimed key, in the same unit of work as the claim. */
  complete(key: string, outcome: IdempotentOutcome): Promise<void>;
}
