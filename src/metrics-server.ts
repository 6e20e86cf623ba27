import type { Container } from 'inversify';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { metricsOnlyApp, type Metrics } from '../interfaces/http/operations/metrics.js';
import { TOKENS } from './container/tokens.js';

/** Serves GET /metrics without a key on 127.0.0.1:<port> only, so nothing off this host reaches it. */
export async function listenMetrics(container: Container, port: number): Promise<Server> {
  return listenLocally(createServer(metricsOnlyApp(container.get<Metrics>(TOKENS.Metrics))), port);
}

/** Listens on 127.0.0.1:<port> only; a port in use fails with one line naming it. */
export async function listenLocally(server: Server, port: number): Promise<Server> {
  server.listen(port, '127.0.0.1');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]: Error[]) => {
    throw new Error(`cannot listen on 127.0.0.1:${port} for metrics: ${error!.message}`);
  })]);
  return server;
}

/** Closes the metrics server and its idle keep-alive connections. */
export async function closeMetrics(server: Server | undefined): Promise<void> {
  if (!server) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
