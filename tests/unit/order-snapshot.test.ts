import { describe, expect, it } from 'vitest';
import { fromSnapshot, orderLine, orderTotal, toSnapshot, type Order } from '../../domain/ordering/order.js';
import { Money } from '../../domain/shared/money.js';

const lines = [orderLine(1, 'Plain Tee', Money.fromDecimal('14.99'), 3), orderLine(2, 'Cap', Money.fromDecimal('0.10'), 7)];
const order: Order = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'a@b.co',
  status: 'placed',
  lines,
  total: orderTotal(lines),
  createdAt: new Date('2026-11-26T12:00:00.000Z'),
  updatedAt: new Date('2026-11-26T12:00:00.000Z'),
};

describe('order snapshot (what an idempotent replay answers)', () => {
  it('carries the amounts as written: a replay reads them back, as the order row does', () => {
    const snapshot = toSnapshot(order);
    expect(snapshot.lines.map((line) => line.lineTotalCents)).toEqual([4497, 70]);
    expect(snapshot.totalCents).toBe(4567);
    expect(fromSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(order);
  });

  it('still replays a record written before the amounts were kept', () => {
    const { totalCents: _total, ...older } = toSnapshot(order);
    const withoutLineTotals = { ...older, lines: older.lines.map(({ lineTotalCents: _line, ...line }) => line) };
    expect(fromSnapshot(withoutLineTotals)).toEqual(order);
  });
});
