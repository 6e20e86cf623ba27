import type { Request, Response } from 'express';
import type { OrderingUseCases } from '../../../domain/ordering/use-cases/ordering-use-cases.js';
import { principalOf } from '../auth/principal-of.js';
import { DEFAULT_PAGE_SIZE, encodeCursor, setPageHeaders } from '../paging.js';
import { parseRequest } from '../validation.js';
import { presentOrder } from './order.presenter.js';
import { listOrdersQuery, orderActionBody, orderIdParams, placeOrderBody, placeOrderHeaders } from './order.schemas.js';

export class OrderController {
  constructor(private readonly useCases: OrderingUseCases) {}

  place = async (req: Request, res: Response) => {
    const headers = parseRequest(placeOrderHeaders, { 'idempotency-key': req.get('Idempotency-Key') }, 'header');
    const body = parseRequest(placeOrderBody, req.body, 'body');
    const { order, orderToken } = await this.useCases.place.execute({
      email: body.email,
      items: body.items.map((item) => ({ productId: item.product_id, quantity: item.quantity })),
      idempotencyKey: headers['idempotency-key'],
    });
    res.status(201).location(`/api/orders/${order.id}`).json({ ...presentOrder(order), order_token: orderToken });
  };

  list = async (req: Request, res: Response) => {
    const query = parseRequest(listOrdersQuery, req.query, 'query');
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const { before, ...params } = query;
    const page = await this.useCases.list.execute({ status: query.status, email: query.email, limit, before });
    const next = page.nextBefore === null ? null : encodeCursor([page.nextBefore]);
    setPageHeaders(res, '/api/orders', { ...params, limit }, next);
    res.json(page.orders.map(presentOrder));
  };

  get = async (req: Request, res: Response) => {
    const { id } = parseRequest(orderIdParams, req.params, 'path');
    res.json(presentOrder(await this.useCases.get.execute(id)));
  };

  pay = async (req: Request, res: Response) => {
    res.json(presentOrder(await this.useCases.pay.execute(actionOrderId(req))));
  };

  fulfil = async (req: Request, res: Response) => {
    res.json(presentOrder(await this.useCases.fulfil.execute(actionOrderId(req))));
  };

  cancel = async (req: Request, res: Response) => {
    const by = principalOf(res).kind === 'customer' ? 'customer' : 'store';
    res.json(presentOrder(await this.useCases.cancel.execute(actionOrderId(req), by)));
  };
}

/** The order an action route names; the action itself takes no fields. */
function actionOrderId(req: Request): string {
  const { id } = parseRequest(orderIdParams, req.params, 'path');
  parseRequest(orderActionBody, req.body, 'body');
  return id;
}
