import type { Sequelize } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { StorageBusyError } from '../../domain/shared/domain-error.js';
import { SequelizeUnitOfWork } from '../../infrastructure/persistence/sequelize/sequelize-unit-of-work.js';
import { TransactionContext } from '../../infrastructure/persistence/sequelize/transaction-context.js';

/** A Sequelize whose transactions run the work, then fail at COMMIT as a deadlock victim (as Galera reports a lost certification) `failures` times. */
function deadlockingSequelize(failures: number, workMs = 0, time?: { wait: (ms: number) => Promise<unknown> }): Sequelize {
  let left = failures;
  return {
    transaction: async (work: (t: object) => Promise<unknown>) => {
      const result = await work({});
      if (workMs > 0) await time!.wait(workMs);
      if (left-- > 0) throw Object.assign(new Error('Deadlock found'), { original: { code: 'ER_LOCK_DEADLOCK' } });
      return result;
    },
  } as unknown as Sequelize;
}

/** A clock the waits move forward, so a budget is spent without waiting for real. */
function fakeTime() {
  let now = 0;
  return { now: () => now, wait: async (ms: number) => void (now += ms) };
}

describe('SequelizeUnitOfWork retries a deadlocked transaction on a time budget', () => {
  it('tells the retry counter once per run again, not for the first attempt', async () => {
    let retries = 0;
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(2), new TransactionContext(), { onRetry: () => retries++, ...fakeTime() });
    expect(await unitOfWork.run(async () => 'done')).toBe('done');
    expect(retries).toBe(2);
  });

  it('runs it again as often as the budget allows (more than a fixed count of 5 would), then answers 503 STORAGE_BUSY', async () => {
    let retries = 0;
    const time = fakeTime();
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(Number.POSITIVE_INFINITY), new TransactionContext(), { onRetry: () => retries++, budgetMs: 2_000, ...time });
    await expect(unitOfWork.run(async () => 'done')).rejects.toBeInstanceOf(StorageBusyError);
    expect(retries).toBeGreaterThan(20); // waits average 50 ms once the back-off reaches its 100 ms ceiling
    expect(time.now()).toBeLessThanOrEqual(2_000);
  });

  it('goes through after 30 deadlocks within the budget (a Galera race over three nodes needed up to 20)', async () => {
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(30), new TransactionContext(), { budgetMs: 10_000, ...fakeTime() });
    expect(await unitOfWork.run(async () => 'done')).toBe('done');
  });

  it('spends the budget on running it again: the time each re-run ran and the waits between attempts', async () => {
    const time = fakeTime();
    let retries = 0;
    // Each attempt runs 400 ms before it fails: the first is not a re-run, and a 2 s budget allows
    // about 4 re-runs of 400 ms (plus their back-off), not more.
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(Number.POSITIVE_INFINITY, 400, time), new TransactionContext(), { onRetry: () => retries++, budgetMs: 2_000, ...time });
    await expect(unitOfWork.run(async () => 'done')).rejects.toBeInstanceOf(StorageBusyError);
    expect(retries).toBeGreaterThanOrEqual(4);
    expect(retries).toBeLessThanOrEqual(5);
  });

  it('does not charge the first attempt: one that waited 2.5 s, longer than the whole budget (a row-lock queue, a Galera commit held while the cluster stalled), before its deadlock is still run again', async () => {
    const time = fakeTime();
    let attempts = 0;
    const sequelize = {
      transaction: async (work: (t: object) => Promise<unknown>) => {
        attempts++;
        const result = await work({});
        if (attempts === 1) {
          await time.wait(2_500);
          throw Object.assign(new Error('Deadlock found'), { original: { code: 'ER_LOCK_DEADLOCK' } });
        }
        return result;
      },
    } as unknown as Sequelize;
    const unitOfWork = new SequelizeUnitOfWork(sequelize, new TransactionContext(), { budgetMs: 2_000, ...time });
    expect(await unitOfWork.run(async () => 'done')).toBe('done');
    expect(attempts).toBe(2);
  });

  it('with no budget left, the first deadlock answers 503 at once', async () => {
    const unitOfWork = new SequelizeUnitOfWork(deadlockingSequelize(1), new TransactionContext(), { budgetMs: 0, ...fakeTime() });
    await expect(unitOfWork.run(async () => 'done')).rejects.toBeInstanceOf(StorageBusyError);
  });
});
