import { InMemoryDatabase } from '../../infrastructure/persistence/in-memory/in-memory-database.js';
import { InMemoryIdempotencyRepository } from '../../infrastructure/persistence/in-memory/in-memory-idempotency.repository.js';
import { InMemoryOrderRepository } from '../../infrastructure/persistence/in-memory/in-memory-order.repository.js';
import { InMemoryProductRepository } from '../../infrastructure/persistence/in-memory/in-memory-product.repository.js';
import { InMemoryStockRepository } from '../../infrastructure/persistence/in-memory/in-memory-stock.repository.js';
import { InMemoryUnitOfWork } from '../../infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { orderingRepositoryContract } from './ordering-repositories.contract.js';

orderingRepositoryContract('in-memory', async () => {
  const db = new InMemoryDatabase();
  const clock = { time: new Date('2026-11-26T12:00:00.000Z') };
  return {
    products: new InMemoryProductRepository(db),
    orders: new InMemoryOrderRepository(db),
    stock: new InMemoryStockRepository(db),
    keys: new InMemoryIdempotencyRepository(db, () => clock.time.getTime()),
    unitOfWork: new InMemoryUnitOfWork(db),
    clock,
  };
});
