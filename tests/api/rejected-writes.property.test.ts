import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteSpec } from '../../interfaces/http/route-spec.js';
import { TOKENS } from '../../src/container/tokens.js';
import { databaseFingerprinter, type DatabaseFingerprint } from '../support/database-snapshot.js';
import { listen } from '../support/http-server.js';
import { createTestApp } from '../support/test-app.js';

/*
 * Property: every generated bad request to a write route, sent with an admin key that has every
 * scope, is answered with a 4xx application/problem+json (never a 5xx, never a 2xx) and leaves
 * every row of every table as it was. The write routes come from the route table, so a new one
 * is fuzzed too (with generic bad bodies and ids until it gets a model below).
 *
 * Every generated request is invalid by construction, judged by this file's own reading of the
 * API's rules (README, "The API" and "Errors"), never by the route's zod schemas: a schema that
 * wrongly accepted something must make this fail, not filter the case away. Each part of a
 * request (path id, headers, body) says why it is bad, if it is; a request whose parts are all
 * fine is dropped. When in doubt a part counts as fine ("0x1" may be read as id 1).
 *
 * The seed is fixed, so every run sends the same requests; fast-check prints it with the path of
 * a failure: FUZZ_SEED=<seed> FUZZ_PATH=<path> replays it (add -t '<route>'), FUZZ_RUNS changes the
 * number of requests per route, and another seed explores further.
 */

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const PATH = process.env.FUZZ_PATH;
const MAX_INT = 2_147_483_647;

// Created at collection time, so that there is one `it` per write route in the route table.
const t = await createTestApp();
const writeRoutes = t.container.get<RouteSpec[]>(TOKENS.Routes).filter((route) => route.method !== 'get');

let baseUrl: string;
let closeServer: () => Promise<void>;
let fingerprint: () => Promise<DatabaseFingerprint>;
let initial: DatabaseFingerprint;
let current: DatabaseFingerprint;
const world = {
  categories: [] as number[],
  tags: [] as number[],
  products: [] as number[],
  orders: [] as string[],
  categoryNames: [] as string[],
  tagNames: [] as string[],
  stock: new Map<number, number>(),
  /** The strong ETag a GET answers now, by path: a matching If-Match must not be the only fault. */
  etags: new Map<string, string>(),
};

beforeAll(async () => {
  // A real listening server with the production clientError handler, reused by every request.
  ({ url: baseUrl, close: closeServer } = await listen(t.app));
  // Orders in each state, for the action routes to find (and refuse to touch).
  const place = async () =>
    (await request(baseUrl).post('/api/orders').send({ email: 'ada@example.com', items: [{ product_id: 1, quantity: 1 }] }).expect(201)).body.id as string;
  const [placed, paid, fulfilled, cancelled] = [await place(), await place(), await place(), await place()];
  await request(baseUrl).post(`/api/orders/${paid}/pay`).set(t.admin).expect(200);
  await request(baseUrl).post(`/api/orders/${fulfilled}/pay`).set(t.admin).expect(200);
  await request(baseUrl).post(`/api/orders/${fulfilled}/fulfil`).set(t.admin).expect(200);
  await request(baseUrl).post(`/api/orders/${cancelled}/cancel`).set(t.admin).expect(200);
  world.orders = [placed!, paid!, fulfilled!, cancelled!];

  const rows = <T extends object>(sql: string) => t.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const categories = await rows<{ id: number; category_name: string }>('SELECT id, category_name FROM category ORDER BY id');
  const tags = await rows<{ id: number; tag_name: string }>('SELECT id, tag_name FROM tag ORDER BY id');
  const products = await rows<{ id: number; stock: number }>('SELECT id, stock FROM product ORDER BY id');
  world.categories = categories.map((row) => row.id);
  world.categoryNames = categories.map((row) => row.category_name);
  world.tags = tags.map((row) => row.id);
  world.tagNames = tags.map((row) => row.tag_name);
  world.products = products.map((row) => row.id);
  for (const row of products) world.stock.set(row.id, Number(row.stock));
  for (const [resource, ids] of [['categories', world.categories], ['tags', world.tags], ['products', world.products]] as const) {
    for (const id of ids) {
      const path = `/api/${resource}/${id}`;
      world.etags.set(path, (await request(baseUrl).get(path).expect(200)).headers.etag!);
    }
  }

  // An admin key's last_used_at is written on its first allowed request and at most once a
  // minute after (README, Security): by design, whatever the request. It is the one column left out.
  fingerprint = await databaseFingerprinter(t.db.sequelize, { ignoreColumns: { api_key: ['last_used_at'] } });
  initial = current = await fingerprint();
});

