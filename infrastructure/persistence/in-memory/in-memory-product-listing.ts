import type { ProductCursor, ProductFilter, ProductSort } from '../../../domain/catalog/product-listing.js';
import { searchKeys } from '../../../domain/catalog/search-words.js';
import type { ProductRow } from './in-memory-database.js';

/** The filter as a database would apply it. */
export function matchesFilter(row: ProductRow, filter: ProductFilter): boolean {
  if (filter.categoryId !== undefined && row.categoryId !== filter.categoryId) return false;
  if (filter.tagIds && !filter.tagIds.some((tagId) => row.tagIds.includes(tagId))) return false;
  if (filter.priceMin && row.priceCents < filter.priceMin.cents) return false;
  if (filter.priceMax && row.priceCents > filter.priceMax.cents) return false;
  if (filter.inStock && row.stock <= 0) return false;
  if (filter.searchKeys && filter.searchKeys.length > 0) {
    const keys = new Set(searchKeys(row.name));
    return filter.searchKeys.every((key) => keys.has(key));
  }
  return true;
}

type SortKey = { id: number; priceCents: number; name: string };

/** Negative when `a` comes first in `sort`; ties break on id in the sort's direction. */
export function compareForSort(sort: ProductSort, a: SortKey, b: SortKey): number {
  switch (sort) {
    case 'price':
      return a.priceCents - b.priceCents || a.id - b.id;
    case '-price':
      return b.priceCents - a.priceCents || b.id - a.id;
    case 'product_name': {
      const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
      return x < y ? -1 : x > y ? 1 : a.id - b.id;
    }
    case 'newest':
      return b.id - a.id;
    default:
      return a.id - b.id;
  }
}

export function isAfterCursor(row: ProductRow, sort: ProductSort, cursor: ProductCursor): boolean {
  const key = { id: cursor.id, priceCents: cursor.priceCents ?? 0, name: cursor.name ?? '' };
  return compareForSort(sort, key, row) < 0;
}
