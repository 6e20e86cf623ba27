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
 * The id a new table gives its n-th row (n from 1): n on one server; on a multi-primary cluster,
 * whose nodes step auto-increment ids by the cluster size (Galera), offset + (n - 1) * step.
 */
export type IdSequence = (n: number) => number;

export const COUNTING_FROM_ONE: IdSequence = (n) => n;

/**
 * Loads the demo catalog into an empty store through the use cases, so every invariant holds.
 * Ids come from the store, and the demo data's references (a product's category and tags) follow
 * them; a store whose ids are not those of a new table (rows were added and deleted) is reported,
 * not papered over, so the README's and Insomnia's ids stay right.
 */
export async function seedCatalog(useCases: SeedUseCases, ids: IdSequence = COUNTING_FROM_ONE): Promise<{ categories: number; tags: number; products: number }> {
  for (const category of seedCategories) {
    expectId('category', category, ids(category.id), await useCases.categories.create.execute({ name: category.name }));
  }
  for (const tag of seedTags) {
    expectId('tag', tag, ids(tag.id), await useCases.tags.create.execute({ name: tag.name }));
  }
  for (const product of seedProducts) {
    const created = await useCases.products.create.execute({
      name: product.name,
      price: Money.fromDecimal(product.price, 'price'),
      stock: product.stock,
      // The demo data numbers its rows 1, 2, 3...: the n-th row has the store's n-th id.
      categoryId: ids(product.categoryId),
      tagIds: product.tagIds.map(ids),
    });
    expectId('product', product, ids(product.id), created);
  }
  return { categories: seedCategories.length, tags: seedTags.length, products: seedProducts.length };
}

/** A seeded row did not get its fixed id: the ids do not count from 1, or someone else is writing. */
export class SeedIdMismatchError extends Error {}

function expectId(kind: string, wanted: { name: string }, expected: number, got: { id: number }): void {
  if (got.id !== expected) {
    throw new SeedIdMismatchError(
      `seeded ${kind} "${wanted.name}" got id ${got.id}, expected ${expected}: the ids no longer count from the first (rows were added and deleted); ` +
        'nothing was changed. To recreate the tables and load the demo data: npm run db:seed -- --reset',
    );
  }
}
