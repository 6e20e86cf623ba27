import { EMBEDDED_PRODUCTS_LIMIT } from '../../../../domain/catalog/product-listing.js';
import type { SqlQuery } from './product-list.sql.js';

export type GroupTable = 'category' | 'tag';

const NAME_COLUMN: Record<GroupTable, string> = { category: 'category_name', tag: 'tag_name' };

/** A page of categories or tags by id, with the product count each keeps. */
export function groupPageQuery(table: GroupTable, limit: number, afterId: number): SqlQuery {
  return {
    sql: `SELECT id, ${NAME_COLUMN[table]} AS name, product_count FROM ${table} WHERE id > :afterId ORDER BY id LIMIT :limit`,
    replacements: { afterId, limit },
  };
}

export function groupByIdQuery(table: GroupTable, id: number): SqlQuery {
  return { sql: `SELECT id, ${NAME_COLUMN[table]} AS name, product_count FROM ${table} WHERE id = :id`, replacements: { id } };
}

/**
 * The first EMBEDDED_PRODUCTS_LIMIT products of each group, in one statement: a UNION ALL of one
 * index range per group, so the cost follows the page, not the size of the groups.
 */
export function embeddedProductsQuery(table: GroupTable, groupIds: readonly number[]): SqlQuery {
  const parts = groupIds.map((_groupId, index) => {
    const inner =
      table === 'category'
        ? `SELECT id, product_name, price, stock, category_id, category_id AS group_id FROM product ` +
          `WHERE category_id = :group${index} ORDER BY id LIMIT ${EMBEDDED_PRODUCTS_LIMIT}`
        : `SELECT p.id, p.product_name, p.price, p.stock, p.category_id, pt.tag_id AS group_id ` +
          `FROM product_tag pt JOIN product p ON p.id = pt.product_id ` +
          `WHERE pt.tag_id = :group${index} ORDER BY pt.product_id LIMIT ${EMBEDDED_PRODUCTS_LIMIT}`;
    return `SELECT * FROM (${inner}) g${index}`;
  });
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
