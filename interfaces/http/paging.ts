import type { Response } from 'express';
import { z } from 'zod';
import { documentedAs } from './openapi/parameter-type.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** `limit`, `cursor` and `count`: the query parameters every list route shares. */
export const pageLimit = documentedAs(
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `must be from 1 to ${MAX_PAGE_SIZE}`),
  { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, example: 20 },
)
  .optional()
  .meta({ description: `Page size, ${DEFAULT_PAGE_SIZE} by default, at most ${MAX_PAGE_SIZE} (more is a 400, never silently cut)` });

export const pageCursor = z
  .string()
  .min(1, 'must not be empty')
  .max(400, 'must be at most 400 characters')
  .optional()
  .meta({ description: 'Where the previous page ended: copy it from that page\'s Link rel="next"' });

export const pageCount = trueOrFalse()
  .optional()
  .meta({
    description:
      'true: also answer X-Total-Count, the number of matches. It costs one more query that reads every match, so ask only when you show it',
  });

/** `true` or `false` in a query string, documented as the boolean it stands for. */
export function trueOrFalse() {
  return documentedAs(
    z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true'),
    { type: 'boolean' },
  );
}

/** A positive id in a path or query string, at most `max` (the INT column's limit). */
export function textId(max: number) {
  return documentedAs(
    z
      .string()
      .regex(/^[1-9]\d*$/, 'must be a positive integer')
      .transform(Number)
      .refine((id) => id <= max, `must be at most ${max}`),
    { type: 'integer', minimum: 1, maximum: max, example: 1 },
  );
}

/** A cursor is base64url JSON: opaque to clients, and checked like any other input when it comes back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.output<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString()));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const NOT_A_CURSOR = 'is not a cursor this list issued';

/**
 * A cursor that carries one positive integer, the key the next page starts after (a category's
 * or tag's id, an order's place in the list): decoded here like every other cursor, so a bad one
 * is a 400 naming the `cursor` parameter.
 */
export function decodeKeyCursor(query: { cursor?: string }, ctx: z.RefinementCtx): number | undefined {
  if (query.cursor === undefined) return undefined;
  const key = decodeCursor(z.tuple([z.int().positive()]), query.cursor)?.[0];
  if (key !== undefined) return key;
  ctx.addIssue({ code: 'custom', path: ['cursor'], message: NOT_A_CURSOR });
  return z.NEVER;
}

type PageQuery = Record<string, string | number | boolean | undefined>;

/**
 * The Link header of a list page, as GitHub's API does it: rel="first" always, rel="next" while
 * there is more. Filters carry over; the cursor is replaced.
 */
function pageLinks(path: string, query: PageQuery, nextCursor: string | null): string {
  const url = (cursor?: string) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && key !== 'cursor') params.set(key, String(value));
    if (cursor) params.set('cursor', cursor);
    return `<${path}?${params.toString()}>`;
  };
  const links = [`${url()}; rel="first"`];
  if (nextCursor) links.unshift(`${url(nextCursor)}; rel="next"`);
  return links.join(', ');
}

/** The headers of one page of a list: Link always, X-Total-Count when the total was counted. */
export function setPageHeaders(res: Response, path: string, query: PageQuery, nextCursor: string | null, total?: number): void {
  res.set('Link', pageLinks(path, query, nextCursor));
  if (total !== undefined) res.set('X-Total-Count', String(total));
}
