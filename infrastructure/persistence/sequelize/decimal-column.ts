import { Money } from '../../../domain/shared/money.js';

/**
 * A DECIMAL(p,2) column's value as Money. Every read of a money column goes through here, so the
 * drivers' difference is handled in one place:
 * - mysql2 returns DECIMAL as a string ("14.99"), exact.
 * - SQLite stores DECIMAL with numeric affinity: "14.99" is kept as the double nearest 14.99, and
 *   "90.00" as the integer 90, and sqlite3 returns numbers. Every amount the API accepts (at most
 *   15 significant digits) round-trips exactly through a double, so the number is read back as
 *   its two-decimal form, and only if that form is exactly the same double: a value with more
 *   decimals (say, a sum computed in SQL) is refused, never rounded.
 */
export function moneyFromColumn(value: string | number, field = 'price'): Money {
  if (typeof value === 'number') {
    const text = value.toFixed(2);
    if (!Number.isFinite(value) || Number(text) !== value) {
      throw new Error(`${field} column holds ${value}, which is not an amount in cents`);
    }
    return Money.fromDecimal(text, field);
  }
  return Money.fromDecimal(String(value), field);
}
