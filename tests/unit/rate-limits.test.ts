import express, { type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createRateLimiters } from '../../interfaces/http/abuse/rate-limits.js';

// createRateLimiters writes the draft-8 headers itself (it remembers each client's partition key
// instead of hashing it per request); they must stay what express-rate-limit would write.
const silent = { warn() {}, error() {}, info() {} };

function appWith(limiter: RequestHandler) {
  const app = express();
  app.use(limiter);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  return app;
}

const headersOf = (res: request.Response) => ({
  status: res.status,
  ratelimit: res.headers.ratelimit,
  policy: res.headers['ratelimit-policy'],
  retryAfter: res.headers['retry-after'],
});

describe('rate-limit headers', () => {
  it('are the ones express-rate-limit writes with standardHeaders draft-8, on passed and refused requests', async () => {
    const ours = appWith(createRateLimiters({ perMinute: 2, ordersPerMinute: 0, authFailuresPerHour: 0 }, { logger: silent }).all!);
    const library = appWith(
      rateLimit({ windowMs: 60_000, limit: 2, standardHeaders: 'draft-8', legacyHeaders: false, identifier: 'all', handler: (_req, res) => void res.status(429).end() }),
    );
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await request(ours).get('/'), await request(library).get('/')];
      expect(headersOf(a)).toEqual(headersOf(b));
      expect(a.headers['ratelimit-policy']).toMatch(/^"all"; q=2; w=60; pk=:[A-Za-z0-9+/=]+:$/);
    }
  });
});

describe('rate-limit client keys', () => {
  it('warn once, as express-rate-limit would, when trust proxy is true; the library finds nothing to warn about in our key generator', async () => {
    const logged: { level: string; details: object }[] = [];
    const logger = { warn: (details: object) => logged.push({ level: 'warn', details }), error: (details: object) => logged.push({ level: 'error', details }), info() {} };
    const app = appWith(createRateLimiters({ perMinute: 100, ordersPerMinute: 0, authFailuresPerHour: 0 }, { logger }).all!);
    app.set('trust proxy', true);
    await request(app).get('/').expect(200);
    await request(app).get('/').expect(200);
    expect(logged).toEqual([{ level: 'warn', details: { code: 'ERR_ERL_PERMISSIVE_TRUST_PROXY' } }]);
  });

  it('count an IPv4 client the same whether it arrives IPv4-mapped or not', async () => {
    const all = createRateLimiters({ perMinute: 2, ordersPerMinute: 0, authFailuresPerHour: 0 }, { logger: silent }).all!;
    const app = express();
    app.set('trust proxy', true);
    app.use(all);
    app.get('/', (_req, res) => void res.end());
    await request(app).get('/').set('X-Forwarded-For', '203.0.113.7').expect(200);
    await request(app).get('/').set('X-Forwarded-For', '::ffff:203.0.113.7').expect(200);
    await request(app).get('/').set('X-Forwarded-For', '203.0.113.7').expect(429);
    await request(app).get('/').set('X-Forwarded-For', '2001:db8:1:1::1').expect(200);
    await request(app).get('/').set('X-Forwarded-For', '2001:db8:1:2::9').expect(200); // the same /56
    await request(app).get('/').set('X-Forwarded-For', '2001:db8:1:3::5').expect(429);
  });
});
