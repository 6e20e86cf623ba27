import type { ProductFields } from './product.js';

/** One product to import: fields already checked by `validProductFields`, tag ids distinct. */
export interface ImportedProduct {
  readonly fields: ProductFields;
  readonly tagIds: readonly number[];
}

/**
 * Bulk loading of a catalog (demo data, benchmarks): many rows per statement, no per-row
 * reads. Each call joins the caller's unit of work; references must already exist.
 */
export interface CatalogImport {
  /** Creates the categories; returns their ids in the order of `names`. */
  importCategories(names: readonly string[]): Promise<number[]>;
  /** Creates the tags; returns their ids in the order of `names`. */
  importTags(names: readonly string[]): Promise<number[]>;
  /** Creates the products with their tag links; returns their ids in the order given. */
  importProducts(batch: readonly ImportedProduct[]): Promise<number[]>;
}
