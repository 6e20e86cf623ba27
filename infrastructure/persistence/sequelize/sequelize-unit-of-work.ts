import type { Sequelize } from 'sequelize';
import type { UnitOfWork } from '../../../domain/shared/unit-of-work.js';
import { toDomainError } from './database-errors.js';
import type { TransactionContext } from './transaction-context.js';

/** One database transaction per unit of work; nested runs join the outer one. */
export class SequelizeUnitOfWork implements UnitOfWork {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly context: TransactionContext,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.context.current()) return work();
    try {
      return await this.sequelize.transaction((transaction) => this.context.run(transaction, work));
    } catch (error) {
      throw toDomainError(error);
    }
  }
}