afterAll(async () => {
  try {
    if (initial) expect((await fingerprint()).digest, 'the database after every rejected request').toBe(initial.digest);
  } finally {
    await closeServer?.();
    await t.close();
  }
});

// ---------------------------------------------------------------------------------------------
// Parts of a request, each with the reasons it is bad (none: it is fine).

interface Reason {
  readonly why: string;
  /** Only a database lookup can tell (a missing reference, a taken name, short stock): the shape is valid. */
  readonly lookup?: boolean;
}

interface PathPart {
  readonly path: string;
  readonly reasons: readonly Reason[];
  /** The existing item the path names, if it surely names one: its ETag may match If-Match. */
  readonly etag?: string;
}

interface HeaderPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly reasons: readonly Reason[];
  /** A well-formed Idempotency-Key: with a body that only a lookup rejects, the key is kept (by design). */
  readonly idempotent?: boolean;
}

interface BodyPart {
  readonly payload?: string | Buffer;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly reasons: readonly Reason[];
}

interface BadRequest {
  readonly method: RouteSpec['method'];
  readonly path: PathPart;
  readonly headers: HeaderPart;
  readonly body: BodyPart;
}

const because = (why: string, lookup = false): Reason => ({ why, lookup });

/** JSON text to put in a body as is, where JSON.stringify could not write it (1e400) or would take too long to. */
const RAW_JSON = /"\\u0001raw:(?:[^"\\]|\\.)*?\\u0001"/g;
const rawJson = (text: string) => `\u0001raw:${text}\u0001`;

/** A number written as JSON text: beyond a double (1e400 reads as Infinity), or digits a double cannot hold. */
class RawNumber {
  constructor(readonly text: string) {}
  toJSON() {
    return rawJson(this.text);
  }
}

/** A value nested `depth` levels deep, written out when the body is serialised (fast-check need not walk it). */
class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
  toJSON() {
    return rawJson(this.kind === 'array' ? `${'['.repeat(this.depth)}${']'.repeat(this.depth)}` : `${'{"a":'.repeat(this.depth)}1${'}'.repeat(this.depth)}`);
  }
}

function serialise(value: unknown): string {
  return JSON.stringify(value).replace(RAW_JSON, (literal) => (JSON.parse(literal) as string).slice('\u0001raw:'.length, -1));
}

const json = (value: unknown, reasons: readonly Reason[]): BodyPart => ({ payload: serialise(value), contentType: 'application/json', reasons });

/** Sets a field as an own, enumerable property: also `__proto__`, which `obj[key] =` would not. */
function withField(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}

// ---------------------------------------------------------------------------------------------
// Values.

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object';

const deep = (kind: 'array' | 'object') => fc.integer({ min: 20, max: 10_000 }).map((depth) => new Deep(depth, kind));
const smallJson = fc.jsonValue({ maxDepth: 2 });

const valuesOfType: Record<Exclude<JsonType, 'integer'>, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('1', '14.99', '', 'null', 'true', '[]', '{}')),
  number: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e21, 1e308, -1e308, 5e-324)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.oneof(fc.array(smallJson, { maxLength: 5 }), deep('array')),
  object: fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), smallJson, { maxKeys: 4 }), deep('object')),
};

/** A value of none of the JSON types given ("integer" also allows number). */
function wrongType(...allowed: JsonType[]): fc.Arbitrary<unknown> {
  const ok = new Set<string>(allowed.flatMap((type) => (type === 'integer' ? ['number'] : [type])));
  return fc.oneof(...Object.entries(valuesOfType).filter(([type]) => !ok.has(type)).map(([, arbitrary]) => arbitrary));
}

