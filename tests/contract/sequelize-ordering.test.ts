import 'reflect-metadata';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { translatingErrors } from '../../infrastructure/persistence/sequelize/database-errors.js';
import { SequelizeIdempotencyRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-idempotency.repository.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestDatabase, DIALECT_NAMES, emptyCatalog, testDialect, type TestDatabase } from '../support/test-database.js';
import { orderingRepositoryContract, type OrderingRepositories } from './ordering-repositories.contract.js';

let db: TestDatabase;
let repos: Omit<OrderingRepositories, 'clock'>;
const clock = { time: new Date('2026-11-26T12:00:00.000Z'), now: () => clock.time };

beforeAll(async () => {
  db = await createTestDatabase();
  // The adapters as the server wires them; only the idempotency clock is one the test controls.
  const container = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) });
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
