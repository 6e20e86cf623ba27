import { Op, UniqueConstraintError } from 'sequelize';
import type { ClaimResult, IdempotencyRepository, IdempotentOutcome } from '../../../../domain/ordering/idempotency.repository.js';
import type { Clock } from '../../../../domain/shared/clock.js';
import type { OrderingModels } from '../models/ordering.models.js';
import type { TransactionContext } from '../transaction-context.js';

/** Keys live in the database, so they hold across every server process sharing it. */
export class SequelizeIdempotencyRepository implements IdempotencyRepository {
  constructor(
    private readonly models: OrderingModels,
    private readonly transactions: TransactionContext,
    private readonly clock: Clock,
  ) {}

  async claim(key: string, request: string, staleAfterMs: number): Promise<ClaimResult> {
    const now = this.clock.now();
    try {
      // Committed on its own, before the order's transaction, so a concurrent request sees it.
      await this.models.IdempotencyKey.create({ idempotency_key: key, request, state: 'in_progress', outcome: null, claimed_at: now });
      return { state: 'claimed' };
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
    const row = await this.models.IdempotencyKey.findByPk(key);
    if (!row) return this.claim(key, request, staleAfterMs); // released meanwhile
    if (row.request !== request) return { state: 'mismatch' };
    if (row.state === 'completed') return { state: 'completed', outcome: JSON.parse(row.outcome!) as IdempotentOutcome };
    const staleBefore = new Date(now.getTime() - staleAfterMs);
    const [takenOver] = await this.models.IdempotencyKey.update(
      { claimed_at: now },
      { where: { idempotency_key: key, state: 'in_progress', claimed_at: { [Op.lt]: staleBefore } } },
    );
    return takenOver === 1 ? { state: 'claimed' } : { state: 'in_progress' };
  }

  async complete(key: string, outcome: IdempotentOutcome): Promise<void> {
    await this.models.IdempotencyKey.update(
      { state: 'completed', outcome: JSON.stringify(outcome) },
      { where: { idempotency_key: key }, ...this.transactions.options() },
    );
  }

  async release(key: string): Promise<void> {
    await this.models.IdempotencyKey.destroy({ where: { idempotency_key: key, state: 'in_progress' } });
  }
}
