import type { ProductFields, ProductSummary } from '../../../domain/catalog/product.js';
import { moneyFromColumn } from './decimal-column.js';
import type { ProductRow } from './models/catalog.models.js';

/** Rows in, domain objects out: a model instance never leaves infrastructure. */
export function toProductSummary(row: ProductRow): ProductSummary {
  return {
    id: row.id,
    name: row.product_name,
    price: moneyFromColumn(row.price),
    stock: row.stock,
    categoryId: row.category_id ?? null,
  };
}

export function toProductColumns(fields: ProductFields) {
  return {
    product_name: fields.name,
    price: fields.price.toDecimal(),
    stock: fields.stock,
    category_id: fields.categoryId,
  };
}
