import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { Lifecycle } from '../../src/lifecycle.js';
import { createLogger } from '../../src/logger.js';
import { closeMetrics, listenMetrics } from '../../src/metrics-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const scrape = async (app: Express = t.app) => (await request(app).get('/metrics').set(t.admin).expect(200)).text;

/** The value of one series (`name` or `name{labels}` exactly as printed), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const COUNTERS = ['orders_placed_total', 'stock_shortages_total', 'idempotent_replays_total', 'db_transaction_retries_total'] as const;

describe('GET /metrics on the API port', () => {
  it('answers 401 without a key and 403 (missing_scope metrics:read) to a key without the scope', async () => {
    const anonymous = await request(t.app).get('/metrics').expect(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
    const access = t.container.get<AccessUseCases>(TOKENS.AccessUseCases);
    const { secret } = await access.createKey.execute({ name: 'no-metrics', scopes: ['catalog:write', 'orders:read', 'orders:write'] });
    const forbidden = await request(t.app).get('/metrics').set('Authorization', `Bearer ${secret}`).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'FORBIDDEN', missing_scope: 'metrics:read' });
  });

  it('answers the Prometheus text format with an admin key: process defaults, pool gauges, counters, never cached', async () => {
    const res = await request(t.app).get('/metrics').set(t.admin).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(res.text).toContain('# TYPE nodejs_heap_size_used_bytes gauge');
    for (const gauge of ['db_pool_connections_in_use', 'db_pool_connections_idle', 'db_pool_requests_waiting']) {
      expect(res.text).toContain(`# TYPE ${gauge} gauge`);
      expect(sample(res.text, gauge), gauge).toBeGreaterThanOrEqual(0);
    }
    for (const counter of COUNTERS) expect(sample(res.text, counter), counter).toBeGreaterThanOrEqual(0);
  });

  it('counts an order placed, a stock shortage and an idempotent replay exactly once each', async () => {
    const before = await scrape();
    const order = { email: 'ada@example.com', items: [{ product_id: 2, quantity: 1 }] };
    const key = `metrics-${Date.now()}`;
    const first = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(order).expect(201);
    const replay = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(order).expect(201);
    expect(replay.body.id).toBe(first.body.id);
    const short = await request(t.app).post('/api/orders').send({ email: 'ada@example.com', items: [{ product_id: 2, quantity: 100_000 }] }).expect(409);
    expect(short.body.code).toBe('INSUFFICIENT_STOCK');
    const after = await scrape();
    const moved = (name: string) => sample(after, name)! - sample(before, name)!;
    expect(moved('orders_placed_total')).toBe(1);
    expect(moved('idempotent_replays_total')).toBe(1);
    expect(moved('stock_shortages_total')).toBe(1);
    expect(moved('db_transaction_retries_total')).toBe(0);
  });

  it('times requests by route template, never the URL; "(no route)" for unmatched paths', async () => {
    await request(t.app).get('/api/products/3?email=ada@example.com').expect(200);
    await request(t.app).get('/no/such/path').expect(404);
    const text = await scrape();
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/products/:id",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="(no route)",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/api/products/:id",status="200"}');
    expect(text).not.toContain('/api/products/3');
    expect(text).not.toContain('ada@example.com');
  });

  it('counts 503 answers by their code, and does not log a scrape at info', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const lifecycle = new Lifecycle();
    const container = buildContainer({
      sequelize: t.db.sequelize,
      logger: createLogger('info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
      lifecycle,
    });
    const app = container.get<Express>(TOKENS.App);
    lifecycle.beginShutdown();
    await request(app).get('/readyz').expect(503);
    const text = await scrape(app);
    expect(sample(text, 'http_503_total{code="NOT_READY"}')).toBe(1);
    // Its own registry: the shared test app's counters are not this app's.
    expect(sample(text, 'orders_placed_total')).toBe(0);
    await request(app).get('/api/products/1').expect(200);
    expect(lines.filter((line) => line.msg === 'request').map((line) => line.route)).toEqual(['/api/products/:id']);
  });
});

describe('METRICS_PORT: GET /metrics on 127.0.0.1 without a key', () => {
  it('listens on 127.0.0.1 only, answers the same registry without a key, and nothing else', async () => {
    const server = await listenMetrics(t.container, 0);
    try {
      const { address, port } = server.address() as AddressInfo;
      expect(address).toBe('127.0.0.1');
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(sample(text, 'orders_placed_total')).toBe(sample(await scrape(), 'orders_placed_total'));
      expect(text).toContain('# TYPE db_pool_connections_in_use gauge');
      expect((await fetch(`http://127.0.0.1:${port}/api/products`)).status).toBe(404);
    } finally {
      await closeMetrics(server);
    }
  });
});
