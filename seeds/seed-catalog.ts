import type { CatalogUseCases } from '../domain/catalog/use-cases/catalog-use-cases.js';
import { Money } from '../domain/shared/money.js';
import { seedCategories, seedProducts, seedTags } from './catalog.seed-data.js';

/** The three use cases the demo data is written through. */
export interface SeedUseCases {
  readonly categories: Pick<CatalogUseCases['categories'], 'create'>;
  readonly tags: Pick<CatalogUseCases['tags'], 'create'>;
  readonly products: Pick<CatalogUseCases['products'], 'create'>;
}

/**
 * Loads the demo catalog into an empty store through the use cases, so every invariant holds.
 * Ids come from the store; a store that does not count from 1 is reported, not papered over.
 */
export async function seedCatalog(useCases: SeedUseCases): Promise<{ categories: number; tags: number; products: number }> {
  for (const category of seedCategories) {
    expectId('category', category, await useCases.categories.create.execute({ name: category.name }));
  }
  for (const tag of seedTags) {
    expectId('tag', tag, await useCases.tags.create.execute({ name: tag.name }));
  }
  for (const product of seedProducts) {
    const created = await useCases.products.create.execute({
      name: product.name,
      price: Money.fromDecimal(product.price, 'price'),
      stock: product.stock,
      categoryId: product.categoryId,
      tagIds: product.tagIds,
    });
    expectId('product', product, created);
  }
  return { categories: seedCategories.length, tags: seedTags.length, products: seedProducts.length };
}

/** A seeded row did not get its fixed id: the ids do not count from 1, or someone else is writing. */
export class SeedIdMismatchError extends Error {}

function expectId(kind: string, wanted: { id: number; name: string }, got: { id: number }): void {
  if (got.id !== wanted.id) {
    throw new SeedIdMismatchError(
      `seeded ${kind} "${wanted.name}" got id ${got.id}, expected ${wanted.id}: the ids no longer count from 1 (rows were added and deleted); ` +
        'nothing was changed. To recreate the tables and load the demo data: npm run db:seed -- --reset',
    );
  }
}