// C0 (NUL, tab, newline...), DEL and C1: README, "Text ... must not hold control characters".
const CONTROL_CHARACTERS = [...Array.from({ length: 0x20 }, (_, i) => i), 0x7f, ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i)].map((code) =>
  String.fromCharCode(code),
);
const loneSurrogate = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((code) => String.fromCharCode(code));
const alnum = fc.stringMatching(/^[A-Za-z0-9]{1,10}$/);
/** The character inside a word, so trimming cannot take it away; a high surrogate is followed by no low one. */
const inside = (character: fc.Arbitrary<string>) => fc.tuple(alnum, character, alnum).map(([before, c, after]) => `${before}${c}${after}`);
/** More than `min` code points (and UTF-16 units) between two letters: too long however it is counted. */
const longText = (min: number) =>
  fc
    .oneof(
      fc.array(fc.constantFrom('a', 'é', 'ß', 'Ω', '漢', '🙂', '𝄞', ' ', '-'), { minLength: min, maxLength: 3 * min }).map((units) => units.join('')),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: 2 * min }),
    )
    .map((text) => `x${text}x`);

interface Bad {
  readonly value: unknown;
  readonly reason: Reason;
}
const bad = (why: string, values: fc.Arbitrary<unknown>, lookup = false): fc.Arbitrary<Bad> => values.map((value) => ({ value, reason: because(why, lookup) }));

interface FieldModel {
  /** Values the field accepts; absent when this file does not know them (a route without a model). */
  readonly valid?: fc.Arbitrary<unknown>;
  /** Values it refuses; absent when this file knows none (a field of any type on a route without a model). */
  readonly invalid?: fc.Arbitrary<Bad>;
}

/** Names: trimmed, 1 to 255 characters, no control characters, no lone surrogate. */
function nameField(taken: readonly string[] = []): FieldModel {
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

const fractional = fc
  .tuple(fc.integer({ min: -1000, max: MAX_INT - 1 }), fc.constantFrom(0.5, 0.25, 0.1, 0.001, 0.999, 1e-9))
  .map(([whole, part]) => whole + part)
  .filter((n) => !Number.isInteger(n));
/** Numbers as JSON text that no price, stock or id accepts: too big for a double, or for the columns, or fractional. */
const rawNumbers = fc.constantFrom('1e400', '-1e400', '12345678901234567890123', '2147483648.0', '0.1e-5', '-0.5e1', '99999999999.999').map((text) => new RawNumber(text));
const beyondInt = fc.oneof(fc.integer({ min: MAX_INT + 1, max: Number.MAX_SAFE_INTEGER }), fc.constantFrom(2 ** 31, 2 ** 53, 1e21, 1e308), rawNumbers);

/** README: "price is a JSON number with at most two decimals, from 0 to 99999999.99". */
const isValidPrice = (n: number) => Number.isFinite(n) && n >= 0 && n <= 99_999_999.99 && /^\d+(\.\d{1,2})?$/.test(String(n));
const priceField: FieldModel = {
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
const stockField: FieldModel = {
  valid: fc.integer({ min: 0, max: MAX_INT }),
  invalid: fc.oneof(
    bad('a negative stock', fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 })),
    bad('a stock beyond INT', beyondInt),
    bad('a fractional stock', fractional),
    bad('a stock of the wrong type', wrongType('integer')),
  ),
};

