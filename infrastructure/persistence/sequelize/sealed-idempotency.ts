import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/*
 * What an idempotency record stores, so that a copy of the database does not hand out what it
 * holds (a replayed order answer carries the customer's order token): the key and the request
 * only as digests, and the outcome sealed (AES-256-GCM) under a key derived from the
 * Idempotency-Key, which only its client knows. A replay, which sends the key, can open it.
 */

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** The primary key a record is stored under. */
export const keyDigest = (idempotencyKey: string) => digest(`key:${idempotencyKey}`);

/** What is compared to tell a repeat of the same request from another request with the key. */
export const requestDigest = (request: string) => digest(`request:${request}`);

const VERSION = 'v1.';

function sealingKey(idempotencyKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, 'ecommerce idempotency outcome', 'aes-256-gcm v1', 32));
}

export function seal(plaintext: string, idempotencyKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Throws when the text was not sealed under this key (or was altered). */
export function unseal(sealed: string, idempotencyKey: string): string {
  if (!sealed.startsWith(VERSION)) throw new Error('idempotency outcome is not sealed');
  const bytes = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
