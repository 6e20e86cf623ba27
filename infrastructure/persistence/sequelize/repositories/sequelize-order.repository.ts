import { Op, type WhereOptions } from 'sequelize';
import type { Order } from '../../../../domain/ordering/order.js';
import type { OrderStatus } from '../../../../domain/ordering/order-status.js';
import type { OrderFilter, OrderPage, OrderRepository } from '../../../../domain/ordering/order.repository.js';
import type { OrderingModels, OrderRow } from '../models/ordering.models.js';
import { toOrder, toOrderColumns, toOrderLineColumns } from '../ordering.mapper.js';
import type { TransactionContext } from '../transaction-context.js';

export class SequelizeOrderRepository implements OrderRepository {
  constructor(
    private readonly models: OrderingModels,
    private readonly transactions: TransactionContext,
  ) {}

  async create(order: Order, accessDigest: string): Promise<void> {
    const options = this.transactions.options();
    const row = await this.models.Order.create({ ...toOrderColumns(order), access_digest: accessDigest }, options);
    await this.models.OrderLine.bulkCreate(
      order.lines.map((line) => toOrderLineColumns(Number(row.seq), line)),
      options,
    );
  }

  async findById(id: string): Promise<Order | null> {
    const row = await this.models.Order.findOne({ where: { id }, include: [{ model: this.models.OrderLine, as: 'lines' }], ...this.transactions.onPrimary() });
    return row ? toOrder(row) : null;
  }

  async findIdByAccessDigest(digest: string): Promise<string | null> {
    const row = await this.models.Order.findOne({ attributes: ['id'], where: { access_digest: digest }, ...this.transactions.onPrimary() });
    return row?.id ?? null;
  }

  async list(filter: OrderFilter, page: { limit: number; before?: number }): Promise<OrderPage> {
    const where: WhereOptions<OrderRow> = {};
    if (filter.status) where.status = filter.status;
    if (filter.email) where.email = filter.email;
    if (page.before !== undefined) where.seq = { [Op.lt]: page.before };
    // Two statements whatever the page size: the page of orders, then all their lines.
    const rows = await this.models.Order.findAll({ where, order: [['seq', 'DESC']], limit: page.limit + 1, ...this.transactions.onPrimary() });
    const pageRows = rows.slice(0, page.limit);
    const lines = pageRows.length
      ? await this.models.OrderLine.findAll({ where: { order_seq: pageRows.map((r) => r.seq) }, ...this.transactions.onPrimary() })
      : [];
    for (const row of pageRows) row.lines = lines.filter((line) => Number(line.order_seq) === Number(row.seq));
    const more = rows.length > page.limit;
    return { orders: pageRows.map(toOrder), nextBefore: more ? Number(pageRows.at(-1)!.seq) : null };
  }

  async changeStatus(id: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<boolean> {
    const [changed] = await this.models.Order.update(
      { status: to, updated_at: at },
      { where: { id, status: [...from] }, ...this.transactions.onPrimary() },
    );
    return changed > 0;
  }
}
