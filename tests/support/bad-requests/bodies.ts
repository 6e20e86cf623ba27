// Every body a write route is sent: bad objects, non-objects, malformed JSON, wrong media types and encodings, compressed, too large.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { BodyModel } from './body-models.js';
import { jsonBody, serialise } from './json-text.js';
import { malformedJson } from './malformed-json.js';
import { objectBodies } from './object-bodies.js';
import { because, type BodyPart } from './reasons.js';
import { deep, smallJson, valuesOfType } from './values.js';

const COMPRESS: Record<string, (payload: string | Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/** Every body a route can be sent that is bad, or (sometimes) fine, so that the path or headers must be what is bad. */
export function bodies(model: BodyModel): fc.Arbitrary<BodyPart> {
  const objects = objectBodies(model);
  const someObjectJson = objects.map((part) => part.payload as string);
  const notAnObject = because('a body that is not an object');
  const arbitraries: Array<fc.WeightedArbitrary<BodyPart>> = [
    { weight: 12, arbitrary: objects },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.oneof(fc.constant(null), fc.boolean(), valuesOfType.number, valuesOfType.string, fc.array(smallJson, { maxLength: 4 }), deep('array')).map(serialise),
          someObjectJson.map((text) => `[${text}]`),
        )
        .map((payload) => ({ payload, contentType: 'application/json', reasons: [notAnObject] })),
    },
    { weight: 2, arbitrary: malformedJson.map((payload) => ({ payload, contentType: 'application/json', reasons: [because('malformed JSON')] })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json', 'application/json; charset=latin1'), someObjectJson)
        .map(([contentType, payload]) => ({ payload, contentType, reasons: [because(`a body sent as ${contentType}`)] })),
    },
    {
      weight: 1,
      // JSON text starts with "{", which no gzip or zlib stream does.
      arbitrary: fc
        .tuple(fc.constantFrom('gzip', 'deflate', 'compress', 'x-unknown'), someObjectJson)
        .map(([contentEncoding, payload]) => ({ payload, contentType: 'application/json', contentEncoding, reasons: [because(`plain JSON sent as ${contentEncoding}`)] })),
    },
    {
      weight: 1,
      // Well compressed: the server inflates it and then finds what is wrong with it (if anything).
      arbitrary: fc.tuple(fc.constantFrom('gzip', 'deflate', 'br'), objects).map(([contentEncoding, part]) => ({ ...part, contentEncoding, payload: COMPRESS[contentEncoding]!(part.payload!) })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 102_401, max: 160_000 }).map((size) => jsonBody({ padding: 'x'.repeat(size) }, [because('a body over 100 kB')])),
    },
  ];
  if (!Object.keys(model.fields).includes('a')) {
    arbitraries.push({ weight: 1, arbitrary: deep('object').map((value) => jsonBody(value, [because('an unknown field "a", deeply nested')])) });
  }
  if (model.noBody) arbitraries.push({ weight: 2, arbitrary: fc.constant({ reasons: [] }) });
  return fc.oneof(...arbitraries);
}
