import type { ProductFilter, ProductPageRequest } from './product-listing.js';
import type { Product, ProductDetails, ProductFields } from './product.js';

/** Storage of products, their tag links and their search words. */
export interface ProductRepository {
  /** Up to `limit` products matching the filter, in the sort order, strictly after the cursor. */
  listPage(request: ProductPageRequest): Promise<ProductDetails[]>;
  count(filter: ProductFilter): Promise<number>;
  findDetails(id: number): Promise<ProductDetails | null>;
  findById(id: number): Promise<Product | null>;
  /**
   * Reads the product and its tag ids and locks them until the open unit of work ends, so a check
   * and a write see the same product; null when there is none.
   */
  lockForUpdate(id: number): Promise<Product | null>;
  /** Returns the new product's id. */
  create(fields: ProductFields, tagIds: readonly number[]): Promise<number>;
  /** Writes the fields and makes the tags exactly `tagIds`; `locked` is what lockForUpdate returned in this unit of work. */
  update(locked: Product, fields: ProductFields, tagIds: readonly number[]): Promise<void>;
  /** false when there was no such product. Its tag links go with it. */
  delete(id: number): Promise<boolean>;
}
