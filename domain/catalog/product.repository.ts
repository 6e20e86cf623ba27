import type { Product, ProductDetails, ProductFields } from './product.js';

/** Storage of products and their tag links. */
export interface ProductRepository {
  listWithDetails(): Promise<ProductDetails[]>;
  findDetails(id: number): Promise<ProductDetails | null>;
  findById(id: number): Promise<Product | null>;
  /** Returns the new product's id. */
  create(fields: ProductFields, tagIds: readonly number[]): Promise<number>;
  update(id: number, fields: ProductFields): Promise<void>;
  /** Makes the product's tags exactly `tagIds`. */
  replaceTags(id: number, tagIds: readonly number[]): Promise<void>;
  /** false when there was no such product. Its tag links go with it. */
  delete(id: number): Promise<boolean>;
}
