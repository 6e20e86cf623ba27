import { randomUUID } from 'node:crypto';

/**
 * Insomnia's template tags, rendered as Insomnia renders them when it sends a request:
 * `{{ _.var }}` from the environment, `{% response 'body', '<request id>', '<JSONPath>' %}` from the
 * last response of another request, and `{% uuid 'v4' %}`. Only what the collection uses.
 */

export const RESPONSE_TAG = /\{%\s*response\s+'([^']*)'\s*,\s*'([^']*)'\s*,\s*'([^']*)'(?:\s*,\s*'[^']*')?(?:\s*,\s*\d+)?\s*%\}/g;
export const VARIABLE = /\{\{\s*(?:_\.)?([\w.]+)\s*\}\}/g;
/** Insomnia's uuid tag: a new random UUID each time the request is sent ('v4' is its default). */
export const UUID_TAG = /\{%\s*uuid(?:\s+'v4')?\s*%\}/g;

/** A JSONPath filter, as Insomnia stores it ('b64::JC5pZA==::46b') or plain ('$.id'). */
export function decodeFilter(filter: string): string {
  const b64 = /^b64::(.*)::46b$/.exec(filter);
  return b64 ? Buffer.from(b64[1]!, 'base64').toString('utf8') : filter;
}

/** Simple JSONPath: `$`, `$.a.b`, `$.items[0].id`. */
export function jsonPath(value: unknown, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`unsupported JSONPath ${JSON.stringify(path)}: it must start with $`);
  const keys = path.slice(1).match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
  if (keys.join('') !== path.slice(1)) throw new Error(`unsupported JSONPath ${JSON.stringify(path)}: only $.a.b and [n]`);
  return keys.reduce<unknown>((current, key) => {
    if (current === null || typeof current !== 'object') return undefined;
    const name = key.startsWith('[') ? key.slice(1, -1) : key.slice(1);
    return (current as Record<string, unknown>)[name];
  }, value);
}

export interface CollectionResource {
  readonly _id: string;
  readonly _type: string;
  readonly name: string;
}

/**
 * A renderer over one collection: it remembers the JSON body of each request's last response, for
 * the response tags of the requests after it.
 */
export function insomniaRenderer(resources: readonly CollectionResource[]) {
  const responseBodies = new Map<string, unknown>();
  const isRequest = (id: string) => resources.some((r) => r._id === id && r._type === 'request');

  function render(template: string, environment: Record<string, unknown>): string {
    const withResponses = template.replace(RESPONSE_TAG, (_tag, attribute: string, requestId: string, filter: string) => {
      const source = resources.find((r) => r._id === requestId)?.name ?? requestId;
      if (attribute !== 'body') throw new Error(`response tag: only 'body' is supported, got '${attribute}'`);
      if (!isRequest(requestId)) throw new Error(`response tag refers to ${requestId}, which is not a request of the collection`);
      if (!responseBodies.has(requestId)) {
        throw new Error(`response tag needs the response of "${source}", which has not run (successfully) before it`);
      }
      const path = decodeFilter(filter);
      const value = jsonPath(responseBodies.get(requestId), path);
      if (value === undefined || value === null || typeof value === 'object') {
        throw new Error(`response tag: ${path} of the response of "${source}" is ${JSON.stringify(value)}, not a value`);
      }
      return String(value);
    });
    const rendered = withResponses
      .replace(VARIABLE, (_tag, name: string) => {
        if (!(name in environment)) throw new Error(`{{ _.${name} }} is not in the environment`);
        return String(environment[name]);
      })
      .replace(UUID_TAG, () => randomUUID());
    if (/\{\{|\{%/.test(rendered)) throw new Error(`unrendered template tag left in ${JSON.stringify(rendered)}`);
    return rendered;
  }

  return {
    render,
    remember: (requestId: string, body: unknown) => responseBodies.set(requestId, body),
  };
}

/**
 * A body with template tags, as Insomnia sends it once they are rendered: a response tag where a
 * number goes (`"product_id": {% response ... %}`) stands for a number here, so the JSON can be
 * checked before anything runs.
 */
export function withTagsAsValues(text: string): string {
  return text.replace(RESPONSE_TAG, '1').replace(VARIABLE, 'x').replace(UUID_TAG, 'x');
}
