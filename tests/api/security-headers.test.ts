import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseSettings, createTestApp, type TestApp } from '../support/test-app.js';

// The server's defaults: the three rate limits on (600/min, 30 orders/min, 20 auth failures/hour).
const DEFAULT_LIMITS = { perMinute: 600, ordersPerMinute: 30, authFailuresPerHour: 20 };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ abuse: abuseSettings({ rateLimits: DEFAULT_LIMITS }) });
});
afterAll(async () => {
  await t?.close();
});

/** Status line and headers as sent on the wire (the blank line included). */
function headerBytes(res: request.Response): number {
  const raw = (res as unknown as { res: { rawHeaders: string[]; statusCode: number; statusMessage: string } }).res;
  let bytes = Buffer.byteLength(`HTTP/1.1 ${raw.statusCode} ${raw.statusMessage}\r\n\r\n`);
  for (let i = 0; i < raw.rawHeaders.length; i += 2) bytes += Buffer.byteLength(`${raw.rawHeaders[i]}: ${raw.rawHeaders[i + 1]}\r\n`);
  return bytes;
}

describe('a JSON answer carries what a JSON API needs, and nothing meant for web pages', () => {
  it('exactly this set of headers, within 600 bytes, on a product', async () => {
    const res = await request(t.app).get('/api/products/1').expect(200);
    expect(Object.keys(res.headers).sort()).toEqual(
      [
        // what the API adds
        'x-request-id',
        'content-security-policy',
        'x-content-type-options',
        'referrer-policy',
        'strict-transport-security',
        'cross-origin-resource-policy',
        'vary',
        'ratelimit',
        'ratelimit-policy',
        // what Express and Node add to any answer
        'content-type',
        'content-length',
        'etag',
        'date',
        'connection',
      ].sort(),
    );
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers.vary).toBe('Origin, Accept-Encoding');
    // helmet's set was about 1.1 kB with the ETag; a bare Express answer about 0.2 kB.
    expect(headerBytes(res)).toBeLessThanOrEqual(600);
  });

  it('no header meant for web pages, on answers and on errors alike', async () => {
    for (const res of [
      await request(t.app).get('/api/products?limit=2').expect(200),
      await request(t.app).get('/api/products/999999').expect(404),
      await request(t.app).get('/api/no-such-route').expect(404),
      await request(t.app).delete('/api/openapi.json').expect(404),
    ]) {
      for (const name of [
        'x-powered-by',
        'x-xss-protection',
        'x-download-options',
        'x-dns-prefetch-control',
        'x-frame-options',
        'origin-agent-cluster',
        'x-permitted-cross-domain-policies',
        'cross-origin-opener-policy',
        'cross-origin-embedder-policy',
      ]) {
        expect(res.headers[name], `${name} on ${res.status}`).toBeUndefined();
      }
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('the probes carry the same set', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBeUndefined();
  });
});
