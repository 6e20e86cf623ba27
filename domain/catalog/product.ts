import { InvalidInputError } from '../shared/domain-error.js';
import { Money } from '../shared/money.js';
import { catalogName } from './catalog-name.js';
import type { ProductGroup } from './product-group.js';

/** DECIMAL(10,2): the largest price the catalog holds. */
export const MAX_PRICE_CENTS = 9_999_999_999;
/** A signed 32-bit INT column. */
export const MAX_STOCK = 2_147_483_647;
export const DEFAULT_STOCK = 10;

/** The fields a product is created and updated with. */
export interface ProductFields {
  readonly name: string;
  readonly price: Money;
  readonly stock: number;
  readonly categoryId: number | null;
}

export interface ProductSummary extends ProductFields {
  readonly id: number;
}

export interface Product extends ProductSummary {
  readonly tagIds: readonly number[];
}

/** A category or tag with its first products (by id, at most EMBEDDED_PRODUCTS_LIMIT) and how many it has. */
export interface ProductGroupDetails extends ProductGroup {
  readonly products: readonly ProductSummary[];
  readonly productCount: number;
}

export interface ProductDetails extends ProductSummary {
  readonly category: ProductGroup | null;
  readonly tags: readonly ProductGroup[];
}

/** Checks the invariants every stored product keeps; returns the normalised fields. */
export function validProductFields(fields: ProductFields): ProductFields {
  if (fields.price.cents > MAX_PRICE_CENTS) throw new InvalidInputError('price', 'must be at most 99999999.99');
  if (!Number.isInteger(fields.stock) || fields.stock < 0 || fields.stock > MAX_STOCK) {
    throw new InvalidInputError('stock', `must be an integer from 0 to ${MAX_STOCK}`);
  }
  return { ...fields, name: catalogName(fields.name, 'product_name') };
}

/** Tag ids as a set: duplicates are a client mistake worth naming, not something to guess about. */
export function distinctTagIds(tagIds: readonly number[]): readonly number[] {
  const seen = new Set<number>();
  tagIds.forEach((id, index) => {
    if (seen.has(id)) throw new InvalidInputError(`tagIds/${index}`, `repeats tag ${id}`);
    seen.add(id);
  });
  return [...seen].sort((a, b) => a - b);
}
