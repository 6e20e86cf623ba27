import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from 'sequelize';

/** Carries the open transaction to every repository call made inside a unit of work. */
export class TransactionContext {
  private readonly storage = new AsyncLocalStorage<Transaction>();

  current(): Transaction | undefined {
    return this.storage.getStore();
  }

  /** Query options that join the open transaction, if any. */
  options(): { transaction?: Transaction } {
    const transaction = this.current();
    return transaction ? { transaction } : {};
  }

  /**
   * Query options for reads that must see the latest commit: the open transaction, or else the
   * primary (with read replicas, reads outside a transaction would go to a replica).
   */
  onPrimary(): { transaction: Transaction } | { useMaster: true } {
    const transaction = this.current();
    return transaction ? { transaction } : { useMaster: true };
  }

  run<T>(transaction: Transaction, work: () => Promise<T>): Promise<T> {
    return this.storage.run(transaction, work);
  }
}
