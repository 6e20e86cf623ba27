import { accessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { CATEGORY, TAG } from '../../domain/catalog/product-group.js';
import { catalogUseCases } from '../../domain/catalog/use-cases/catalog-use-cases.js';
import { orderingUseCases } from '../../domain/ordering/use-cases/ordering-use-cases.js';
import { InMemoryApiKeyRepository } from '../../infrastructure/persistence/in-memory/in-memory-api-key.repository.js';
import { InMemoryDatabase } from '../../infrastructure/persistence/in-memory/in-memory-database.js';
import { InMemoryIdempotencyRepository } from '../../infrastructure/persistence/in-memory/in-memory-idempotency.repository.js';
import { InMemoryOrderRepository } from '../../infrastructure/persistence/in-memory/in-memory-order.repository.js';
import { InMemoryProductGroupRepository } from '../../infrastructure/persistence/in-memory/in-memory-product-group.repository.js';
import { InMemoryProductRepository } from '../../infrastructure/persistence/in-memory/in-memory-product.repository.js';
import { InMemoryStockRepository } from '../../infrastructure/persistence/in-memory/in-memory-stock.repository.js';
import { InMemoryUnitOfWork } from '../../infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { Sha256SecretIssuer } from '../../infrastructure/system/sha256-secret-issuer.js';
import { seedCatalog } from '../../seeds/seed-catalog.js';

/**
 * Every use case on in-memory repositories, built by the same factories as the container, under
 * flat names for the tests (a fixed clock and counting order ids).
 */
export function inMemoryCatalog() {
  const store = new InMemoryDatabase();
  const categories = new InMemoryProductGroupRepository(store, 'category', CATEGORY);
  const tags = new InMemoryProductGroupRepository(store, 'tag', TAG);
  const products = new InMemoryProductRepository(store);
  const unitOfWork = new InMemoryUnitOfWork(store);
  const orders = new InMemoryOrderRepository(store);
  const clock = { time: new Date('2026-11-26T12:00:00.000Z'), now: () => clock.time };
  let nextOrder = 0;
  const orderIds = { next: () => `00000000-0000-4000-8000-${String(++nextOrder).padStart(12, '0')}` };
  const secrets = new Sha256SecretIssuer();
  const useCases = catalogUseCases({ products, categories, tags, unitOfWork });
  const ordering = orderingUseCases({
    orders,
    stock: new InMemoryStockRepository(store),
    idempotencyKeys: new InMemoryIdempotencyRepository(store, () => clock.time.getTime()),
    unitOfWork,
    orderIds,
    clock,
    secrets,
  });
  return {
    store,
    repositories: { categories, tags, products },
    unitOfWork,
    listCategories: useCases.categories.list,
    getCategory: useCases.categories.get,
    createCategory: useCases.categories.create,
    renameCategory: useCases.categories.rename,
    deleteCategory: useCases.categories.delete,
    listTags: useCases.tags.list,
    getTag: useCases.tags.get,
    createTag: useCases.tags.create,
    renameTag: useCases.tags.rename,
    deleteTag: useCases.tags.delete,
    listProducts: useCases.products.list,
    getProduct: useCases.products.get,
    createProduct: useCases.products.create,
    updateProduct: useCases.products.update,
    deleteProduct: useCases.products.delete,
    clock,
    placeOrder: ordering.place,
    getOrder: ordering.get,
    listOrders: ordering.list,
    payOrder: ordering.pay,
    fulfilOrder: ordering.fulfil,
    cancelOrder: ordering.cancel,
    access: accessUseCases({ apiKeys: new InMemoryApiKeyRepository(store), orders, secrets, clock }),
    seed: () => seedCatalog(useCases),
  };
}

/** A first page big enough for the seed catalog, in id order. */
export const everyProduct = { filter: {}, sort: 'id', limit: 100 } as const;
