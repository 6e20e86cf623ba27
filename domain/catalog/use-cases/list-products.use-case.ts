import { InvalidInputError } from '../../shared/domain-error.js';
import { cursorAfter, type ProductCursor, type ProductFilter, type ProductPage, type ProductSort } from '../product-listing.js';
import type { ProductRepository } from '../product.repository.js';

export interface ListProductsInput {
  readonly filter: ProductFilter;
  readonly sort: ProductSort;
  readonly limit: number;
  readonly after?: ProductCursor;
  /** Also count every match: one more query, whose cost grows with the number of matches. */
  readonly withTotal?: boolean;
}

/** One page of products with their category and tags, filtered and sorted. */
export class ListProducts {
  constructor(private readonly products: ProductRepository) {}

  async execute(input: ListProductsInput): Promise<ProductPage> {
    const { filter, sort, limit, after } = input;
    if (after && after.sort !== sort) throw new InvalidInputError('cursor', `was issued for sort=${after.sort}, not sort=${sort}`);
    if (filter.priceMin && filter.priceMax && filter.priceMin.cents > filter.priceMax.cents) {
      throw new InvalidInputError('price_max', 'must not be below price_min');
    }
    // One row more than asked tells whether there is a next page without counting.
    const rows = await this.products.listPage({ filter, sort, limit: limit + 1, after });
    const products = rows.slice(0, limit);
    const last = products.at(-1);
    return {
      products,
      next: rows.length > limit && last ? cursorAfter(last, sort) : null,
      ...(input.withTotal ? { total: await this.products.count(filter) } : {}),
    };
  }
}