/** An id that refers to a row: a positive integer that exists. */
function referenceField(what: string, ids: readonly number[], nullable = false): FieldModel {
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

/** Puts `item` at `position` (modulo the length + 1) of `list`. */
const insertAt = <T>(list: readonly T[], item: T, position: number): T[] => {
  const at = position % (list.length + 1);
  return [...list.slice(0, at), item, ...list.slice(at)];
};

function tagIdsField(): FieldModel {
  const tagIds = () => fc.shuffledSubarray(world.tags);
  const element = referenceField('a tag id', world.tags).invalid!;
  return {
    valid: tagIds(),
    invalid: fc.oneof(
      bad('tagIds of the wrong type', wrongType('array')),
      fc.tuple(tagIds(), element, fc.nat()).map(([ids, wrong, at]) => ({ value: insertAt(ids, wrong.value, at), reason: wrong.reason })),
      bad('a repeated tag id', fc.shuffledSubarray(world.tags, { minLength: 1 }).chain((ids) => fc.constantFrom(...ids).map((id) => [...ids, id]))),
      bad('more than 100 tag ids', fc.array(fc.integer({ min: 1, max: MAX_INT }), { minLength: 101, maxLength: 130 })),
    ),
  };
}

/** Only strings that are no email address under any reading: no @, a misplaced @, a space, too long, control characters. */
const emailField: FieldModel = {
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

function itemsField(): FieldModel {
  const inStock = world.products.filter((id) => (world.stock.get(id) ?? 0) > 0);
  const validItems = fc
    .shuffledSubarray(inStock, { minLength: 1, maxLength: 3 })
    .chain((ids) => fc.tuple(...ids.map((id) => fc.integer({ min: 1, max: world.stock.get(id)! }).map((quantity) => ({ product_id: id, quantity })))));
  const quantity = fc.oneof(
    bad('a quantity that is not a positive integer', fc.oneof(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }), fractional)),
    bad('a quantity beyond INT', beyondInt),
    bad('a quantity of the wrong type', wrongType('integer')),
  );
  const productId = referenceField('a product id', world.products).invalid!;
  const badItem: fc.Arbitrary<Bad> = fc.oneof(
    bad('an item that is not an object', wrongType('object')),
    fc.tuple(fc.constantFrom(...inStock), productId).map(([, wrong]) => ({ value: { product_id: wrong.value, quantity: 1 }, reason: wrong.reason })),
    fc.tuple(fc.constantFrom(...inStock), quantity).map(([id, wrong]) => ({ value: { product_id: id, quantity: wrong.value }, reason: wrong.reason })),
    bad('an item without a quantity', fc.constantFrom(...inStock).map((id) => ({ product_id: id }))),
    bad('an item without a product_id', fc.integer({ min: 1, max: 5 }).map((n) => ({ quantity: n }))),
    bad('an item with an unknown field', fc.tuple(fc.constantFrom(...inStock), smallJson).map(([id, price]) => ({ product_id: id, quantity: 1, price }))),
  );
  // One item of a valid order asks for more than there is: only the stock can tell.
  const overStock = validItems.chain((items) =>
    fc.nat(items.length - 1).chain((at) => {
      const id = items[at]!.product_id;
      const quantity = fc.integer({ min: world.stock.get(id)! + 1, max: MAX_INT });
      return bad('more than is in stock', quantity.map((n) => items.map((item, i) => (i === at ? { product_id: id, quantity: n } : item))), true);
    }),
  );
  return {
    valid: validItems,
    invalid: fc.oneof(
      bad('items of the wrong type', wrongType('array')),
      bad('no items', fc.constant([])),
      bad('more than 100 items', fc.integer({ min: 101, max: 130 }).map((n) => Array.from({ length: n }, (_, i) => ({ product_id: i + 1, quantity: 1 })))),
      fc.tuple(validItems, badItem, fc.nat()).map(([items, wrong, at]) => ({ value: insertAt(items, wrong.value, at), reason: wrong.reason })),
      bad('a product twice', validItems.map((items) => [...items, { product_id: items[0]!.product_id, quantity: 1 }])),
      overStock,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Bodies.

interface BodyModel {
  readonly fields: Readonly<Record<string, FieldModel>>;
  readonly required: readonly string[];
  /** PUT /api/products/:id: any subset of the fields, but not none. */
  readonly atLeastOne?: boolean;
  /** The route takes no body at all, or `{}` (README: order actions; and DELETE, like every route, refuses fields). */
  readonly noBody?: boolean;
}

/** What this file knows about the bodies of the routes in the route table that take one. */
function knownModels(): Record<string, () => BodyModel> {
  const product = () => ({
    product_name: nameField(),
    price: priceField,
    stock: stockField,
    category_id: referenceField('a category id', world.categories, true),
    tagIds: tagIdsField(),
  });
  return {
    'post /api/categories': () => ({ fields: { category_name: nameField(world.categoryNames) }, required: ['category_name'] }),
    'put /api/categories/:id': () => ({ fields: { category_name: nameField() }, required: ['category_name'] }),
    'post /api/tags': () => ({ fields: { tag_name: nameField(world.tagNames) }, required: ['tag_name'] }),
    'put /api/tags/:id': () => ({ fields: { tag_name: nameField() }, required: ['tag_name'] }),
    'post /api/products': () => ({ fields: product(), required: ['product_name', 'price'] }),
    'put /api/products/:id': () => ({ fields: product(), required: [], atLeastOne: true }),
    'post /api/orders': () => ({ fields: { email: emailField, items: itemsField() }, required: ['email', 'items'] }),
  };
}

const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;

/** The body schema's properties, required fields and JSON types, as the OpenAPI document has them. */
function schemaOf(body: z.ZodType): { properties: Record<string, { type?: string; anyOf?: Array<{ type?: string }> }>; required: string[] } {
  const document = z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const ref = typeof document.$ref === 'string' ? document.$ref.split('/').pop()! : undefined;
  const schema = (ref ? (document.$defs as Record<string, Record<string, unknown>>)[ref] : document) as Record<string, unknown>;
  return { properties: (schema.properties ?? {}) as never, required: (schema.required ?? []) as string[] };
}

function modelFor(route: RouteSpec): BodyModel {
  if (!route.body) return { fields: {}, required: [], noBody: true };
  const known = knownModels()[routeKey(route)];
  if (known) return known();
  // A route this file has no model for: only values of a type the schema does not allow.
  const { properties, required } = schemaOf(route.body);
  const fields: Record<string, FieldModel> = {};
  for (const [name, property] of Object.entries(properties)) {
    const types = [property.type, ...(property.anyOf ?? []).map((option) => option.type)].filter((type): type is JsonType => typeof type === 'string');
    // A field of any type has no wrong one: it is only left out of the unknown fields.
    fields[name] = { invalid: types.length > 0 ? bad(`${name} of the wrong type`, wrongType(...types)) : undefined };
  }
  return { fields, required };
}

type Change = { kind: 'set'; field: string; bad: Bad } | { kind: 'drop'; field: string } | { kind: 'extra'; key: string; value: unknown };

/** Objects: a valid body (when known) with wrong values, missing fields and unknown fields. */
function objectBodies(model: BodyModel): fc.Arbitrary<BodyPart> {
  const names = Object.keys(model.fields);
  const validBase: fc.Arbitrary<Record<string, unknown>> = names.every((name) => model.fields[name]!.valid)
    ? fc.record(Object.fromEntries(names.map((name) => [name, model.fields[name]!.valid!])), { requiredKeys: [...model.required] })
    : fc.constant({});
  const unknownKey = fc
    .oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'ID', 'Price', 'tag_ids', 'category', 'tags', 'status', 'order_token', 'product_name ', ''),
      fc.string({ maxLength: 12 }),
    )
    .filter((key) => !names.includes(key));
  const changes: Array<fc.Arbitrary<Change>> = [fc.tuple(unknownKey, fc.oneof(smallJson, deep('object'))).map(([key, value]) => ({ kind: 'extra' as const, key, value }))];
  if (names.length > 0) {
    const settable = names.filter((name) => model.fields[name]!.invalid);
    if (settable.length > 0) changes.push(fc.constantFrom(...settable).chain((field) => model.fields[field]!.invalid!.map((wrong) => ({ kind: 'set' as const, field, bad: wrong }))));
    const droppable = model.atLeastOne ? names : model.required;
    if (droppable.length > 0) changes.push(fc.constantFrom(...droppable).map((field) => ({ kind: 'drop' as const, field })));
  }
  // Mostly one fault at a time, so that each is what the route has to find.
  const someChanges = fc.oneof(
    { weight: 6, arbitrary: fc.oneof(...changes).map((change) => [change]) },
    { weight: 3, arbitrary: fc.array(fc.oneof(...changes), { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constant([]) },
  );
  return fc.tuple(validBase, someChanges).map(([base, list]) => {
    const body: Record<string, unknown> = { ...base };
    const faults = new Map<string, Reason | null>(Object.keys(base).map((key) => [key, null]));
    for (const change of list) {
      if (change.kind === 'set') {
        withField(body, change.field, change.bad.value);
        faults.set(change.field, change.bad.reason);
      } else if (change.kind === 'drop') {
        delete body[change.field];
        faults.delete(change.field);
      } else {
        withField(body, change.key, change.value);
        faults.set(change.key, because(`an unknown field ${JSON.stringify(change.key)}`));
      }
    }
    const reasons = [...faults.values()].filter((reason): reason is Reason => reason !== null);
    for (const field of model.required) if (!faults.has(field)) reasons.push(because(`no ${field}`));
    if (model.atLeastOne && faults.size === 0) reasons.push(because('no field to change'));
    return json(body, reasons);
  });
}

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

const malformedJson: fc.Arbitrary<Buffer> = fc
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

const COMPRESS: Record<string, (payload: string | Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };

/** Every body a route can be sent that is bad, or (sometimes) fine, so that the path or headers must be what is bad. */
function bodies(model: BodyModel): fc.Arbitrary<BodyPart> {
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
      arbitrary: fc.integer({ min: 102_401, max: 160_000 }).map((size) => json({ padding: 'x'.repeat(size) }, [because('a body over 100 kB')])),
    },
  ];
  if (!Object.keys(model.fields).includes('a')) {
    arbitraries.push({ weight: 1, arbitrary: deep('object').map((value) => json(value, [because('an unknown field "a", deeply nested')])) });
  }
  if (model.noBody) arbitraries.push({ weight: 2, arbitrary: fc.constant({ reasons: [] }) });
  return fc.oneof(...arbitraries);
}

// ---------------------------------------------------------------------------------------------
// Path ids and headers.

function tryDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // A lone surrogate, as UTF-8 would spell it: no escape decodes to one.
  }
}

