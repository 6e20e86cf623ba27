import { z } from 'zod';
import { needs, orderOwnerOr, PUBLIC } from '../auth/route-access.js';
import type { RouteSpec } from '../route-spec.js';
import type { OrderController } from './order.controller.js';
import { listOrdersParams, orderIdParams, orderResponse, placedOrderResponse, placeOrderBody, placeOrderHeaders } from './order.schemas.js';

const tag = 'Orders';
const one = { status: 200, description: 'The order', schema: orderResponse };

export function orderRoutes(orders: OrderController): RouteSpec[] {
  return [
    {
      method: 'post', path: '/api/orders', handler: orders.place, access: PUBLIC, tag, body: placeOrderBody, headers: placeOrderHeaders,
      summary: 'Place an order at the catalog\'s current prices; stock is taken in the same transaction',
      success: { status: 201, description: 'The order, status placed, with its order_token (shown this once; a repeat with the same Idempotency-Key and body answers the same order and token). Location names it.', schema: placedOrderResponse },
      errors: [400, 409, 413, 415, 422, 503],
    },
    {
      method: 'get', path: '/api/orders', handler: orders.list, access: needs('orders:read'), tag, query: listOrdersParams,
      summary: 'List orders, newest first, a page at a time',
      success: { status: 200, description: 'One page of orders', schema: z.array(orderResponse), headers: { Link: 'rel="next" (while there are more) and rel="first"' } },
      errors: [400, 503],
    },
    { method: 'get', path: '/api/orders/:id', handler: orders.get, access: orderOwnerOr('orders:read'), tag, params: orderIdParams, summary: 'Get one order', success: one, errors: [400, 404, 503] },
    { method: 'post', path: '/api/orders/:id/pay', handler: orders.pay, access: needs('orders:write'), tag, params: orderIdParams, summary: 'Mark a placed order paid (no body, or {})', success: one, errors: [400, 404, 409, 503] },
    { method: 'post', path: '/api/orders/:id/fulfil', handler: orders.fulfil, access: needs('orders:write'), tag, params: orderIdParams, summary: 'Mark a paid order fulfilled (no body, or {})', success: one, errors: [400, 404, 409, 503] },
    {
      method: 'post', path: '/api/orders/:id/cancel', handler: orders.cancel, access: orderOwnerOr('orders:write'), tag, params: orderIdParams,
      summary: 'Cancel an order and return its stock (once, however often asked): the store while placed or paid, its customer while placed; no body, or {}',
      success: one, errors: [400, 404, 409, 503],
    },
  ];
}
