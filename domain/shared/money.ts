import { InvalidInputError } from './domain-error.js';

const DECIMAL = /^(\d+)(?:\.(\d{1,2}))?$/;

/**
 * An amount of money in integer cents. Arithmetic stays in integers, so 14.99 * 3 is exactly
 * 44.97; decimals are parsed and printed only at the edges.
 */
export class Money {
  private constructor(readonly cents: number) {}

  static readonly zero = new Money(0);

  static fromCents(cents: number, field = 'amount'): Money {
    if (!Number.isSafeInteger(cents)) throw new InvalidInputError(field, 'must be a whole number of cents');
    if (cents < 0) throw new InvalidInputError(field, 'must not be negative');
    return new Money(cents);
  }

  /** Parses "14.99", "90" or "0.5" exactly; anything with more than two decimals is rejected. */
  static fromDecimal(text: string, field = 'amount'): Money {
    const match = DECIMAL.exec(text);
    if (!match) throw new InvalidInputError(field, 'must be a non-negative amount with at most 2 decimals');
    const [, units = '0', fraction = ''] = match;
    return Money.fromCents(Number(units) * 100 + Number(fraction.padEnd(2, '0')), field);
  }

  add(other: Money): Money {
    return Money.fromCents(this.cents + other.cents);
  }

  times(quantity: number): Money {
    if (!Number.isSafeInteger(quantity) || quantity < 0) throw new InvalidInputError('quantity', 'must be a non-negative integer');
    return Money.fromCents(this.cents * quantity);
  }

  equals(other: Money): boolean {
    return this.cents === other.cents;
  }

  /** "14.99", always two decimals: the form DECIMAL(10,2) columns take. */
  toDecimal(): string {
    const units = Math.trunc(this.cents / 100);
    const fraction = String(this.cents % 100).padStart(2, '0');
    return `${units}.${fraction}`;
  }
}