const garbageSegments = fc.oneof(
  fc.constantFrom(
    '0', '-1', '1.5', 'abc', '1e3', '0x1', '+1', '01', '00', '2147483648', '99999999999999999999', '%zz', '%', '%E0%A4%A', '%C0%AF', '1%2', 'NaN', 'Infinity',
    'null', 'undefined', 'true', '%20', '1%00', '%2F', '1%2F2', '1;2', '1,2', "1'", '1%27%20OR%201%3D1', '-0', '1n', '__proto__', 'constructor', '%F0%9F%99%82',
  ),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }).map(String),
  fc.integer({ min: MAX_INT + 1, max: Number.MAX_SAFE_INTEGER }).map(String),
  fc.bigInt({ min: 10n ** 16n, max: 10n ** 40n }).map(String),
  fc.double().map(String).map(encode),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(encode),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(encode),
  fc.stringMatching(/^(%[0-9A-Fa-f]{0,2}|[a-z0-9]){1,12}$/),
  // A request line over 16 kB: Node's parser refuses it before Express sees it (431).
  fc.integer({ min: 17_000, max: 20_000 }).map((n) => '9'.repeat(n)),
);

/** A catalog id: existing (fine), well-formed but missing (404), or not a positive integer (400). */
function catalogIds(resourcePath: string, existing: readonly number[] | undefined): fc.Arbitrary<PathPart> {
  const part = (segment: string): PathPart => {
    const path = resourcePath.replace(':id', segment);
    const decoded = tryDecode(segment);
    const n = decoded === undefined ? NaN : Number(decoded.trim());
    // Anything a lenient server might read as a positive integer counts as that id.
    if (Number.isInteger(n) && n >= 1 && n <= MAX_INT) {
      if (!existing || existing.includes(n)) return { path, reasons: [], etag: existing && segment === String(n) ? world.etags.get(path) : undefined };
      return { path, reasons: [because(`no item ${n}`)] };
    }
    return { path, reasons: [because(`path id ${JSON.stringify(segment)} is not a positive integer`)] };
  };
  const arbitraries: Array<fc.WeightedArbitrary<string>> = [{ weight: 4, arbitrary: garbageSegments }];
  if (existing) {
    arbitraries.push({ weight: 12, arbitrary: fc.constantFrom(...existing).map(String) });
    arbitraries.push({ weight: 2, arbitrary: fc.integer({ min: 1, max: MAX_INT }).map(String) });
  }
  return fc.oneof(...arbitraries).filter((segment) => segment !== '').map(part);
}

