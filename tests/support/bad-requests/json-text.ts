// JSON text as the generators write it: numbers and nesting JSON.stringify cannot (or should not) write, and own `__proto__` fields.
import type { BodyPart, Reason } from './reasons.js';

/** JSON text to put in a body as is, where JSON.stringify could not write it (1e400) or would take too long to. */
const RAW_JSON = /"\\u0001raw:(?:[^"\\]|\\.)*?\\u0001"/g;
const rawJson = (text: string) => `\u0001raw:${text}\u0001`;

/** A number written as JSON text: beyond a double (1e400 reads as Infinity), or digits a double cannot hold. */
export class RawNumber {
  constructor(readonly text: string) {}
  toJSON() {
    return rawJson(this.text);
  }
}

/** A value nested `depth` levels deep, written out when the body is serialised (fast-check need not walk it). */
export class Deep {
  constructor(
    readonly depth: number,
    readonly kind: 'array' | 'object',
  ) {}
  toJSON() {
    return rawJson(this.kind === 'array' ? `${'['.repeat(this.depth)}${']'.repeat(this.depth)}` : `${'{"a":'.repeat(this.depth)}1${'}'.repeat(this.depth)}`);
  }
}

/** JSON.stringify, with RawNumber and Deep values written out as their text. */
export function serialise(value: unknown): string {
  return JSON.stringify(value).replace(RAW_JSON, (literal) => (JSON.parse(literal) as string).slice('\u0001raw:'.length, -1));
}

export const jsonBody = (value: unknown, reasons: readonly Reason[]): BodyPart => ({ payload: serialise(value), contentType: 'application/json', reasons });

/** Sets a field as an own, enumerable property: also `__proto__`, which `obj[key] =` would not. */
export function withField(object: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  return object;
}
