// Models of the catalog and order fields, by the README's rules: names, price, stock, references, tagIds, email.
import fc from 'fast-check';
import { RawNumber } from './json-text.js';
import { bad, insertAt, type FieldModel } from './field-model.js';
import { beyondInt, CONTROL_CHARACTERS, fractional, inside, loneSurrogate, longText, MAX_INT, wrongType } from './values.js';

/** Names: trimmed, 1 to 255 characters, no control characters, no lone surrogate; `taken` ones clash. */
export function nameField(taken: readonly string[] = []): FieldModel {
  const invalid = [
    bad('a name of the wrong type', wrongType('string')),
    bad('an empty name', fc.constantFrom('', ' ', '    ')),
    bad('a name over 255 characters', longText(256)),
    bad('a control character in a name', inside(fc.constantFrom(...CONTROL_CHARACTERS))),
    bad('a lone surrogate in a name', inside(loneSurrogate)),
  ];
  if (taken.length > 0) {
    const variants = fc.constantFrom(...taken).chain((name) => fc.constantFrom(name, name.toUpperCase(), name.toLowerCase(), ` ${name} `));
    invalid.push(bad('a name already taken (ignoring case)', variants, true));
  }
  return { valid: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 -]{0,30}[A-Za-z0-9]$/).map((name) => `Fuzz ${name}`), invalid: fc.oneof(...invalid) };
}

/** README: "price is a JSON number with at most two decimals, from 0 to 99999999.99". */
const isValidPrice = (n: number) => Number.isFinite(n) && n >= 0 && n <= 99_999_999.99 && /^\d+(\.\d{1,2})?$/.test(String(n));
export const priceField: FieldModel = {
  valid: fc.integer({ min: 0, max: 9_999_999_999 }).map((cents) => cents / 100),
  invalid: fc.oneof(
    bad('a negative price', fc.oneof(fc.integer({ min: -9_999_999_999, max: -1 }).map((cents) => cents / 100), fc.constantFrom(-1e308, -0.01))),
    bad('a price over 99999999.99', fc.oneof(fc.integer({ min: 10_000_000_000, max: Number.MAX_SAFE_INTEGER }).map((cents) => cents / 100), beyondInt)),
    bad('a price with three decimals', fc.integer({ min: 0, max: 99_999_999_999 }).filter((m) => m % 10 !== 0).map((m) => m / 1000)),
    bad('a price written with three decimals', fc.integer({ min: 0, max: 9_999_999 }).chain((whole) => fc.integer({ min: 1, max: 9 }).map((d) => new RawNumber(`${whole}.00${d}`)))),
    bad('a price with more than two decimals', fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.1 + 0.2, 1e-7, 5e-324)).filter((n) => !isValidPrice(n))),
    bad('a price of the wrong type', wrongType('number')),
  ),
};

/** README: "stock is an integer from 0 to 2147483647". */
export const stockField: FieldModel = {
  valid: fc.integer({ min: 0, max: MAX_INT }),
  invalid: fc.oneof(
    bad('a negative stock', fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 })),
    bad('a stock beyond INT', beyondInt),
    bad('a fractional stock', fractional),
    bad('a stock of the wrong type', wrongType('integer')),
  ),
};

/** An id that refers to a row: a positive integer among the existing `ids`. */
export function referenceField(what: string, ids: readonly number[], nullable = false): FieldModel {
  const valid = fc.constantFrom(...ids);
  return {
    valid: nullable ? fc.oneof(valid, fc.constant(null)) : valid,
    invalid: fc.oneof(
      bad(`${what} that is not a positive integer`, fc.oneof(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }), fractional)),
      bad(`${what} beyond INT`, beyondInt),
      bad(`${what} of the wrong type`, nullable ? wrongType('integer', 'null') : wrongType('integer')),
      bad(`${what} that does not exist`, fc.integer({ min: 1, max: MAX_INT }).filter((id) => !ids.includes(id)), true),
    ),
  };
}

/** A product's tagIds: distinct existing tag ids (`tags`), at most 100. */
export function tagIdsField(tags: number[]): FieldModel {
  const tagIds = () => fc.shuffledSubarray(tags);
  const element = referenceField('a tag id', tags).invalid!;
  return {
    valid: tagIds(),
    invalid: fc.oneof(
      bad('tagIds of the wrong type', wrongType('array')),
      fc.tuple(tagIds(), element, fc.nat()).map(([ids, wrong, at]) => ({ value: insertAt(ids, wrong.value, at), reason: wrong.reason })),
      bad('a repeated tag id', fc.shuffledSubarray(tags, { minLength: 1 }).chain((ids) => fc.constantFrom(...ids).map((id) => [...ids, id]))),
      bad('more than 100 tag ids', fc.array(fc.integer({ min: 1, max: MAX_INT }), { minLength: 101, maxLength: 130 })),
    ),
  };
}

/** Only strings that are no email address under any reading: no @, a misplaced @, a space, too long, control characters. */
export const emailField: FieldModel = {
  valid: fc.constantFrom('ada@example.com', 'grace.hopper@example.org', 'x+y@example.co.uk'),
  invalid: fc.oneof(
    bad('an email of the wrong type', wrongType('string')),
    bad('an email without @', fc.string({ maxLength: 40 }).filter((text) => !text.includes('@'))),
    bad(
      'an email with a misplaced @ or a space',
      fc.stringMatching(/^[a-z]{1,10}$/).chain((local) =>
        fc.constantFrom(`${local}@`, `@${local}.com`, `${local}@@example.com`, `${local} x@example.com`, `${local}@exa mple.com`, `${local}@example.com@x`),
      ),
    ),
    bad('a control character in an email', fc.constantFrom(...CONTROL_CHARACTERS).map((c) => `ada${c}x@example.com`)),
    bad('a lone surrogate in an email', loneSurrogate.map((s) => `ada${s}x@example.com`)),
    bad('an email over 254 characters', fc.integer({ min: 243, max: 400 }).map((n) => `${'a'.repeat(n)}@example.com`)),
  ),
};