/** An order id: an existing order (fine), a UUID of none (404), or not a UUID (400). */
function orderIds(routePath: string): fc.Arbitrary<PathPart> {
  const hex = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, '');
  const part = (segment: string): PathPart => {
    const path = routePath.replace(':id', segment);
    const decoded = tryDecode(segment);
    // Any spelling with the same hex digits might name the order (case, braces, no dashes).
    if (decoded !== undefined && world.orders.some((id) => hex(id) === hex(decoded))) return { path, reasons: [] };
    return { path, reasons: [because(`no order ${JSON.stringify(segment)}`)] };
  };
  const orders = fc.constantFrom(...world.orders);
  return fc
    .oneof(
      { weight: 12, arbitrary: orders },
      { weight: 1, arbitrary: orders.map((id) => id.toUpperCase()) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: garbageSegments },
      { weight: 1, arbitrary: orders.chain((id) => fc.constantFrom(`{${id}}`, id.replace(/-/g, ''), `${id}x`, id.slice(0, -1), `${id}%00`, `%7B${id}%7D`)) },
    )
    .map(part);
}

function pathIds(route: RouteSpec): fc.Arbitrary<PathPart> {
  if (!route.path.includes(':id')) return fc.constant({ path: route.path, reasons: [] });
  if (route.path.startsWith('/api/orders/')) return orderIds(route.path);
  const resource = /^\/api\/(categories|tags|products)\/:id$/.exec(route.path)?.[1] as 'categories' | 'tags' | 'products' | undefined;
  return catalogIds(route.path, resource ? world[resource] : undefined);
}

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

