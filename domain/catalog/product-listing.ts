import type { Money } from '../shared/money.js';
import type { ProductDetails, ProductSummary } from './product.js';

export const PRODUCT_SORTS = ['id', 'price', '-price', 'product_name', 'newest'] as const;
/** id and product_name ascend; -price and newest descend. Ties break on id, in the same direction. */
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Every condition narrows the list; an absent one does not filter. */
export interface ProductFilter {
  readonly categoryId?: number;
  /** Products with at least one of these tags. */
  readonly tagIds?: readonly number[];
  readonly priceMin?: Money;
  readonly priceMax?: Money;
  /** true: only products with stock > 0. */
  readonly inStock?: boolean;
  /** Every key must be among the product name's search keys (see searchKeys in search-words.ts). */
  readonly searchKeys?: readonly string[];
}

/**
 * Where a page ended: the sort key of its last product and that product's id. The next page
 * starts strictly after it, so pages never repeat or skip a product while paging.
 */
export interface ProductCursor {
  readonly sort: ProductSort;
  readonly id: number;
  readonly priceCents?: number;
  readonly name?: string;
}

export interface ProductPageRequest {
  readonly filter: ProductFilter;
  readonly sort: ProductSort;
  readonly limit: number;
  readonly after?: ProductCursor;
}

export interface ProductPage {
  readonly products: ProductDetails[];
  /** null on the last page. */
  readonly next: ProductCursor | null;
  /** Only when asked for: every product the filter matches. */
  readonly total?: number;
}

export function cursorAfter(product: ProductSummary, sort: ProductSort): ProductCursor {
  switch (sort) {
    case 'price':
    case '-price':
      return { sort, id: product.id, priceCents: product.price.cents };
    case 'product_name':
      return { sort, id: product.id, name: product.name };
    default:
      return { sort, id: product.id };
  }
}

/** A list of categories or tags: by id, a page at a time. */
export interface GroupPageRequest {
  readonly limit: number;
  /** The id of the last group of the previous page. */
  readonly afterId?: number;
}

/** How many products a category or tag embeds; the rest are one link away (products_url). */
export const EMBEDDED_PRODUCTS_LIMIT = 20;
