import { Op, UniqueConstraintError } from 'sequelize';
import type { IdempotencyRepository, IdempotentOutcome, KeyState } from '../../../../domain/ordering/idempotency.repository.js';
import { IdempotencyKeyInProgressError } from '../../../../domain/ordering/ordering-errors.js';
import type { Clock } from '../../../../domain/shared/clock.js';
import { driverCode } from '../database-errors.js';
import type { OrderingModels } from '../models/ordering.models.js';
import { DEFAULT_LOCK_WAIT_SQL, setLockWaitSql } from '../queries/lock-wait.sql.js';
import { keyDigest, requestDigest, seal, unseal } from '../sealed-idempotency.js';
import type { TransactionContext } from '../transaction-context.js';

/**
 * How long (seconds) a claim waits for another request's uncommitted claim of the same key before
 * answering IDEMPOTENCY_KEY_IN_PROGRESS. An order commits in milliseconds, so a concurrent
 * duplicate usually waits it out and replays its outcome.
 */
const CLAIM_WAIT_S = 1;

/**
 * Keys live in the database, so they hold across every server process sharing it; what a record
 * holds is readable only with its key (sealed-idempotency.ts). A claim is a row inserted in the
 * order's transaction: on MySQL, a second insert of the same key waits on the first one's row
 * lock until that transaction ends, then fails as a duplicate (committed) or goes through (rolled
 * back); on SQLite, transactions take turns. A connection lost mid-order rolls the claim back on
 * the server, with nothing for us to clean up.
 */
export class SequelizeIdempotencyRepository implements IdempotencyRepository {
  constructor(
    private readonly models: OrderingModels,
    private readonly transactions: TransactionContext,
    private readonly clock: Clock,
  ) {}

  async find(key: string, request: string, staleAfterMs: number): Promise<KeyState> {
    const id = keyDigest(key);
    const row = await this.models.IdempotencyKey.findByPk(id);
    if (!row) return { state: 'free' };
    if (row.request !== requestDigest(request)) return { state: 'mismatch' };
    if (row.state === 'completed') return { state: 'completed', outcome: JSON.parse(unseal(row.outcome!, key)) as IdempotentOutcome };
    const staleBefore = new Date(this.clock.now().getTime() - staleAfterMs);
    if (row.claimed_at >= staleBefore) return { state: 'in_progress' };
    await this.models.IdempotencyKey.destroy({ where: { idempotency_key: id, state: 'in_progress', claimed_at: { [Op.lt]: staleBefore } } });
    return { state: 'free' };
  }

  async claim(key: string, request: string): Promise<boolean> {
    const options = this.transactions.options();
    if (!options.transaction) throw new Error('an idempotency key is claimed inside the unit of work that places its order');
    const insert = async () => {
      try {
        await this.models.IdempotencyKey.create(
          { idempotency_key: keyDigest(key), request: requestDigest(request), state: 'in_progress', outcome: null, claimed_at: this.clock.now() },
          options,
        );
        return true;
      } catch (error) {
        if (error instanceof UniqueConstraintError) return false;
        throw error;
      }
    };
    return this.models.IdempotencyKey.sequelize!.getDialect() === 'mysql' ? this.withShortLockWait(insert) : insert();
  }

  async complete(key: string, outcome: IdempotentOutcome): Promise<void> {
    await this.models.IdempotencyKey.update(
      { state: 'completed', outcome: seal(JSON.stringify(outcome), key) },
      { where: { idempotency_key: keyDigest(key) }, ...this.transactions.options() },
    );
  }

  /** Runs the claim with a lock wait of CLAIM_WAIT_S on this transaction's connection, then puts the server's default back. */
  private async withShortLockWait(insert: () => Promise<boolean>): Promise<boolean> {
    const sequelize = this.models.IdempotencyKey.sequelize!;
    const options = this.transactions.options();
    await sequelize.query(setLockWaitSql(CLAIM_WAIT_S), options);
    let claimed: boolean;
    try {
      claimed = await insert();
    } catch (error) {
      // The connection may be gone (then so is its session setting); the first error is the one to report.
      await sequelize.query(DEFAULT_LOCK_WAIT_SQL, options).catch(() => {});
      if (driverCode(error) === 'ER_LOCK_WAIT_TIMEOUT') throw new IdempotencyKeyInProgressError();
      throw error;
    }
    await sequelize.query(DEFAULT_LOCK_WAIT_SQL, options);
    return claimed;
  }
}