function headerParts(route: RouteSpec, path: PathPart): fc.Arbitrary<HeaderPart> {
  const declared = Object.keys((route.headers as z.ZodObject | undefined)?.shape ?? {});
  if (declared.includes('if-match')) return ifMatchHeaders(path);
  if (declared.includes('idempotency-key')) return idempotencyHeaders();
  return fc.constant({ headers: {}, reasons: [] });
}

const reasonsOf = (request: BadRequest) => [...request.path.reasons, ...request.headers.reasons, ...request.body.reasons];

/** Requests to `route` that must all be refused; ones that might be fine are dropped. */
function badRequests(route: RouteSpec): fc.Arbitrary<BadRequest> {
  const model = modelFor(route);
  return pathIds(route)
    .chain((path) => fc.record({ path: fc.constant(path), headers: headerParts(route, path), body: bodies(model) }))
    // fast-check prints a counterexample this way: the payload cut short, with why it is bad.
    .map((parts): BadRequest => Object.assign({ method: route.method, ...parts }, { [fc.toStringMethod]: () => describeRequest({ method: route.method, ...parts }) }))
    .filter((candidate) => {
      const reasons = reasonsOf(candidate);
      if (reasons.length === 0) return false;
      // With a well-formed Idempotency-Key, a request refused only after a lookup is kept, answer and all (by design).
      if (candidate.headers.idempotent && reasons.every((reason) => reason.lookup)) return false;
      return true;
    });
}

// ---------------------------------------------------------------------------------------------
// Sending and checking.

function send(bad: BadRequest) {
  let req = request(baseUrl)[bad.method](bad.path.path).set(t.admin).set(bad.headers.headers);
  if (bad.body.contentType) req = req.set('Content-Type', bad.body.contentType);
  if (bad.body.contentEncoding) req = req.set('Content-Encoding', bad.body.contentEncoding);
  if (bad.body.payload === undefined) return req;
  // As is: superagent would send a Buffer under a JSON Content-Type as {"type":"Buffer","data":[...]}.
  return Buffer.isBuffer(bad.body.payload) ? req.serialize((payload) => payload).send(bad.body.payload) : req.send(bad.body.payload);
}

