import { Op, UniqueConstraintError } from 'sequelize';
import type { ClaimResult, IdempotencyRepository, IdempotentOutcome } from '../../../../domain/ordering/idempotency.repository.js';
import type { Clock } from '../../../../domain/shared/clock.js';
import type { OrderingModels } from '../models/ordering.models.js';
import { keyDigest, requestDigest, seal, unseal } from '../sealed-idempotency.js';
import type { TransactionContext } from '../transaction-context.js';

/**
 * Keys live in the database, so they hold across every server process sharing it; what a record
 * holds is readable only with its key (sealed-idempotency.ts).
 */
export class SequelizeIdempotencyRepository implements IdempotencyRepository {
  constructor(
    private readonly models: OrderingModels,
    private readonly transactions: TransactionContext,
    private readonly clock: Clock,
  ) {}

  async claim(key: string, request: string, staleAfterMs: number): Promise<ClaimResult> {
    return this.claimDigests(key, keyDigest(key), requestDigest(request), staleAfterMs);
  }

  private async claimDigests(key: string, id: string, request: string, staleAfterMs: number): Promise<ClaimResult> {
    const now = this.clock.now();
    try {
      // Committed on its own, before the order's transaction, so a concurrent request sees it.
      await this.models.IdempotencyKey.create({ idempotency_key: id, request, state: 'in_progress', outcome: null, claimed_at: now });
      return { state: 'claimed' };
    } catch (error) {
      if (!(error instanceof UniqueConstraintError)) throw error;
    }
    const row = await this.models.IdempotencyKey.findByPk(id);
    if (!row) return this.claimDigests(key, id, request, staleAfterMs); // released meanwhile
    if (row.request !== request) return { state: 'mismatch' };
    if (row.state === 'completed') return { state: 'completed', outcome: JSON.parse(unseal(row.outcome!, key)) as IdempotentOutcome };
    const staleBefore = new Date(now.getTime() - staleAfterMs);
    const [takenOver] = await this.models.IdempotencyKey.update(
      { claimed_at: now },
      { where: { idempotency_key: id, state: 'in_progress', claimed_at: { [Op.lt]: staleBefore } } },
    );
    return takenOver === 1 ? { state: 'claimed' } : { state: 'in_progress' };
  }

  async complete(key: string, outcome: IdempotentOutcome): Promise<void> {
    await this.models.IdempotencyKey.update(
      { state: 'completed', outcome: seal(JSON.stringify(outcome), key) },
      { where: { idempotency_key: keyDigest(key) }, ...this.transactions.options() },
    );
  }

  async release(key: string): Promise<void> {
    await this.models.IdempotencyKey.destroy({ where: { idempotency_key: keyDigest(key), state: 'in_progress' } });
  }
}
