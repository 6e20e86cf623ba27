import { Money } from '../../../domain/shared/money.js';
import type { ApiKey } from '../../../domain/access/api-key.js';
import type { ProductGroup } from '../../../domain/catalog/product-group.js';
import type { ProductSummary } from '../../../domain/catalog/product.js';
import type { OrderSnapshot } from '../../../domain/ordering/order.js';

export interface OrderRow extends OrderSnapshot {
  /** Insertion order, for newest-first paging. */
  seq: number;
  accessDigest: string | null;
}

export interface IdempotencyRow {
  request: string;
  state: 'in_progress' | 'completed';
  outcome: string | null;
  claimedAt: number;
}

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
export interface DatabaseState {
  category: GroupTable;
  tag: GroupTable;
  products: Map<number, ProductRow>;
  nextProductId: number;
  orders: Map<string, OrderRow>;
  nextOrderSeq: number;
  idempotencyKeys: Map<string, IdempotencyRow>;
  apiKeys: Map<number, ApiKeyRow>;
  nextApiKeyId: number;
}

export type ApiKeyRow = { -readonly [K in keyof ApiKey]: ApiKey[K] } & { digest: string };

export type GroupTableName = 'category' | 'tag';

/** The tables the in-memory repositories share, as a database would. */
export class InMemoryDatabase {
  state: DatabaseState = {
    category: { rows: new Map(), nextId: 1 },
    tag: { rows: new Map(), nextId: 1 },
    products: new Map(),
    nextProductId: 1,
    orders: new Map(),
    nextOrderSeq: 1,
    idempotencyKeys: new Map(),
    apiKeys: new Map(),
    nextApiKeyId: 1,
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