const LEAKS = [
  /\bat [^\s()]+ \(?[^\s()]*\.(?:[cm]?js|ts):\d+:\d+/, // a stack frame
  /node_modules|Sequelize\w*Error|\bER_[A-Z_]{4,}|SQLITE_[A-Z]+/,
  /\b(?:SELECT\b[\s\S]+\bFROM|INSERT INTO|UPDATE\b[\s\S]+\bSET|DELETE FROM)\b/i,
];

function describeRequest(bad: BadRequest): string {
  const payload = bad.body.payload === undefined ? '(no body)' : String(bad.body.payload).slice(0, 300);
  const headers = { ...bad.headers.headers, ...(bad.body.contentType && { 'Content-Type': bad.body.contentType }), ...(bad.body.contentEncoding && { 'Content-Encoding': bad.body.contentEncoding }) };
  return `${bad.method.toUpperCase()} ${bad.path.path.slice(0, 200)} ${JSON.stringify(headers).slice(0, 300)} ${payload}\n  bad because: ${reasonsOf(bad).map((reason) => reason.why).join('; ')}`;
}

/** The answer is a 4xx problem+json that gives nothing away; throws saying what is wrong. */
function checkAnswer(res: request.Response): void {
  const faults: string[] = [];
  if (res.status < 400 || res.status > 499) faults.push(`status ${res.status}, not a 4xx`);
  const type = String(res.headers['content-type'] ?? '');
  if (!/^application\/problem\+json\b/.test(type)) faults.push(`Content-Type ${JSON.stringify(type)}`);
  const body = (res.body ?? {}) as Record<string, unknown>;
  for (const field of ['type', 'title', 'detail', 'code']) if (typeof body[field] !== 'string' || body[field] === '') faults.push(`no ${field}`);
  if (body.status !== res.status) faults.push(`body status ${JSON.stringify(body.status)}`);
  const leak = LEAKS.find((pattern) => pattern.test(res.text ?? ''));
  if (leak) faults.push(`a leak (${leak})`);
  if (faults.length > 0) throw new Error(`${faults.join(', ')}\n  answer: ${res.status} ${(res.text ?? '').slice(0, 500)}`);
}

function describeChange(before: DatabaseFingerprint, after: DatabaseFingerprint): string {
  const tables = [...new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])].sort();
  return tables
    .flatMap((table) => {
      const was = new Set(before.tables[table] ?? []);
      const now = new Set(after.tables[table] ?? []);
      const gone = [...was].filter((row) => !now.has(row)).map((row) => `  - ${table}: ${row.slice(0, 200)}`);
      const added = [...now].filter((row) => !was.has(row)).map((row) => `  + ${table}: ${row.slice(0, 200)}`);
      return [...gone, ...added];
    })
    .join('\n');
}

async function refused(bad: BadRequest): Promise<void> {
  let res: request.Response;
  try {
    res = await send(bad);
  } catch (error) {
    throw new Error(`no answer: ${(error as Error).message}\n  request: ${describeRequest(bad)}`);
  }
  // After every request, rejected or not: a write is reported against the request that made it.
  const before = current;
  current = await fingerprint();
  const changed = current.digest !== before.digest ? `the database changed:\n${describeChange(before, current)}` : undefined;
  try {
    checkAnswer(res);
  } catch (error) {
    throw new Error(`${(error as Error).message}${changed ? `\n  and ${changed}` : ''}\n  request: ${describeRequest(bad)}`);
  }
  if (changed) throw new Error(`${changed}\n  answer: ${res.status} ${(res.text ?? '').slice(0, 300)}\n  request: ${describeRequest(bad)}`);
}

describe('generated bad requests to every write route: a 4xx problem+json, and no row changes', () => {
  it('covers every write route in the route table, with a model of each body this file knows', () => {
    const known = knownModels();
    expect(writeRoutes.map(routeKey)).toEqual(expect.arrayContaining(['post /api/orders', 'post /api/orders/:id/pay', 'delete /api/products/:id']));
    for (const route of writeRoutes) {
      const model = known[routeKey(route)];
      if (!route.body || !model) continue;
      // A field added to a schema must be added to its model here, to be fuzzed with values of its own.
      const { properties, required } = schemaOf(route.body);
      const { fields, required: modelRequired } = model();
      expect(Object.keys(fields).sort(), routeKey(route)).toEqual(Object.keys(properties).sort());
      expect([...modelRequired].sort(), routeKey(route)).toEqual([...required].sort());
    }
  });

  it.each(writeRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s',
    async (_name, route) => {
      await fc.assert(fc.asyncProperty(badRequests(route), refused), { numRuns: NUM_RUNS, seed: SEED, ...(PATH && { path: PATH }) });
    },
    300_000,
  );
});
