import { z } from 'zod';
import { PRODUCT_SORTS, type ProductCursor } from '../../../domain/catalog/product-listing.js';
import { MIN_PREFIX_LENGTH, searchKey, searchWords } from '../../../domain/catalog/search-words.js';
import { MAX_PRICE_CENTS } from '../../../domain/catalog/product.js';
import { MAX_ID } from '../../../domain/shared/ids.js';
import { Money } from '../../../domain/shared/money.js';
import { documentedAs } from '../openapi/parameter-type.js';
import { NOT_A_CURSOR, decodeCursor, decodeKeyCursor, pageCount, pageCursor, pageLimit, textId, trueOrFalse } from '../paging.js';
import { plainText } from '../plain-text.js';

const MAX_TAG_FILTER = 20;
const MAX_SEARCH_WORDS = 8;

// Eight digits before the point: DECIMAL(10,2), the domain's MAX_PRICE_CENTS.
const priceBound = (example: number) =>
  documentedAs(
    z
      .string()
      .regex(/^\d{1,8}(\.\d{1,2})?$/, 'must be a decimal amount like 10 or 14.99')
      .transform((text) => Money.fromDecimal(text, 'price')),
    { type: 'number', minimum: 0, maximum: MAX_PRICE_CENTS / 100, example },
  );

/** What a product cursor carries: [sort, id] or [sort, id, sort key]. */
const productCursorShape = z.union([
  z.tuple([z.enum(['id', 'newest']), z.int().positive()]),
  z.tuple([z.enum(['price', '-price']), z.int().positive(), z.int().nonnegative()]),
  z.tuple([z.literal('product_name'), z.int().positive(), z.string().max(255)]),
]);

export function encodeProductCursor(cursor: ProductCursor): unknown {
  if (cursor.priceCents !== undefined) return [cursor.sort, cursor.id, cursor.priceCents];
  if (cursor.name !== undefined) return [cursor.sort, cursor.id, cursor.name];
  return [cursor.sort, cursor.id];
}

function toProductCursor([sort, id, key]: z.output<typeof productCursorShape>): ProductCursor {
  if (sort === 'price' || sort === '-price') return { sort, id, priceCents: key as number };
  if (sort === 'product_name') return { sort, id, name: key as string };
  return { sort, id };
}

/** The product list's query parameters, as documented; listProductsQuery also decodes the cursor. */
export const listProductsParams = z
  .strictObject({
    limit: pageLimit,
    cursor: pageCursor,
    count: pageCount,
    sort: z
      .enum(PRODUCT_SORTS, { error: `must be one of ${PRODUCT_SORTS.join(', ')}` })
      .optional()
      .meta({ description: 'id (default) and product_name ascend; price ascends, -price descends; newest is the latest created first. Ties break on id' }),
    category_id: textId(MAX_ID).optional().meta({ description: 'Only products in this category' }),
    tag_id: z
      .string()
      .regex(/^[1-9]\d*(,[1-9]\d*)*$/, 'must be one or more positive integer ids, separated by commas')
      .transform((text) => [...new Set(text.split(',').map(Number))])
      .refine((ids) => ids.length <= MAX_TAG_FILTER, `must name at most ${MAX_TAG_FILTER} tags`)
      .refine((ids) => ids.every((id) => id <= MAX_ID), `ids must be at most ${MAX_ID}`)
      .optional()
      .meta({ description: 'Only products with at least one of these tags: 3, or 3,7', example: '3,7' }),
    price_min: priceBound(10).optional().meta({ description: 'Only products at this price or more (at most 2 decimals)' }),
    price_max: priceBound(49.99).optional().meta({ description: 'Only products at this price or less (at most 2 decimals)' }),
    in_stock: trueOrFalse()
      .optional()
      .meta({ description: 'true: only products with stock left' }),
    q: plainText()
      .max(200, 'must be at most 200 characters')
      .transform((text) => searchWords(text))
      .refine((words) => words.length > 0, 'must contain a letter or a digit')
      .refine((words) => words.length <= MAX_SEARCH_WORDS, `must have at most ${MAX_SEARCH_WORDS} words`)
      .transform((words) => [...new Set(words.map(searchKey))])
      .optional()
      .meta({
        description:
          `Name search, in any order, ignoring case: each word of ${MIN_PREFIX_LENGTH} or more letters must start a word of the name ` +
          `("plai shir" finds "Plain T-Shirt"); shorter ones must be a whole word of it`,
        example: 'plain shirt',
      }),
  })
  .meta({ id: 'ListProductsQuery' });

export const listProductsQuery = listProductsParams.transform((query, ctx) => {
  const sort = query.sort ?? 'id';
  if (query.price_min && query.price_max && query.price_min.cents > query.price_max.cents) {
    ctx.addIssue({ code: 'custom', path: ['price_max'], message: 'must not be below price_min' });
    return z.NEVER;
  }
  if (query.cursor === undefined) return { ...query, sort, after: undefined };
  const shape = decodeCursor(productCursorShape, query.cursor);
  if (!shape) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: NOT_A_CURSOR });
    return z.NEVER;
  }
  const after = toProductCursor(shape);
  if (after.sort !== sort) {
    ctx.addIssue({ code: 'custom', path: ['cursor'], message: `was issued for sort=${after.sort}; keep the sort while paging` });
    return z.NEVER;
  }
  return { ...query, sort, after };
});

export const listGroupsParams = z
  .strictObject({ limit: pageLimit, cursor: pageCursor, count: pageCount })
  .meta({ id: 'ListGroupsQuery' });

export const listGroupsQuery = listGroupsParams.transform((query, ctx) => ({ ...query, afterId: decodeKeyCursor(query, ctx) }));
