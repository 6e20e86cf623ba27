import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/domain-error.js';
import { Money } from '../../domain/shared/money.js';

describe('Money', () => {
  it('parses decimals exactly into cents', () => {
    expect(Money.fromDecimal('14.99').cents).toBe(1499);
    expect(Money.fromDecimal('90').cents).toBe(9000);
    expect(Money.fromDecimal('0.5').cents).toBe(50);
    expect(Money.fromDecimal('99999999.99').cents).toBe(9_999_999_999);
  });

  it('prints two decimals, the form DECIMAL(10,2) takes', () => {
    expect(Money.fromCents(1499).toDecimal()).toBe('14.99');
    expect(Money.fromCents(9000).toDecimal()).toBe('90.00');
    expect(Money.fromCents(5).toDecimal()).toBe('0.05');
    expect(Money.zero.toDecimal()).toBe('0.00');
  });

  it('adds and multiplies in integers, where floats would drift', () => {
    expect(Money.fromDecimal('0.10').add(Money.fromDecimal('0.20')).toDecimal()).toBe('0.30');
    expect(Money.fromDecimal('14.99').times(3).toDecimal()).toBe('44.97');
    expect(Money.fromDecimal('1.10').times(3).equals(Money.fromDecimal('3.30'))).toBe(true);
  });

  it.each(['14.999', '-1', '1e3', 'abc', '', '1.', '.5', ' 1'])('rejects %j', (text) => {
    expect(() => Money.fromDecimal(text, 'price')).toThrow(DomainError);
  });

  it('rejects negative or fractional cents and names the field', () => {
    expect(() => Money.fromCents(-1, 'price')).toThrow(/price must not be negative/);
    expect(() => Money.fromCents(1.5)).toThrow(DomainError);
    expect(() => Money.fromCents(1).times(-1)).toThrow(DomainError);
  });
});
