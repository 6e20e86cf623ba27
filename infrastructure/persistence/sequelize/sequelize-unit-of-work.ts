import { setTimeout as sleep } from 'node:timers/promises';
import type { Sequelize } from 'sequelize';
import { StorageBusyError } from '../../../domain/shared/domain-error.js';
import type { UnitOfWork } from '../../../domain/shared/unit-of-work.js';
import { toDomainError } from './database-errors.js';
import type { TransactionContext } from './transaction-context.js';

/** How often a transaction the database chose as a deadlock victim is run again before giving up. */
const ATTEMPTS = 5;
const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

/**
 * One database transaction per unit of work; nested runs join the outer one. A deadlock or lock
 * timeout rolls the whole transaction back, so the whole work is run again (a few times, with
 * jittered back-off) before the caller gets a 503.
 */
export class SequelizeUnitOfWork implements UnitOfWork {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly context: TransactionContext,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.current()) return work();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sequelize.transaction((transaction) => this.context.run(transaction, work));
      } catch (error) {
        if (!isRetryable(error)) throw toDomainError(error);
        if (attempt === ATTEMPTS) throw new StorageBusyError();
        await sleep(Math.random() * 10 * 2 ** attempt);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  const code = (error as { original?: { code?: string }; parent?: { code?: string } })?.original?.code;
  return code !== undefined && RETRYABLE.has(code);
}
