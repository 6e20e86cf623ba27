// Sends a generated bad request as it is: its path, headers and body bytes.
import request from 'supertest';
import type { BadRequest } from './reasons.js';

/** Sends `bad` to the server at `baseUrl` with the `auth` headers (an admin key). */
export function send(baseUrl: string, auth: Readonly<Record<string, string>>, bad: BadRequest) {
  let req = request(baseUrl)[bad.method](bad.path.path).set(auth).set(bad.headers.headers);
  if (bad.body.contentType) req = req.set('Content-Type', bad.body.contentType);
  if (bad.body.contentEncoding) req = req.set('Content-Encoding', bad.body.contentEncoding);
  if (bad.body.payload === undefined) return req;
  // As is: superagent would send a Buffer under a JSON Content-Type as {"type":"Buffer","data":[...]}.
  return Buffer.isBuffer(bad.body.payload) ? req.serialize((payload) => payload).send(bad.body.payload) : req.send(bad.body.payload);
}
