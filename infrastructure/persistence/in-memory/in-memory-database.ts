import { Money } from '../../../domain/shared/money.js';
import type { ProductGroup } from '../../../domain/catalog/product-group.js';
import type { ProductSummary } from '../../../domain/catalog/product.js';

export interface ProductRow {
  id: number;
  name: string;
  priceCents: number;
  stock: number;
  categoryId: number | null;
  tagIds: number[];
}

export interface GroupTable {
  rows: Map<number, ProductGroup>;
  nextId: number;
}

/** Plain data only, so a transaction can snapshot it with structuredClone. */
export interface CatalogState {
  category: GroupTable;
  tag: GroupTable;
  products: Map<number, ProductRow>;
  nextProductId: number;
}

export type GroupTableName = 'category' | 'tag';

/** The tables the in-memory repositories share, as a database would. */
export class InMemoryCatalogStore {
  state: CatalogState = {
    category: { rows: new Map(), nextId: 1 },
    tag: { rows: new Map(), nextId: 1 },
    products: new Map(),
    nextProductId: 1,
  };

  productsIn(table: GroupTableName, groupId: number): ProductSummary[] {
    return [...this.state.products.values()]
      .filter((row) => (table === 'category' ? row.categoryId === groupId : row.tagIds.includes(groupId)))
      .sort((a, b) => a.id - b.id)
      .map(toSummary);
  }
}

export function toSummary(row: ProductRow): ProductSummary {
  return {
    id: row.id,
    name: row.name,
    price: Money.fromCents(row.priceCents),
    stock: row.stock,
    categoryId: row.categoryId,
  };
}
