import type { ProductGroup } from '../../../domain/catalog/product-group.js';
import type { ProductDetails, ProductFields, ProductSummary, ProductGroupDetails } from '../../../domain/catalog/product.js';
import { moneyFromColumn } from './decimal-column.js';
import type { CategoryRow, ProductRow, TagRow } from './models/catalog.models.js';

/** Rows in, domain objects out: a model instance never leaves infrastructure. */
export function categoryToGroup(row: CategoryRow): ProductGroup {
  return { id: row.id, name: row.category_name };
}

export function tagToGroup(row: TagRow): ProductGroup {
  return { id: row.id, name: row.tag_name };
}

export function withProducts(group: ProductGroup, rows: readonly ProductRow[] = []): ProductGroupDetails {
  return { ...group, products: rows.map(toProductSummary) };
}

export function toProductSummary(row: ProductRow): ProductSummary {
  return {
    id: row.id,
    name: row.product_name,
    price: moneyFromColumn(row.price),
    stock: row.stock,
    categoryId: row.category_id ?? null,
  };
}

export function toProductDetails(row: ProductRow): ProductDetails {
  return {
    ...toProductSummary(row),
    category: row.category ? categoryToGroup(row.category) : null,
    tags: (row.tags ?? []).map(tagToGroup),
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
