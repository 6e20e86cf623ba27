// Bodies that are no JSON at all: broken syntax, random bytes, unbalanced nesting, JSON cut short.
import fc from 'fast-check';
import { smallJson } from './values.js';

/** Text that is no JSON once decoded as UTF-8 (as body-parser does: bad bytes become U+FFFD, a BOM is dropped). */
function isMalformedJson(payload: Buffer): boolean {
  const text = payload.toString('utf8').replace(/^\uFEFF/, '');
  if (text.length === 0) return false;
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

export const malformedJson: fc.Arbitrary<Buffer> = fc
  .oneof(
    fc.constantFrom(
      '{', '}', '{"a":', '{"category_name": }', "{'tag_name': 'x'}", '{"a":1,}', '[1,]', 'NaN', 'Infinity', '-', 'undefined', '{"a" 1}', '01', '1.', '.5', '+1',
      '"unterminated', '{"a":"\\x41"}', '{"a":"\\ud8"}', 'nul', 'tru', '{}}', '{} {}', '[]]', '{"a":1}garbage', '\u0000', '{"a":1}\u0000', '/* */ {}', '{"a":01}',
      '{"email":"a@b.co","items":[{"product_id":1,"quantity":1}]', ' ',
    ).map((text) => Buffer.from(text)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map((text) => Buffer.from(text)),
    fc.uint8Array({ minLength: 1, maxLength: 60 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: 1, max: 20_000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth - 1)}`)),
    fc.tuple(smallJson, fc.nat()).map(([value, cut]) => {
      const text = JSON.stringify({ category_name: 'x', value });
      return Buffer.from(text.slice(0, cut % text.length));
    }),
  )
  .filter(isMalformedJson);
