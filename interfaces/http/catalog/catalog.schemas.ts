import { z } from 'zod';
import { EMBEDDED_PRODUCTS_LIMIT } from '../../../domain/catalog/product-listing.js';
import { MAX_PRICE_CENTS, MAX_STOCK } from '../../../domain/catalog/product.js';
import { MAX_ID } from '../../../domain/shared/ids.js';
import { Money } from '../../../domain/shared/money.js';
import { textId } from '../paging.js';
import { plainText } from '../plain-text.js';

// The limits are the domain's (the columns': INT ids and stock, DECIMAL(10,2) prices). Where the
// domain checks one too (price and stock in validProductFields), both stay on purpose: here a
// client gets every bad field in one 400, phrased as the rest of the schema; the domain's check
// keeps the invariant for every other writer (the seed, the bulk import, a future use case).
const MAX_PRICE = MAX_PRICE_CENTS / 100;

export const idParams = z
  .object({ id: textId(MAX_ID).meta({ description: 'A positive integer id' }) })
  .meta({ id: 'IdParams' });

const referenceId = z
  .number()
  .int('must be an integer')
  .positive('must be a positive integer')
  .max(MAX_ID, `must be at most ${MAX_ID}`);

const name = plainText(z.string().trim())
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters');

const price = z
  .number()
  .min(0, 'must not be negative')
  .max(MAX_PRICE, `must be at most ${MAX_PRICE}`)
  // String(n) is the shortest exact spelling of the double: "14.99", or "0.30000000000000004".
  .refine((n) => /^\d+(\.\d{1,2})?$/.test(String(n)), 'must have at most 2 decimals')
  .meta({ description: 'A decimal amount with at most two decimals, stored exactly', example: 14.99 })
  // Money here, at the edge, as price_min and price_max are: the scale is checked just above.
  .transform((n) => Money.fromDecimal(String(n), 'price'));

const stock = z
  .number()
  .int('must be an integer')
  .min(0, 'must not be negative')
  .max(MAX_STOCK, `must be at most ${MAX_STOCK}`)
  .meta({ description: 'Units in stock; 10 when omitted on create', example: 14 });

const productFields = {
  product_name: name.meta({ example: 'Basketball' }),
  price,
  stock,
  category_id: referenceId.nullable().meta({ description: 'The category; null for none', example: 1 }),
  tagIds: z
    .array(referenceId)
    .max(100, 'must hold at most 100 tag ids')
    .meta({ description: 'The product\'s tags; on update, replaces the whole set', example: [1, 2, 3, 4] }),
};

/** DELETE takes no input: no body or `{}`; any field is refused, as on every other route. */
export const deleteBody = z.strictObject({}).optional();

export const categoryBody = z.strictObject({ category_name: name.meta({ example: 'Socks' }) }).meta({ id: 'CategoryInput' });
export const tagBody = z.strictObject({ tag_name: name.meta({ example: 'sale' }) }).meta({ id: 'TagInput' });

export const createProductBody = z
  .strictObject({
    product_name: productFields.product_name,
    price: productFields.price,
    stock: productFields.stock.optional(),
    category_id: productFields.category_id.optional(),
    tagIds: productFields.tagIds.optional(),
  })
  .meta({ id: 'ProductInput' });

export const updateProductBody = z
  .strictObject({
    product_name: productFields.product_name.optional(),
    price: productFields.price.optional(),
    stock: productFields.stock.optional(),
    category_id: productFields.category_id.optional(),
    tagIds: productFields.tagIds.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'must contain at least one field to change')
  .meta({ id: 'ProductUpdate', description: 'Any subset of the product fields; absent fields stay as they are' });

// Responses: documentation only, but written next to the inputs so the two cannot drift apart.
const productSummary = z
  .object({ id: z.int(), product_name: z.string(), price: z.number(), stock: z.int(), category_id: z.int().nullable() })
  .meta({ id: 'ProductSummary' });
export const categoryResponse = z.object({ id: z.int(), category_name: z.string() }).meta({ id: 'Category' });
export const tagResponse = z.object({ id: z.int(), tag_name: z.string() }).meta({ id: 'Tag' });
const embeddedProducts = (filter: string) => ({
  product_count: z.int().meta({ description: 'How many products it has in all' }),
  products_url: z.string().meta({ description: 'The product list filtered to all of them, to page through', example: `/api/products?${filter}=1` }),
  products: z.array(productSummary).meta({ description: `Its first ${EMBEDDED_PRODUCTS_LIMIT} products by id; products_url has the rest` }),
});
export const categoryWithProducts = categoryResponse.extend(embeddedProducts('category_id')).meta({ id: 'CategoryWithProducts' });
export const tagWithProducts = tagResponse.extend(embeddedProducts('tag_id')).meta({ id: 'TagWithProducts' });
export const productResponse = productSummary
  .extend({ category: categoryResponse.nullable(), tags: z.array(tagResponse) })
  .meta({ id: 'Product' });
