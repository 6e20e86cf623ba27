import 'reflect-metadata';
import type { Express } from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from '../interfaces/http/answer-client-errors.js';
import { connectRedis } from '../infrastructure/redis/redis-connection.js';
import { buildContainer } from './container/build-container.js';
import { TOKENS } from './container/tokens.js';
import { attachGracefulShutdown } from './graceful-shutdown.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';
import { closeMetrics, listenMetrics } from './metrics-server.js';
import { createLocalAdminKey, describeDatabase, exitWith, hintEmptyCatalog, loadConfigOrExit, openDatabase, seedNewEmbeddedDatabase } from './startup.js';

// load config -> connect to Redis (when set) -> connect and migrate (and, on a new SQLite file,
// load the demo data) -> build the container -> listen; stop cleanly on a signal.
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel, undefined, config.logFormat);
// Shared rate-limit counters, checked before the database is touched: unreachable at startup
// stops it; lost later, requests pass unlimited (logged once per outage).
const redis = config.redisUrl
  ? await connectRedis(config.redisUrl, { onError: (error) => logger.debug({ err: error }, 'Redis connection error') }).catch(exitWith)
  : undefined;
// One connection stays open while idle, so `db:seed -- --reset` sees this server and refuses.
const opened = await openDatabase(config, logger, { keepOneConnection: true }).catch(exitWith);
const { sequelize } = opened;
// The one Lifecycle: the signal handlers below begin its shutdown, readiness reads it.
const lifecycle = new Lifecycle();
const container = buildContainer({ sequelize, logger, lifecycle, abuse: config.abuse, ...(redis ? { rateLimitRedis: { connection: redis } } : {}) });
await createLocalAdminKey(config, opened, container, logger).catch(async (error: unknown) => {
  await sequelize.close().catch(() => {});
  exitWith(new Error(`could not write the local admin key: ${error instanceof Error ? error.message : String(error)}`));
});
await seedNewEmbeddedDatabase(config, opened, container, logger).catch(async (error: unknown) => {
  await sequelize.close().catch(() => {});
  exitWith(new Error(`could not load the demo data into the new database: ${error instanceof Error ? error.message : String(error)}`));
});
// A hint, not a requirement: a failure to count the catalog here must not stop the server.
await hintEmptyCatalog(config, opened, logger).catch((error: unknown) => logger.warn({ err: error }, 'could not check whether the catalog is empty'));
const app = container.get<Express>(TOKENS.App);
// GET /metrics without a key, on 127.0.0.1 only (METRICS_PORT); the API port serves it with one.
const metricsServer = config.metricsPort === undefined ? undefined : await listenMetrics(container, config.metricsPort).catch(exitWith);

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
server.listen(config.port);
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
  logger.info({ pid: process.pid }, `listening on http://localhost:${port} with ${describeDatabase(config)}`);
});
// `npm start` execs node (package.json), so these reach this process whether the signal was sent
// to npm (which forwards SIGTERM and SIGINT) or to node.
process.on('SIGTERM', () => shutdown.begin('SIGTERM'));
process.on('SIGINT', () => shutdown.begin('SIGINT'));
