import type { IdempotencyRepository, IdempotentOutcome, KeyState } from '../../../domain/ordering/idempotency.repository.js';
import type { InMemoryDatabase } from './in-memory-database.js';

/** Claims live in the store the unit of work snapshots, so a failed unit of work rolls its claim back too. */
export class InMemoryIdempotencyRepository implements IdempotencyRepository {
  constructor(
    private readonly db: InMemoryDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async find(key: string, request: string, staleAfterMs: number): Promise<KeyState> {
    const keys = this.db.state.idempotencyKeys;
    const row = keys.get(key);
    if (!row) return { state: 'free' };
    if (row.request !== request) return { state: 'mismatch' };
    if (row.state === 'completed') return { state: 'completed', outcome: JSON.parse(row.outcome!) as IdempotentOutcome };
    if (this.now() - row.claimedAt < staleAfterMs) return { state: 'in_progress' };
    keys.delete(key);
    return { state: 'free' };
  }

  async claim(key: string, request: string): Promise<boolean> {
    const keys = this.db.state.idempotencyKeys;
    if (keys.has(key)) return false;
    keys.set(key, { request, state: 'in_progress', outcome: null, claimedAt: this.now() });
    return true;
  }

  async complete(key: string, outcome: IdempotentOutcome): Promise<void> {
    const row = this.db.state.idempotencyKeys.get(key);
    if (row) Object.assign(row, { state: 'completed', outcome: JSON.stringify(outcome) });
  }
}
