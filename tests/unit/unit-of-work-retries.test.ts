import type { Sequelize } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { StorageBusyError } from '../../domain/shared/domain-error.js';
import { SequelizeUnitOfWork } from '../../infrastructure/persistence/sequelize/sequelize-unit-of-work.js';
import { TransactionContext } from '../../infrastructure/persistence/sequelize/transaction-context.js';

/** A Sequelize whose transactions fail as a deadlock victim `failures` times, then run the work. */
function deadlockingSequelize(failures: number): Sequelize {
  let left = failures;
  return {
    transaction: async (work: (t: object) => Promise<unknown>) => {
      if (left-- > 0) throw Object.assign(new Error('Deadlock found'), { original: { code: 'ER_LOCK_DEADLOCK' } });
      return work({});
    },
  } as unknown as Sequelize;
}

describe('SequelizeUnitOfWork retry callback (the deadlock-retry counter)', () => {
  it('is told once per run again, not for the first attempt', async () => {
    let retries = 0;
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(2), new TransactionContext(), () => retries++);
    expect(await unitOfWork.run(async () => 'done')).toBe('done');
    expect(retries).toBe(2);
  });

  it('is not told for the final failure that answers 503 STORAGE_BUSY', async () => {
    let retries = 0;
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(99), new TransactionContext(), () => retries++);
    await expect(unitOfWork.run(async () => 'done')).rejects.toBeInstanceOf(StorageBusyError);
    expect(retries).toBe(4);
  });
});
