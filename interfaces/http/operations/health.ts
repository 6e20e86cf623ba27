import type { Express } from 'express';
import { sendProblem } from '../errors/problem.js';

export interface Readiness {
  /** True from the moment shutdown begins. */
  readonly shuttingDown: boolean;
  /** Why the database is not ready (unreachable, slow, migrations missing), or null when it is. */
  databaseProblem(): Promise<string | null>;
}

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers in
 * time, its migrations are applied, and we are not shutting down). Mounted before logging, rate
 * limits and authentication: probes are frequent, cheap, and need no credentials.
 */
export function mountHealth(app: Express, readiness: Readiness): void {
  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const problem = readiness.shuttingDown ? 'the server is shutting down' : await readiness.databaseProblem();
    if (problem === null) {
      res.json({ status: 'ready' });
      return;
    }
    res.setHeader('Retry-After', '5');
    sendProblem(res, { status: 503, title: 'Not ready', detail: problem, code: 'NOT_READY' });
  });
}
