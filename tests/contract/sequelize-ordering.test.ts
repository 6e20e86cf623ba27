import { pino } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatingErrors } from '../../infrastructure/persistence/sequelize/database-errors.js';
import type { TransactionContext } from '../../infrastructure/persistence/sequelize/transaction-context.js';
import { SequelizeIdempotencyRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-idempotency.repository.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestDatabase, DIALECT_NAMES, emptyCatalog, testDialect, type TestDatabase } from '../support/test-database.js';
import { orderingRepositoryContract, type OrderingRepositories } from './ordering-repositories.contract.js';

let db: TestDatabase;
let repos: Omit<OrderingRepositories, 'clock'>;
let transactions: TransactionContext;
const clock = { time: new Date('2026-11-26T12:00:00.000Z'), now: () => clock.time };

beforeAll(async () => {
  db = await createTestDatabase();
  // The adapters as the server wires them; only the idempotency clock is one the test controls.
  const container = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) });
  transactions = container.get(TOKENS.TransactionContext);
  repos = {
    products: container.get(TOKENS.ProductRepository),
    orders: container.get(TOKENS.OrderRepository),
    stock: container.get(TOKENS.StockRepository),
    keys: translatingErrors(new SequelizeIdempotencyRepository(container.get(TOKENS.OrderingModels), container.get(TOKENS.TransactionContext), clock)),
    unitOfWork: container.get(TOKENS.UnitOfWork),
  };
});

afterAll(async () => {
  await db?.drop();
});

orderingRepositoryContract(`Sequelize on ${DIALECT_NAMES[testDialect()]}`, async () => {
  await emptyCatalog(db.sequelize);
  clock.time = new Date('2026-11-26T12:00:00.000Z');
  return { ...repos, clock };
});

// Row locks make a concurrent claim of the same key wait for the first one's transaction; SQLite's
// transactions take turns instead, so this is MySQL's alone.
describe.runIf(testDialect() === 'mariadb')('a claim while another transaction holds the same key (MariaDB)', () => {
  /** Claims the key in a transaction held open for `holdMs`, then commits it or, with `fail`, rolls it back. */
  const holdClaim = (key: string, holdMs: number, fail = false) =>
    repos.unitOfWork.run(async () => {
      await repos.keys.claim(key, 'request-a');
      await sleep(holdMs);
      if (fail) throw new Error('lost');
      await repos.keys.complete(key, { error: { kind: 'conflict', code: 'X', message: 'x', fields: [], extensions: {} } });
    });
  const claimAfter = (key: string) =>
    sleep(100).then(() =>
      repos.unitOfWork.run(async () => {
        const claimed = await repos.keys.claim(key, 'request-a');
        const [wait] = await db.sequelize.query<{ session: number; global: number }>(
          'SELECT @@SESSION.innodb_lock_wait_timeout AS session, @@GLOBAL.innodb_lock_wait_timeout AS global',
          { type: QueryTypes.SELECT, ...transactions.options() },
        );
        return { claimed, wait };
      }),
    );

  it('waits for it to commit, then finds the key taken (and puts the lock wait back)', async () => {
    const [, second] = await Promise.all([holdClaim('w1', 400), claimAfter('w1')]);
    expect(second.claimed).toBe(false);
  });

  it('waits for it to roll back, then claims the key', async () => {
    const [first, second] = await Promise.allSettled([holdClaim('w2', 400, true), claimAfter('w2')]);
    expect(first.status).toBe('rejected');
    expect(second).toMatchObject({ status: 'fulfilled', value: { claimed: true } });
  });

  it('answers IDEMPOTENCY_KEY_IN_PROGRESS when it is held for longer than a second', async () => {
    const [, second] = await Promise.allSettled([holdClaim('w3', 2_000), claimAfter('w3')]);
    expect(second.status === 'rejected' && second.reason).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
  });

  it('leaves the connection with the server default lock wait', async () => {
    const { wait } = await claimAfter('w4');
    expect(wait!.session).toBe(wait!.global);
  });
});
