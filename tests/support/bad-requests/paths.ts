// Path ids: catalog ids and order ids that exist (fine), are missing (404) or are malformed (400), and garbage segments.
import fc from 'fast-check';
import type { RouteSpec } from '../../../interfaces/http/route-spec.js';
import { because, type PathPart } from './reasons.js';
import { MAX_INT } from './values.js';
import type { World } from './world.js';

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

/** A catalog id: existing (fine), well-formed but missing (404), or not a positive integer (400); any id when `existing` is unknown. */
function catalogIds(resourcePath: string, existing: readonly number[] | undefined, etags: World['etags']): fc.Arbitrary<PathPart> {
  const part = (segment: string): PathPart => {
    const path = resourcePath.replace(':id', segment);
    const decoded = tryDecode(segment);
    const n = decoded === undefined ? NaN : Number(decoded.trim());
    // Anything a lenient server might read as a positive integer counts as that id.
    if (Number.isInteger(n) && n >= 1 && n <= MAX_INT) {
      if (!existing || existing.includes(n)) return { path, reasons: [], etag: existing && segment === String(n) ? etags.get(path) : undefined };
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

/** An order id: one of the existing `orders` (fine), a UUID of none (404), or not a UUID (400). */
function orderIds(routePath: string, orders: readonly string[]): fc.Arbitrary<PathPart> {
  const hex = (text: string) => text.toLowerCase().replace(/[^0-9a-f]/g, '');
  const part = (segment: string): PathPart => {
    const path = routePath.replace(':id', segment);
    const decoded = tryDecode(segment);
    // Any spelling with the same hex digits might name the order (case, braces, no dashes).
    if (decoded !== undefined && orders.some((id) => hex(id) === hex(decoded))) return { path, reasons: [] };
    return { path, reasons: [because(`no order ${JSON.stringify(segment)}`)] };
  };
  const existing = fc.constantFrom(...orders);
  return fc
    .oneof(
      { weight: 12, arbitrary: existing },
      { weight: 1, arbitrary: existing.map((id) => id.toUpperCase()) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 3, arbitrary: garbageSegments },
      { weight: 1, arbitrary: existing.chain((id) => fc.constantFrom(`{${id}}`, id.replace(/-/g, ''), `${id}x`, id.slice(0, -1), `${id}%00`, `%7B${id}%7D`)) },
    )
    .map(part);
}

/** The route's path with its `:id` (if any) filled in, and why that id is bad. */
export function pathIds(route: RouteSpec, world: World): fc.Arbitrary<PathPart> {
  if (!route.path.includes(':id')) return fc.constant({ path: route.path, reasons: [] });
  if (route.path.startsWith('/api/orders/')) return orderIds(route.path, world.orders);
  const resource = /^\/api\/(categories|tags|products)\/:id$/.exec(route.path)?.[1] as 'categories' | 'tags' | 'products' | undefined;
  return catalogIds(route.path, resource ? world[resource] : undefined, world.etags);
}
