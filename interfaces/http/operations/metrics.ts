import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OrderingMetrics } from '../../../domain/ordering/ordering-metrics.js';
import { problemCodeOf } from '../errors/problem.js';
import { routeTemplate } from './access-log.js';

/** The database pool at scrape time. */
export interface PoolReading {
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
}

/** The read replicas at scrape time (DB_READ_HOSTS). */
export interface ReplicaReadings {
  /** Seconds each replica needs to apply what the primary has committed (NaN: unreachable). */
  lag(): Promise<ReadonlyArray<{ readonly replica: string; readonly seconds: number }>>;
  /** Reads the primary answered instead of a replica, since start. */
  fallbacks(): number;
}

/**
 * Everything `GET /metrics` reports, on a registry of its own (never prom-client's global one),
 * so that each app built in one process (the tests build many) counts for itself.
 */
export class Metrics implements OrderingMetrics {
  readonly registry = new Registry();
  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, route template ("(no route)" when none matched) and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly durationByLabels = new Map<string, { observe(seconds: number): void }>();
  private readonly ordersPlaced = this.counter('orders_placed_total', 'Orders written and committed (idempotent replays not included).');
  private readonly shortages = this.counter('stock_shortages_total', 'Orders refused with INSUFFICIENT_STOCK (idempotent replays not included).');
  private readonly replays = this.counter('idempotent_replays_total', 'Requests answered from the stored outcome of their Idempotency-Key.');
  private readonly retries = this.counter('db_transaction_retries_total', 'Transactions run again after a deadlock, lock wait timeout or busy SQLite file.');
  private readonly unavailable = new Counter({
    name: 'http_503_total',
    help: 'Answers of 503, by problem code (STORAGE_UNAVAILABLE, STORAGE_BUSY, NOT_READY, ...).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor(pool: () => PoolReading, replicas?: ReplicaReadings) {
    collectDefaultMetrics({ register: this.registry });
    const reading = (name: string, help: string, pick: (reading: PoolReading) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(pick(pool()));
        },
      });
    reading('db_pool_connections_in_use', 'Database connections running a query or transaction.', (r) => r.inUse);
    reading('db_pool_connections_idle', 'Database connections open and free.', (r) => r.idle);
    reading('db_pool_requests_waiting', 'Requests waiting for a free database connection.', (r) => r.waiting);
    if (replicas) this.watchReplicas(replicas);
  }

  private watchReplicas(replicas: ReplicaReadings): void {
    new Gauge({
      name: 'db_replica_lag_seconds',
      help: 'Seconds a read replica takes to apply all the primary has committed (5 at most; NaN: unreachable).',
      labelNames: ['replica'] as const,
      registers: [this.registry],
      aggregator: 'max',
      async collect() {
        for (const { replica, seconds } of await replicas.lag()) this.set({ replica }, seconds);
      },
    });
    let counted = 0;
    new Counter({
      name: 'db_replica_fallback_reads_total',
      help: 'Reads the primary answered because no replica could be reached or had caught up with this process within 1 s.',
      registers: [this.registry],
      collect() {
        // The reads path only bumps a number; the counter catches up with it at scrape time.
        const now = replicas.fallbacks();
        this.inc(now - counted);
        counted = now;
      },
    });
  }

  orderPlaced(): void {
    this.ordersPlaced.inc();
  }
  stockShortage(): void {
    this.shortages.inc();
  }
  idempotentReplay(): void {
    this.replays.inc();
  }
  transactionRetried(): void {
    this.retries.inc();
  }

  /** Times each answer by route template (never the URL, whose query may hold an email) and counts 503s by cause. */
  readonly observeRequests: RequestHandler = (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => this.observe(req, res, (performance.now() - started) / 1000));
    next();
  };

  /**
   * Records one answer that took `seconds`: what observeRequests does once the answer is sent. The
   * histogram's child per method, route and status is kept, rather than found by prom-client from
   * a labels object (sorted and joined into a key) on every request; there are only as many as
   * routes x methods x statuses answered.
   */
  observe(req: Request, res: Response, seconds: number): void {
    const route = routeTemplate(req);
    const status = res.statusCode;
    const key = `${req.method} ${status} ${route}`;
    let child = this.durationByLabels.get(key);
    if (child === undefined) {
      child = this.requestDuration.labels({ method: req.method, route, status: String(status) });
      this.durationByLabels.set(key, child);
    }
    child.observe(seconds);
    if (status === 503) this.unavailable.inc({ code: problemCodeOf(res) ?? 'UNKNOWN' });
  }

  /** The Prometheus text format; never cached. */
  readonly serve: RequestHandler = async (_req, res) => {
    const text = await this.registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(this.registry.contentType).send(text);
  };

  private counter(name: string, help: string): Counter {
    return new Counter({ name, help, registers: [this.registry] });
  }
}

/**
 * The app of the metrics port (METRICS_PORT): `GET /metrics` and nothing else, no key. It is meant
 * to listen on 127.0.0.1 only, for a scraper or agent on the same host.
 */
export function metricsOnlyApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metrics.serve);
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('only GET /metrics is served here\n');
  });
  return app;
}
