import { EMBEDDED_PRODUCTS_LIMIT } from '../../../../domain/catalog/product-listing.js';
import type { SqlQuery } from './sql-runner.js';

export type GroupTable = 'category' | 'tag';

/** The name column of each group table, as the assignment named it. */
export const NAME_COLUMN: Record<GroupTable, string> = { category: 'category_name', tag: 'tag_name' };

/** A page of categories or tags by id, with the product count each keeps. */
export function groupPageQuery(table: GroupTable, limit: number, afterId: number): SqlQuery {
  return {
    sql: `SELECT id, ${NAME_COLUMN[table]} AS name, product_count FROM ${table} WHERE id > :afterId ORDER BY id LIMIT :limit`,
    replacements: { afterId, limit },
  };
}

/**
 * One group with its first products, in one statement: the group row joined to its product page
 * (one row per product, product columns null when it has none), in product id order.
 */
export function groupWithProductsQuery(table: GroupTable, id: number): SqlQuery {
  return {
    sql:
      `SELECT g.id AS group_id, g.${NAME_COLUMN[table]} AS name, g.product_count, e.id, e.product_name, e.price, e.stock, e.category_id ` +
      `FROM ${table} g LEFT JOIN (${embeddedProductsOf(table, ':id')}) e ON 1 = 1 WHERE g.id = :id ORDER BY e.id`,
    replacements: { id },
  };
}

/** A group's first EMBEDDED_PRODUCTS_LIMIT products by id: one index range. */
function embeddedProductsOf(table: GroupTable, groupId: string): string {
  return table === 'category'
    ? `SELECT id, product_name, price, stock, category_id, category_id AS group_id FROM product ` +
        `WHERE category_id = ${groupId} ORDER BY id LIMIT ${EMBEDDED_PRODUCTS_LIMIT}`
    : `SELECT p.id, p.product_name, p.price, p.stock, p.category_id, pt.tag_id AS group_id ` +
        `FROM product_tag pt JOIN product p ON p.id = pt.product_id ` +
        `WHERE pt.tag_id = ${groupId} ORDER BY pt.product_id LIMIT ${EMBEDDED_PRODUCTS_LIMIT}`;
}

/**
 * The first EMBEDDED_PRODUCTS_LIMIT products of each group, in one statement: a UNION ALL of one
 * index range per group, so the cost follows the page, not the size of the groups.
 */
export function embeddedProductsQuery(table: GroupTable, groupIds: readonly number[]): SqlQuery {
  const parts = groupIds.map((_groupId, index) => `SELECT * FROM (${embeddedProductsOf(table, `:group${index}`)}) g${index}`);
  return {
    sql: parts.join(' UNION ALL '),
    replacements: Object.fromEntries(groupIds.map((groupId, index) => [`group${index}`, groupId])),
  };
}

export function groupCountQuery(table: GroupTable): SqlQuery {
  return { sql: `SELECT COUNT(*) AS total FROM ${table}`, replacements: {} };
}

/** Keeps product_count true: one statement per group, in id order so concurrent writers queue rather than deadlock. */
export function adjustCountQuery(table: GroupTable, groupId: number, delta: number): SqlQuery {
  return { sql: `UPDATE ${table} SET product_count = product_count + :delta WHERE id = :groupId`, replacements: { delta, groupId } };
}
