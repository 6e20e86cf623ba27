// The headers a write route declares, set badly or not at all: If-Match and Idempotency-Key (README).
import fc from 'fast-check';
import type { z } from 'zod';
import type { RouteSpec } from '../../../interfaces/http/route-spec.js';
import { because, type HeaderPart, type PathPart } from './reasons.js';

/** What a header's value is once the server has it: HTTP drops the spaces and tabs around it. */
const asReceived = (value: string) => value.replace(/^[ \t]+|[ \t]+$/g, '');
/** Characters Node lets a client send in a header value. */
const headerText = (maxLength: number) =>
  fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((code) => String.fromCharCode(code)), maxLength });

/** If-Match (README): the write happens only if it names the item's current strong ETag, or is `*`. */
function ifMatchHeaders(path: PathPart): fc.Arbitrary<HeaderPart> {
  const matches = (value: string) => {
    const received = asReceived(value);
    if (received === '*') return true;
    const strong = [...received.matchAll(/(W\/)?"[^"]*"/g)].filter((match) => match[1] === undefined).map((match) => match[0]);
    return path.etag !== undefined && strong.includes(path.etag);
  };
  const etag = path.etag ?? '"none"';
  const values = fc.oneof(
    fc.constantFrom('*', ' * ', etag, `"stale", ${etag}`, '""', `W/${etag}`, '', 'garbage', etag.slice(0, -1), '"a", "b"', '*, "a"'),
    fc.stringMatching(/^[0-9a-zA-Z_-]{1,30}$/).map((text) => `"${text}"`),
    headerText(40),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ headers: {}, reasons: [] }) },
    { weight: 4, arbitrary: values.map((value) => ({ headers: { 'If-Match': value }, reasons: matches(value) ? [] : [because(`If-Match ${JSON.stringify(value)} does not match`)] })) },
  );
}

/** Idempotency-Key (README): 1 to 255 printable ASCII characters, no spaces. */
function idempotencyHeaders(): fc.Arbitrary<HeaderPart> {
  const wellFormed = (value: string) => /^[\x21-\x7e]{1,255}$/.test(asReceived(value));
  const values = fc.oneof(
    fc.stringMatching(/^[\x21-\x7e]{1,64}$/),
    fc.constantFrom('', ' ', 'a b', 'a\tb', 'x'.repeat(255), 'clé', 'key\u00a0x'),
    fc.integer({ min: 256, max: 600 }).map((n) => 'k'.repeat(n)),
    headerText(300),
  );
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant({ headers: {}, reasons: [] }) },
    {
      weight: 5,
      arbitrary: values.map((value) =>
        wellFormed(value)
          ? { headers: { 'Idempotency-Key': value }, reasons: [], idempotent: true }
          : { headers: { 'Idempotency-Key': value }, reasons: [because(`Idempotency-Key ${JSON.stringify(value.slice(0, 40))} is not 1 to 255 printable ASCII characters`)] },
      ),
    },
  );
}

/** Headers for a request to `route` at `path` (whose ETag an If-Match may name). */
export function headerParts(route: RouteSpec, path: PathPart): fc.Arbitrary<HeaderPart> {
  const declared = Object.keys((route.headers as z.ZodObject | undefined)?.shape ?? {});
  if (declared.includes('if-match')) return ifMatchHeaders(path);
  if (declared.includes('idempotency-key')) return idempotencyHeaders();
  return fc.constant({ headers: {}, reasons: [] });
}
