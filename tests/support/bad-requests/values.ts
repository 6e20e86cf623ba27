// Values of no particular field: JSON values by type (or of a wrong type), awkward text, numbers beyond the columns.
import fc from 'fast-check';
import { Deep, RawNumber } from './json-text.js';

/** The largest INT a column or path id holds. */
export const MAX_INT = 2_147_483_647;

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

export const deep = (kind: 'array' | 'object') => fc.integer({ min: 20, max: 10_000 }).map((depth) => new Deep(depth, kind));
export const smallJson = fc.jsonValue({ maxDepth: 2 });

export const valuesOfType: Record<Exclude<JsonType, 'integer'>, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1', '14.99', '', 'null', 'true', '[]', '{}')),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e21, 1e308, -1e308, 5e-324)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.oneof(fc.array(smallJson, { maxLength: 5 }), deep('array')),
  object: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 4 }), deep('object')),
};

/** A value of none of the JSON types given ("integer" also allows number). */
export function wrongType(...allowed: JsonType[]): fc.Arbitrary<unknown> {
  const ok = new Set<string>(allowed.flatMap((type) => (type === 'integer' ? ['number'] : [type])));
  return fc.oneof(...Object.entries(valuesOfType).filter(([type]) => !ok.has(type)).map(([, arbitrary]) => arbitrary));
}

// C0 (NUL, tab, newline...), DEL and C1: README, "Text ... must not hold control characters".
export const CONTROL_CHARACTERS = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i)].map((code) =>
  String.fromCharCode(code),
);
export const loneSurrogate = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((code) => String.fromCharCode(code));
const alnum = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
/** The character inside a word, so trimming cannot take it away; a high surrogate is followed by no low one. */
export const inside = (character: fc.Arbitrary<string>) => fc.tuple(alnum, character, alnum).map(([before, c, after]) => `${before}${c}${after}`);
/** More than `min` code points (and UTF-16 units) between two letters: too long however it is counted. */
export const longText = (min: number) =>
  fc
    .oneof(
      fc.array(fc.constantFrom('a', 'é', 'ß', 'Ω', '漢', '🙂', '𝄞', ' ', '-'), { minLength: min, maxLength: 3 * min }).map((units) => units.join('')),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: 2 * min }),
    )
    .map((text) => `x${text}x`);

export const fractional = fc
  .tuple(fc.integer({ min: -1000, max: MAX_INT - 1 }), fc.constantFrom(0.5, 0.25, 0.1, 0.001, 0.999, 1e-9))
  .map(([whole, part]) => whole + part)
  .filter((n) => !Number.isInteger(n));
/** Numbers as JSON text that no price, stock or id accepts: too big for a double, or for the columns, or fractional. */
const rawNumbers = fc.constantFrom('1e400', '-1e400', '12345678901234567890123', '2147483648.0', '0.1e-5', '-0.5e1', '99999999999.999').map((text) => new RawNumber(text));
export const beyondInt = fc.oneof(fc.integer({ min: MAX_INT + 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(2 ** 31, 2 ** 53, 1e21, 1e308), rawNumbers);
