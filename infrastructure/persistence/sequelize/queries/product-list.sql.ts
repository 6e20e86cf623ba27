import type { ProductCursor, ProductFilter, ProductPageRequest, ProductSort } from '../../../../domain/catalog/product-listing.js';
import { InvalidInputError } from '../../../../domain/shared/domain-error.js';
import { Money } from '../../../../domain/shared/money.js';

/**
 * The SQL of a product page, written by hand so that every filter and sort maps onto an index
 * (migration 0003) and a page is one statement whatever its size. Portable SQL only: the same
 * text runs on MySQL/MariaDB and SQLite. Values always travel as named replacements.
 */
export interface SqlQuery {
  readonly sql: string;
  readonly replacements: Record<string, unknown>;
}

const PRODUCT_COLUMNS = 'p.id, p.product_name, p.price, p.stock, p.category_id, c.category_name';

const ORDER_BY: Record<ProductSort, string> = {
  id: 'p.id ASC',
  newest: 'p.id DESC',
  price: 'p.price ASC, p.id ASC',
  '-price': 'p.price DESC, p.id DESC',
  product_name: 'p.product_name ASC, p.id ASC',
};

/** One page: products with their category (a LEFT JOIN on its primary key); tags come separately. */
export function productPageQuery(request: ProductPageRequest): SqlQuery {
  const where = filterConditions(request.filter);
  if (request.after) where.push(afterCursor(request.sort, request.after));
  return {
    sql:
      `SELECT ${PRODUCT_COLUMNS} FROM product p LEFT JOIN category c ON c.id = p.category_id` +
      whereClause(where) +
      ` ORDER BY ${ORDER_BY[request.sort]} LIMIT :limit`,
    replacements: { ...filterValues(request.filter, request.after), limit: request.limit },
  };
}

export function productByIdQuery(id: number): SqlQuery {
  return {
    sql: `SELECT ${PRODUCT_COLUMNS} FROM product p LEFT JOIN category c ON c.id = p.category_id WHERE p.id = :id`,
    replacements: { id },
  };
}

export function productCountQuery(filter: ProductFilter): SqlQuery {
  return {
    sql: `SELECT COUNT(*) AS total FROM product p${whereClause(filterConditions(filter))}`,
    replacements: filterValues(filter),
  };
}

/** The tags of the given products, in (product, tag) order: the unique index's own order. */
export function tagsOfProductsQuery(productIds: readonly number[]): SqlQuery {
  return {
    sql:
      'SELECT pt.product_id, t.id, t.tag_name FROM product_tag pt JOIN tag t ON t.id = pt.tag_id ' +
      'WHERE pt.product_id IN (:productIds) ORDER BY pt.product_id, pt.tag_id',
    replacements: { productIds: [...productIds] },
  };
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

function filterConditions(filter: ProductFilter): string[] {
  const conditions: string[] = [];
  if (filter.categoryId !== undefined) conditions.push('p.category_id = :categoryId');
  if (filter.tagIds && filter.tagIds.length > 0) {
    conditions.push('p.id IN (SELECT pt.product_id FROM product_tag pt WHERE pt.tag_id IN (:tagIds))');
  }
  if (filter.priceMin) conditions.push('p.price >= :priceMin');
  if (filter.priceMax) conditions.push('p.price <= :priceMax');
  if (filter.inStock) conditions.push('p.stock > 0');
  // One semi-join per word, each a range scan of the word index: "cott" finds "cotton".
  (filter.searchWords ?? []).forEach((_word, index) => {
    conditions.push(`p.id IN (SELECT pw.product_id FROM product_word pw WHERE pw.word LIKE :word${index})`);
  });
  return conditions;
}

function filterValues(filter: ProductFilter, after?: ProductCursor): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (filter.categoryId !== undefined) values.categoryId = filter.categoryId;
  if (filter.tagIds && filter.tagIds.length > 0) values.tagIds = [...filter.tagIds];
  // Decimal strings, never floats: the column is compared exactly.
  if (filter.priceMin) values.priceMin = filter.priceMin.toDecimal();
  if (filter.priceMax) values.priceMax = filter.priceMax.toDecimal();
  // Search words hold letters and digits only, so LIKE's wildcards cannot sneak in.
  (filter.searchWords ?? []).forEach((word, index) => {
    values[`word${index}`] = `${word}%`;
  });
  if (after) {
    values.afterId = after.id;
    if (after.priceCents !== undefined) values.afterPrice = Money.fromCents(after.priceCents).toDecimal();
    if (after.name !== undefined) values.afterName = after.name;
  }
  return values;
}

/**
 * Strictly after the cursor in the sort order. Written as `key >= x AND (key > x OR id > y)`
 * rather than a row comparison, so that both databases turn it into an index range.
 */
function afterCursor(sort: ProductSort, cursor: ProductCursor): string {
  switch (sort) {
    case 'price':
      requireKey(cursor.priceCents);
      return '(p.price >= :afterPrice AND (p.price > :afterPrice OR p.id > :afterId))';
    case '-price':
      requireKey(cursor.priceCents);
      return '(p.price <= :afterPrice AND (p.price < :afterPrice OR p.id < :afterId))';
    case 'product_name':
      requireKey(cursor.name);
      return '(p.product_name >= :afterName AND (p.product_name > :afterName OR p.id > :afterId))';
    case 'newest':
      return 'p.id < :afterId';
    default:
      return 'p.id > :afterId';
  }
}

function requireKey(value: unknown): void {
  if (value === undefined) throw new InvalidInputError('cursor', 'is not a cursor this server issued');
}
