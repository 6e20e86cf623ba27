import { setTimeout as sleep } from 'node:timers/promises';
import type { Sequelize } from 'sequelize';
import { StorageBusyError } from '../../../domain/shared/domain-error.js';
import type { UnitOfWork } from '../../../domain/shared/unit-of-work.js';
import { isBusyError, toDomainError } from './database-errors.js';
import { writeQueueOf } from './sqlite-write-queue.js';
import type { TransactionContext } from './transaction-context.js';

/** How often a transaction the database chose as a deadlock victim is run again before giving up. */
const ATTEMPTS = 5;

/**
 * One database transaction per unit of work; nested runs join the outer one. A deadlock or lock
 * timeout (MySQL), or a write lock another process kept past the busy timeout (SQLite), rolls
 * the whole transaction back, so the whole work is run again (a few times, with jittered
 * back-off) before the caller gets a 503. On SQLite the transactions of this process take turns
 * in the write queue, since the file has one writer anyway.
 */
export class SequelizeUnitOfWork implements UnitOfWork {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly context: TransactionContext,
    /** Told each time a busy transaction is run again (the deadlock-retry counter). */
    private readonly onRetry: () => void = () => {},
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.current()) return work();
    const queue = writeQueueOf(this.sequelize);
    const transaction = () => this.sequelize.transaction((t) => this.context.run(t, work));
    for (let attempt = 1; ; attempt++) {
      try {
        return await (queue ? queue.run(transaction) : transaction());
      } catch (error) {
        // Repositories translate their errors, so a deadlock can arrive as a StorageBusyError already.
        if (!(error instanceof StorageBusyError || isBusyError(error))) throw toDomainError(error);
        if (attempt === ATTEMPTS) throw new StorageBusyError();
        this.onRetry();
        await sleep(Math.random() * 10 * 2 ** attempt);
      }
    }
  }
}
