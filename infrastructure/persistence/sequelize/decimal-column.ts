import { Money } from '../../../domain/shared/money.js';

/**
 * A DECIMAL(10,2) column's value as Money. mysql2 returns DECIMAL as a string ("14.99"); other
 * drivers return a number. Every read of a money column goes through here, so a driver's
 * difference is handled in one place.
 */
export function moneyFromColumn(value: string | number, field = 'price'): Money {
  return Money.fromDecimal(String(value), field);
}
