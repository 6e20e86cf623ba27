import type { ProductCursor, ProductFilter, ProductPageRequest, ProductSort } from '../../../../domain/catalog/product-listing.js';
import { InvalidInputError } from '../../../../domain/shared/domain-error.js';
import { Money } from '../../../../domain/shared/money.js';
import type { SqlQuery } from './sql-runner.js';

/**
 * The SQL of a product page, written by hand so that every filter and sort maps onto an index
 * (migration 0003) and a page is one statement whatever its size. Portable SQL only: the same
 * text runs on MySQL/MariaDB and SQLite. Values always travel as named replacements.
 */
const PRODUCT_COLUMNS = 'p.id, p.product_name, p.price, p.stock, p.category_id';
/** Each product once per tag (or once with null tag columns), with its category's name. */
const WITH_CATEGORY_AND_TAGS =
  'LEFT JOIN category c ON c.id = p.category_id LEFT JOIN product_tag pt ON pt.product_id = p.id LEFT JOIN tag t ON t.id = pt.tag_id';
const DETAIL_COLUMNS = `${PRODUCT_COLUMNS}, c.category_name, t.id AS tag_id, t.tag_name`;

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

/**
 * One page in one statement: the page of products (an index range, LIMIT inside), then joined to
 * its category and tags: one row per product and tag, in page order then tag id.
 */
export function productPageQuery(request: ProductPageRequest): SqlQuery {
  const { from, id } = source(request.filter);
  const where = filterConditions(request.filter);
  if (request.after) where.push(afterCursor(request.sort, request.after, id));
  const page = `SELECT ${PRODUCT_COLUMNS} FROM ${from}${whereClause(where)} ORDER BY ${orderBy(request.sort, id)} LIMIT :limit`;
  return {
    sql: `SELECT ${DETAIL_COLUMNS} FROM (${page}) p ${WITH_CATEGORY_AND_TAGS} ORDER BY ${orderBy(request.sort, 'p.id')}, pt.tag_id`,
    replacements: { ...filterValues(request.filter, request.after), limit: request.limit },
  };
}

export function productByIdQuery(id: number): SqlQuery {
  return {
    sql: `SELECT ${DETAIL_COLUMNS} FROM product p ${WITH_CATEGORY_AND_TAGS} WHERE p.id = :id ORDER BY pt.tag_id`,
    replacements: { id },
  };
}

/**
 * A product's own columns and its tag ids, one row per tag link (tag_id null when it has none),
 * for a write to lock (SqlRunner.selectForUpdate): the product row and its tag links, not the tags.
 */
export function productWithTagIdsQuery(id: number): SqlQuery {
  return {
    sql: `SELECT ${PRODUCT_COLUMNS}, pt.tag_id FROM product p LEFT JOIN product_tag pt ON pt.product_id = p.id WHERE p.id = :id ORDER BY pt.tag_id`,
    replacements: { id },
  };
}

export function productCountQuery(filter: ProductFilter): SqlQuery {
  return {
    sql: `SELECT COUNT(*) AS total FROM ${source(filter).from}${whereClause(filterConditions(filter))}`,
    replacements: filterValues(filter),
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
