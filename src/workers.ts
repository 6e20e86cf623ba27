import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Config } from './config.js';
import { listenLocally } from './metrics-server.js';

/** What a worker tells its primary once its API serves. */
export const READY_MESSAGE = { type: 'ecommerce:ready' } as const;

const isReady = (message: unknown) => (message as { type?: unknown } | null)?.type === READY_MESSAGE.type;

/**
 * The primary of `WEB_CONCURRENCY` workers, each a whole API process on the one port (node:cluster
 * hands connections out in turn). It serves nothing itself but, with METRICS_PORT, the metrics of
 * all workers added up. The first worker starts alone (it runs the migrations and, on a new SQLite
 * file, loads the demo data), the others once it serves. A worker that dies after it served is
 * replaced and logged; one that fails to start (a bad setting, a database that never answered)
 * stops the whole server with exit 1, since its replacement would fail the same way. SIGTERM or
 * SIGINT is passed to every worker, each drains as a single process does, and the primary exits 0
 * once all have exited 0 (1 if any did not).
 */
export async function superviseWorkers(config: Config, logger: Logger): Promise<void> {
  let stopping = false;
  let exitCode = 0;
  const ready = new Set<Worker>();

  const start = (): Promise<Worker> => {
    const worker = cluster.fork();
    return new Promise((resolve) => {
      worker.on('message', (message: unknown) => {
        if (!isReady(message)) return;
        ready.add(worker);
        resolve(worker);
      });
      worker.once('exit', (code, signal) => {
        const served = ready.delete(worker);
        if (stopping) {
          if (code !== 0) exitCode = 1;
          if (Object.keys(cluster.workers ?? {}).length === 0) void stopped();
          return;
        }
        if (!served) {
          logger.error(`worker ${worker.process.pid} failed to start (exit ${code ?? signal}); stopping the server`);
          void stopAll('startup failure', 1);
          return;
        }
        logger.warn(`worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting a new one`);
        void start();
      });
    });
  };

  let metricsServer: Server | undefined;
  const stopped = async () => {
    if (metricsServer) await new Promise((resolve) => metricsServer!.close(resolve));
    logger.info(`all workers stopped; exiting with code ${exitCode}`);
    process.exit(exitCode);
  };
  const stopAll = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.info(`${why}: stopping ${Object.keys(cluster.workers ?? {}).length} worker(s)`);
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) return stopped();
    for (const worker of workers) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => void stopAll('SIGTERM received'));
  process.on('SIGINT', () => void stopAll('SIGINT received'));

  if (config.metricsPort !== undefined) metricsServer = await serveClusterMetrics(config.metricsPort);
  await start();
  await Promise.all(Array.from({ length: config.workers - 1 }, start));
  if (!stopping) logger.info({ pid: process.pid, workers: [...ready].map((w) => w.process.pid) }, `${config.workers} workers serving`);
}

/** GET /metrics on 127.0.0.1:<port>: every worker's metrics, added up by prom-client. */
async function serveClusterMetrics(port: number): Promise<Server> {
  const aggregator = new AggregatorRegistry();
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    aggregator.clusterMetrics().then(
      (text) => res.writeHead(200, { 'Content-Type': aggregator.contentType, 'Cache-Control': 'no-store' }).end(text),
      (error: Error) => res.writeHead(503, { 'Content-Type': 'text/plain' }).end(`metrics unavailable: ${error.message}\n`),
    );
  });
  return listenLocally(server, port);
}

/** In a worker: hands this process's registry to the primary's aggregation, and says when it serves. */
export function workerHooks() {
  return {
    onMetrics: (metrics: { readonly registry: Registry }) => {
      new AggregatorRegistry(); // adds the listener that answers the primary's requests
      AggregatorRegistry.setRegistries([metrics.registry]);
    },
    onReady: () => process.send?.(READY_MESSAGE),
    serveMetricsPort: false,
  };
}
