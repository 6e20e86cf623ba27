import { z } from 'zod';
import { MAX_STOCK } from '../../../domain/catalog/product.js';
import { MAX_ORDER_ITEMS } from '../../../domain/ordering/order-request.js';
import { ORDER_STATUSES } from '../../../domain/ordering/order-status.js';
import { MAX_ID } from '../../../domain/shared/ids.js';
import { decodeKeyCursor, pageCursor, pageLimit } from '../paging.js';
import { plainText } from '../plain-text.js';

// The email's shape, the item count and each quantity's range are checked here and again by the
// domain (validOrderRequest): here so a client gets every bad field in one 400 with its pointer,
// there because an order is only ever placed valid, whoever calls PlaceOrder.

export const orderIdParams = z
  .object({
    id: z.uuid({ error: 'must be an order id (a UUID)' }).meta({ description: 'The order id', example: '3f1e2a4b-8c9d-4e5f-9a0b-1c2d3e4f5a6b' }),
  })
  .meta({ id: 'OrderIdParams' });

/** pay, fulfil and cancel take no input: no body or `{}`; any field is refused, as on every other route. */
export const orderActionBody = z.strictObject({}).optional();

export const placeOrderBody = z
  .strictObject({
    email: plainText(z.string().trim()).max(254, 'must be at most 254 characters').pipe(z.email({ error: 'must be an email address' })).meta({ example: 'ada@example.com' }),
    items: z
      .array(
        z.strictObject({
          product_id: z.number().int('must be an integer').positive('must be a positive integer').max(MAX_ID, `must be at most ${MAX_ID}`),
          quantity: z.number().int('must be an integer').positive('must be a positive integer').max(MAX_STOCK, `must be at most ${MAX_STOCK}`),
        }),
      )
      .min(1, 'must hold at least one item')
      .max(MAX_ORDER_ITEMS, `must hold at most ${MAX_ORDER_ITEMS} items`)
      .meta({ example: [{ product_id: 1, quantity: 2 }, { product_id: 3, quantity: 1 }] }),
  })
  .meta({ id: 'OrderInput', description: 'Prices are taken from the catalog when the order is placed, never from the client' });

export const placeOrderHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1, { error: 'must not be empty', abort: true })
    .max(255, 'must be at most 255 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
    .optional()
    .meta({
      description:
        'Repeat a request with the same key and body to get the first response again, without a second order. ' +
        '1 to 255 printable ASCII characters, no spaces (! to ~)',
    }),
});

/** The order list's query parameters, as documented; listOrdersQuery also decodes the cursor. */
export const listOrdersParams = z
  .strictObject({
    limit: pageLimit,
    cursor: pageCursor,
    status: z.enum(ORDER_STATUSES, { error: `must be one of ${ORDER_STATUSES.join(', ')}` }).optional(),
    email: plainText().min(1, 'must not be empty').max(254, 'must be at most 254 characters').optional().meta({ description: "Only this customer's orders (case-insensitive)" }),
  })
  .meta({ id: 'ListOrdersQuery' });

export const listOrdersQuery = listOrdersParams.transform((query, ctx) => ({ ...query, before: decodeKeyCursor(query, ctx) }));

const orderItem = z
  .object({
    product_id: z.int().nullable().meta({ description: 'null once the product has been deleted from the catalog' }),
    product_name: z.string(),
    unit_price: z.number(),
    quantity: z.int(),
    line_total: z.number(),
  })
  .meta({ id: 'OrderItem' });

export const orderResponse = z
  .object({
    id: z.string(),
    email: z.string(),
    status: z.enum(ORDER_STATUSES),
    total: z.number(),
    items: z.array(orderItem),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'Order' });

export const placedOrderResponse = orderResponse
  .extend({
    order_token: z
      .string()
      .nullable()
      .meta({
        description:
          'Lets the customer read this order and cancel it while placed: send it as Authorization: Bearer <order_token>. Shown only here; null only when replaying an order placed before tokens existed.',
        example: 'ot_1rWbq7cG2yXo0m6q3Zb1uR9aH4nVt8kLpQe5sD0fJ2w',
      }),
  })
  .meta({ id: 'PlacedOrder' });
