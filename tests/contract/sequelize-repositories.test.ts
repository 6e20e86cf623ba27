import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestDatabase, DIALECT_NAMES, emptyCatalog, testDialect, type TestDatabase } from '../support/test-database.js';
import { catalogListingContract } from './catalog-listing.contract.js';
import { catalogRepositoryContract, type CatalogRepositories } from './catalog-repositories.contract.js';

let db: TestDatabase;
let repos: CatalogRepositories;

beforeAll(async () => {
  db = await createTestDatabase();
  // The adapters exactly as the server wires them, error translation included.
  const container = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) });
  repos = {
    categories: container.get(TOKENS.CategoryRepository),
    tags: container.get(TOKENS.TagRepository),
    products: container.get(TOKENS.ProductRepository),
    unitOfWork: container.get(TOKENS.UnitOfWork),
  };
});

afterAll(async () => {
  await db?.drop();
});

const emptied = async () => {
  await emptyCatalog(db.sequelize);
  return repos;
};

catalogRepositoryContract(`Sequelize on ${DIALECT_NAMES[testDialect()]}`, emptied);
catalogListingContract(`Sequelize on ${DIALECT_NAMES[testDialect()]}`, emptied);
