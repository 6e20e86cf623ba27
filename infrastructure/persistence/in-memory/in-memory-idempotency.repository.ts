import type { ClaimResult, IdempotencyRepository, IdempotentOutcome } from '../../../domain/ordering/idempotency.repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';

export class InMemoryIdempotencyRepository implements IdempotencyRepository {
  constructor(
    private readonly db: InMemoryDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, request: string, staleAfterMs: number): Promise<ClaimResult> {
    const keys = this.db.state.idempotencyKeys;
    const row = keys.get(key);
    if (!row) {
      keys.set(key, { request, state: 'in_progress', outcome: null, claimedAt: this.now() });
      return { state: 'claimed' };
    }
    if (row.request !== request) return { state: 'mismatch' };
    if (row.state === 'completed') return { state: 'completed', outcome: JSON.parse(row.outcome!) as IdempotentOutcome };
    if (this.now() - row.claimedAt < staleAfterMs) return { state: 'in_progress' };
    row.claimedAt = this.now();
    return { state: 'claimed' };
  }

  async complete(key: string, outcome: IdempotentOutcome): Promise<void> {
    const row = this.db.state.idempotencyKeys.get(key);
    if (row) Object.assign(row, { state: 'completed', outcome: JSON.stringify(outcome) });
  }

  async release(key: string): Promise<void> {
    this.db.state.idempotencyKeys.delete(key);
  }
}
