import 'reflect-metadata';
import { catalogIsEmpty, resetSchema } from '../../infrastructure/persistence/sequelize/database-admin.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { seedCatalog } from '../../seeds/seed-catalog.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { createLogger } from '../logger.js';
import { describeDatabase, exitWith, loadConfigOrExit, openDatabase } from '../startup.js';
import type { ProductGroupUseCases } from '../../interfaces/http/catalog/product-group.controller.js';
import type { ProductUseCases } from '../../interfaces/http/catalog/product.controller.js';

// npm run db:seed [-- --reset]: loads the assignment's demo catalog into an empty database.
const reset = process.argv.includes('--reset');
const config = loadConfigOrExit();
const sequelize = await openDatabase(config).catch(exitWith);
try {
  if (reset) {
    await resetSchema(sequelize);
  } else if (!(await catalogIsEmpty(sequelize))) {
    throw new Error(
      `${describeDatabase(config)} already holds catalog data; nothing was changed. ` +
        'To delete everything and load the demo data again: npm run db:seed -- --reset',
    );
  }
  const container = buildContainer({ sequelize, logger: createLogger('silent') });
  const unitOfWork = container.get<UnitOfWork>(TOKENS.UnitOfWork);
  // One transaction: a seed that fails halfway leaves the database as it was.
  const counts = await unitOfWork.run(() => seedCatalog({
    createCategory: container.get<ProductGroupUseCases>(TOKENS.CategoryUseCases).create,
    createTag: container.get<ProductGroupUseCases>(TOKENS.TagUseCases).create,
    createProduct: container.get<ProductUseCases>(TOKENS.ProductUseCases).create,
  }));
  console.log(
    `seeded ${describeDatabase(config)}${reset ? ' (after reset)' : ''}: ` +
      `${counts.categories} categories, ${counts.products} products, ${counts.tags} tags`,
  );
} catch (error) {
  await sequelize.close();
  exitWith(error);
}
await sequelize.close();
