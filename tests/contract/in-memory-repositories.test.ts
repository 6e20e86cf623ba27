import { CATEGORY, TAG } from '../../domain/catalog/product-group.js';
import { InMemoryDatabase } from '../../infrastructure/persistence/in-memory/in-memory-database.js';
import { InMemoryProductGroupRepository } from '../../infrastructure/persistence/in-memory/in-memory-product-group.repository.js';
import { InMemoryProductRepository } from '../../infrastructure/persistence/in-memory/in-memory-product.repository.js';
import { InMemoryUnitOfWork } from '../../infrastructure/persistence/in-memory/in-memory-unit-of-work.js';
import { catalogListingContract } from './catalog-listing.contract.js';
import { catalogRepositoryContract } from './catalog-repositories.contract.js';

const freshInMemory = async () => {
  const store = new InMemoryDatabase();
  return {
    categories: new InMemoryProductGroupRepository(store, 'category', CATEGORY),
    tags: new InMemoryProductGroupRepository(store, 'tag', TAG),
    products: new InMemoryProductRepository(store),
    unitOfWork: new InMemoryUnitOfWork(store),
  };
};

catalogRepositoryContract('in-memory', freshInMemory);
catalogListingContract('in-memory', freshInMemory);
