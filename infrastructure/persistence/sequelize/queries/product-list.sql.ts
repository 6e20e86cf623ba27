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

/**
 * Where the rows come from. With a search, from the search keys: one exact lookup per key in the
 * (word, product_id) primary key, joined on product_id, so the first key's entries arrive in
 * product order and a page by id stops after `limit` matches instead of reading them all.
 */
function source(filter: ProductFilter): { from: string; id: string } {
  const keys = filter.searchKeys ?? [];
  if (keys.length === 0) return { from: 'product p', id: 'p.id' };
  const joins = keys
    .slice(1)
    .map((_key, index) => ` JOIN product_word w${index + 1} ON w${index + 1}.product_id = w0.product_id AND w${index + 1}.word = :key${index + 1}`)
    .join('');
  return { from: `product_word w0${joins} JOIN product p ON p.id = w0.product_id`, id: 'w0.product_id' };
}

function orderBy(sort: ProductSort, id: string): string {
  switch (sort) {
    case 'newest':
      return `${id} DESC`;
    case 'price':
      return 'p.price ASC, p.id ASC';
    case '-price':
      return 'p.price DESC, p.id DESC';
    case 'product_name':
      return 'p.product_name ASC, p.id ASC';
    default:
      return `${id} ASC`;
  }
}

/** One page: products with their category (a LEFT JOIN on its primary key); tags come separately. */
export function productPageQuery(request: ProductPageRequest): SqlQuery {
  const { from, id } = source(request.filter);
  const where = filterConditions(request.filter);
  if (request.after) where.push(afterCursor(request.sort, request.after, id));
  return {
    sql:
      `SELECT ${PRODUCT_COLUMNS} FROM ${from} LEFT JOIN category c ON c.id = p.category_id` +
      whereClause(where) +
      ` ORDER BY ${orderBy(request.sort, id)} LIMIT :limit`,
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
    sql: `SELECT COUNT(*) AS total FROM ${source(filter).from}${whereClause(filterConditions(filter))}`,
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
  if (filter.searchKeys && filter.searchKeys.length > 0) conditions.push('w0.word = :key0');
  if (filter.categoryId !== undefined) conditions.push('p.category_id = :categoryId');
  if (filter.tagIds && filter.tagIds.length > 0) {
    conditions.push('p.id IN (SELECT pt.product_id FROM product_tag pt WHERE pt.tag_id IN (:tagIds))');
  }
  if (filter.priceMin) conditions.push('p.price >= :priceMin');
  if (filter.priceMax) conditions.push('p.price <= :priceMax');
  if (filter.inStock) conditions.push('p.stock > 0');
  return conditions;
}

function filterValues(filter: ProductFilter, after?: ProductCursor): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (filter.categoryId !== undefined) values.categoryId = filter.categoryId;
  if (filter.tagIds && filter.tagIds.length > 0) values.tagIds = [...filter.tagIds];
  // Decimal strings, never floats: the column is compared exactly.
  if (filter.priceMin) values.priceMin = filter.priceMin.toDecimal();
  if (filter.priceMax) values.priceMax = filter.priceMax.toDecimal();
  (filter.searchKeys ?? []).forEach((key, index) => {
    values[`key${index}`] = key;
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
function afterCursor(sort: ProductSort, cursor: ProductCursor, id: string): string {
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
      return `${id} < :afterId`;
    default:
      return `${id} > :afterId`;
  }
}

function requireKey(value: unknown): void {
  if (value === undefined) throw new InvalidInputError('cursor', 'is not a cursor this server issued');
}
