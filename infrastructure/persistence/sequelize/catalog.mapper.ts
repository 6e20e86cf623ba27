import type { ProductFields, ProductSummary } from '../../../domain/catalog/product.js';
import { moneyFromColumn } from './decimal-column.js';

/** A product's own columns, as a model instance or a hand-written SELECT returns them. */
export interface ProductColumns {
  readonly id: number;
  readonly product_name: string;
  /** mysql2 returns DECIMAL as a string ("14.99"), SQLite as a number. */
  readonly price: string | number;
  readonly stock: number;
  /** Absent when the statement did not select it (checkout's stock read). */
  readonly category_id?: number | null;
}

/** Rows in, domain objects out: every read of a product's columns goes through here. */
export function toProductSummary(row: ProductColumns): ProductSummary {
  return {
    id: row.id,
    name: row.product_name,
    price: moneyFromColumn(row.price),
    stock: row.stock,
    categoryId: row.category_id ?? null,
  };
}

/** Domain in, columns out: every write of a product's columns goes through here. */
export function toProductColumns(fields: ProductFields) {
  return {
    product_name: fields.name,
    price: fields.price.toDecimal(),
    stock: fields.stock,
    category_id: fields.categoryId,
  };
}
