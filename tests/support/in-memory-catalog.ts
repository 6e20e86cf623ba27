import { CATEGORY, TAG } from '../../domain/catalog/product-group.js';
import { CreateProductGroup } from '../../domain/catalog/use-cases/create-product-group.use-case.js';
import { CreateProduct } from '../../domain/catalog/use-cases/create-product.use-case.js';
import { DeleteProductGroup } from '../../domain/catalog/use-cases/delete-product-group.use-case.js';
import { DeleteProduct } from '../../domain/catalog/use-cases/delete-product.use-case.js';
import { GetProductGroup } from '../../domain/catalog/use-cases/get-product-group.use-case.js';
import { GetProduct } from '../../domain/catalog/use-cases/get-product.use-case.js';
import { ListProductGroups } from '../../domain/catalog/use-cases/list-product-groups.use-case.js';
import { ListProducts } from '../../domain/catalog/use-cases/list-products.use-case.js';
import { RenameProductGroup } from '../../domain/catalog/use-cases/rename-product-group.use-case.js';
import { UpdateProduct } from '../../domain/catalog/use-cases/update-product.use-case.js';
import { InMemoryDatabase } from '../../infrastructure/persistence/in-memory/in-memory-database.js';
import { InMemoryProductGroupRepository } from '../../infrastructure/persistence/in-memory/in-memory-product-group.repository.js';
import { InMemoryProductRepository } from '../../infrastructure/persistence/in-memory/in-memory-product.repository.js';
import { InMemoryUnitOfWork } from '../../infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { seedCatalog } from '../../seeds/seed-catalog.js';
import { AdvanceOrder } from '../../domain/ordering/use-cases/advance-order.use-case.js';
import { CancelOrder } from '../../domain/ordering/use-cases/cancel-order.use-case.js';
import { GetOrder } from '../../domain/ordering/use-cases/get-order.use-case.js';
import { ListOrders } from '../../domain/ordering/use-cases/list-orders.use-case.js';
import { PlaceOrder } from '../../domain/ordering/use-cases/place-order.use-case.js';
import { InMemoryIdempotencyRepository } from '../../infrastructure/persistence/in-memory/in-memory-idempotency.repository.js';
import { InMemoryOrderRepository } from '../../infrastructure/persistence/in-memory/in-memory-order.repository.js';
import { InMemoryStockRepository } from '../../infrastructure/persistence/in-memory/in-memory-stock.repository.js';
import { accessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { InMemoryApiKeyRepository } from '../../infrastructure/persistence/in-memory/in-memory-api-key.repository.js';
import { Sha256SecretIssuer } from '../../infrastructure/system/sha256-secret-issuer.js';

/** Every catalog use case, built with `new` on in-memory repositories, as the container would. */
export function inMemoryCatalog() {
  const store = new InMemoryDatabase();
  const categories = new InMemoryProductGroupRepository(store, 'category', CATEGORY);
  const tags = new InMemoryProductGroupRepository(store, 'tag', TAG);
  const products = new InMemoryProductRepository(store);
  const unitOfWork = new InMemoryUnitOfWork(store);
  const orders = new InMemoryOrderRepository(store);
  const stock = new InMemoryStockRepository(store);
  const clock = { time: new Date('2026-11-26T12:00:00.000Z'), now: () => clock.time };
  let nextOrder = 0;
  const ids = { next: () => `00000000-0000-4000-8000-${String(++nextOrder).padStart(12, '0')}` };
  const keys = new InMemoryIdempotencyRepository(store, () => clock.time.getTime());
  const secrets = new Sha256SecretIssuer();
  const catalog = {
    store,
    repositories: { categories, tags, products },
    unitOfWork,
    listCategories: new ListProductGroups(categories),
    getCategory: new GetProductGroup(categories, CATEGORY),
    createCategory: new CreateProductGroup(categories, CATEGORY),
    renameCategory: new RenameProductGroup(categories, CATEGORY, unitOfWork),
    deleteCategory: new DeleteProductGroup(categories, CATEGORY, unitOfWork),
    listTags: new ListProductGroups(tags),
    getTag: new GetProductGroup(tags, TAG),
    createTag: new CreateProductGroup(tags, TAG),
    renameTag: new RenameProductGroup(tags, TAG, unitOfWork),
    deleteTag: new DeleteProductGroup(tags, TAG, unitOfWork),
    listProducts: new ListProducts(products),
    getProduct: new GetProduct(products),
    createProduct: new CreateProduct(products, categories, tags, unitOfWork),
    updateProduct: new UpdateProduct(products, categories, tags, unitOfWork),
    deleteProduct: new DeleteProduct(products, unitOfWork),
    clock,
    placeOrder: new PlaceOrder(orders, stock, keys, unitOfWork, ids, clock, secrets),
    getOrder: new GetOrder(orders),
    listOrders: new ListOrders(orders),
    payOrder: new AdvanceOrder(orders, clock, 'paid'),
    fulfilOrder: new AdvanceOrder(orders, clock, 'fulfilled'),
    cancelOrder: new CancelOrder(orders, stock, unitOfWork, clock),
    access: accessUseCases({ apiKeys: new InMemoryApiKeyRepository(store), orders, secrets, clock }),
    seed: () => seedCatalog(catalog),
  };
  return catalog;
}

/** A first page big enough for the seed catalog, in id order. */
export const everyProduct = { filter: {}, sort: 'id', limit: 100 } as const;
