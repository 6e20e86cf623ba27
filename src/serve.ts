import type { Express } from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { answerClientErrors } from '../interfaces/http/answer-client-errors.js';
import type { Metrics } from '../interfaces/http/operations/metrics.js';
import { createSequelize } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import { connectRedis } from '../infrastructure/redis/redis-connection.js';
import type { Config } from './config.js';
import { buildContainer } from './container/build-container.js';
import { TOKENS } from './container/tokens.js';
import { prepareDatabase, StartupCancelledError } from './database-startup.js';
import { attachGracefulShutdown } from './graceful-shutdown.js';
import { Lifecycle } from './lifecycle.js';
import { closeMetrics, listenMetrics } from './metrics-server.js';
import { createLocalAdminKey, describeDatabase, exitWith, hintEmptyCatalog, seedNewEmbeddedDatabase } from './startup.js';

export interface ServeOptions {
  /** Called once the API serves (the database answered, migrations ran): a worker tells its primary. */
  readonly onReady?: () => void;
  /** Called with the metrics registry once built: a worker hands it to the primary's aggregation. */
  readonly onMetrics?: (metrics: Metrics) => void;
  /** False in a worker: the primary serves METRICS_PORT for all of them. */
  readonly serveMetricsPort?: boolean;
}

/**
 * One API process: connect to Redis (when set) -> build the container -> reach the database
 * (listening at once, answering 503, while it is unreachable) and migrate (and, on a new SQLite
 * file, load the demo data) -> serve; stop cleanly on a signal.
 */
export async function serve(config: Config, logger: Logger, options: ServeOptions = {}): Promise<void> {
  // Shared rate-limit counters, checked before the database is touched: unreachable at startup
  // stops it; lost later, requests pass unlimited (logged once per outage).
  const redis = config.redisUrl
    ? await connectRedis(config.redisUrl, { onError: (error) => logger.debug({ err: error }, 'Redis connection error') }).catch(exitWith)
    : undefined;
  // One connection stays open while idle, so `db:seed -- --reset` sees this server and refuses.
  // Nothing connects yet: startup (below) reaches the database, trying for DB_CONNECT_TIMEOUT_S.
  const sequelize = (() => {
    try {
      return createSequelize(config.database, undefined, { keepOneConnection: true, statementTimeoutMs: config.databaseTimeouts.statementMs, readFromReplicas: true });
    } catch (error) {
      exitWith(error);
    }
  })();
  // The one Lifecycle: startup marks it started, the signal handlers begin its shutdown, readiness
  // and the API's 503 while starting read it.
  const lifecycle = new Lifecycle('starting');
  const container = buildContainer({ sequelize, logger, lifecycle, abuse: config.abuse, retryBudgetMs: config.databaseTimeouts.retryBudgetMs, ...(redis ? { rateLimitRedis: { connection: redis } } : {}) });
  const app = container.get<Express>(TOKENS.App);
  // GET /metrics without a key, on 127.0.0.1 only (METRICS_PORT); the API port serves it with one.
  options.onMetrics?.(container.get<Metrics>(TOKENS.Metrics));
  const metricsServer =
    config.metricsPort === undefined || options.serveMetricsPort === false ? undefined : await listenMetrics(container, config.metricsPort).catch(exitWith);

  // Slow or abusive clients must not hold sockets: Node's defaults let one that sends its headers a
  // byte at a time keep a socket ~77 s and one that trickles its body 300 s. Node checks these limits
  // every connectionsCheckingInterval (30 s by default, which would add up to 30 s to each), so 1 s.
  // A client past its limit gets a 408 problem+json (answerClientErrors) and its socket closed.
  const server = createServer(
    {
      headersTimeout: config.http.headersTimeoutS * 1000,
      requestTimeout: config.http.requestTimeoutS * 1000,
      keepAliveTimeout: config.http.keepAliveTimeoutS * 1000,
      connectionsCheckingInterval: 1000,
    },
    app,
  );
  // Listens once the database is ready, or at once while startup waits for it (the API answers 503
  // meanwhile, /healthz 200 and /readyz 503), so an orchestrator sees a live process.
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    server.listen(config.port);
  };
  answerClientErrors(server);
  const shutdown = attachGracefulShutdown({
    server,
    lifecycle,
    logger,
    timeoutS: config.shutdownTimeoutS,
    closeResources: async () => {
      await closeMetrics(metricsServer);
      await sequelize.close();
      await redis?.close().catch(() => {});
    },
  });
  server.on('error', (error) => exitWith(new Error(`cannot listen on port ${config.port}: ${error.message}`)));
  server.on('listening', () => {
    const { port } = server.address() as AddressInfo;
    const waiting = lifecycle.started ? '' : ' (answering 503 until the database answers)';
    logger.info({ pid: process.pid }, `listening on http://localhost:${port} with ${describeDatabase(config)}${waiting}`);
  });
  // `npm start` execs node (package.json), so these reach this process whether the signal was sent
  // to npm (which forwards SIGTERM and SIGINT) or to node.
  process.on('SIGTERM', () => shutdown.begin('SIGTERM'));
  process.on('SIGINT', () => shutdown.begin('SIGINT'));

  try {
    const opened = await prepareDatabase(sequelize, config.database, config.databaseTimeouts.connectS, logger, {
      onWaiting: listen,
      stopped: () => lifecycle.shuttingDown,
    });
    await createLocalAdminKey(config, opened, container, logger).catch((error: unknown) => {
      throw new Error(`could not write the local admin key: ${error instanceof Error ? error.message : String(error)}`);
    });
    await seedNewEmbeddedDatabase(config, opened, container, logger).catch((error: unknown) => {
      throw new Error(`could not load the demo data into the new database: ${error instanceof Error ? error.message : String(error)}`);
    });
    // A hint, not a requirement: a failure to count the catalog here must not stop the server.
    await hintEmptyCatalog(config, opened, logger).catch((error: unknown) => logger.warn({ err: error }, 'could not check whether the catalog is empty'));
    lifecycle.markStarted();
    if (listening) logger.info('ready: the database answered; serving the API');
    listen();
    if (!server.listening) await new Promise((resolve) => server.once('listening', resolve));
    options.onReady?.();
  } catch (error) {
    // A signal during startup: the shutdown under way exits; otherwise one line and exit 1.
    if (!(error instanceof StartupCancelledError) && !lifecycle.shuttingDown) {
      await sequelize.close().catch(() => {});
      exitWith(error);
    }
  }
}
