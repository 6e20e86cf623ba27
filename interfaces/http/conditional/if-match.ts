import type { Request } from 'express';
import type { Precondition } from '../../../domain/shared/precondition.js';

type EtagFunction = (body: string, encoding: BufferEncoding) => string;

/**
 * The request's If-Match header as a precondition on the item (none without the header). It
 * compares strongly (RFC 9110 13.1.1): a listed strong tag must equal the strong ETag a GET of
 * the item answers now, which is computed as Express computes it, from the same presenter and
 * the same JSON; `*` matches any existing item; weak tags never match.
 */
export function ifMatch<T>(req: Request, present: (current: T) => unknown): Precondition<T> | undefined {
  const header = req.get('If-Match');
  if (header === undefined) return undefined;
  if (header.trim() === '*') return () => true;
  const wanted = strongTags(header);
  return (current) => wanted.includes(etagOf(req, present(current)));
}

function strongTags(header: string): string[] {
  return [...header.matchAll(/(W\/)?"[^"]*"/g)].filter((match) => match[1] === undefined).map((match) => match[0]);
}

/** What res.json() would send as ETag for this body: the app's JSON settings and etag function (app.set('etag', 'strong')). */
function etagOf(req: Request, body: unknown): string {
  const json = JSON.stringify(body, req.app.get('json replacer'), req.app.get('json spaces'));
  return (req.app.get('etag fn') as EtagFunction)(json, 'utf8');
}
