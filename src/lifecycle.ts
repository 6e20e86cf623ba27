/**
 * Where the process is in its life. Starting: the server may already listen (the database is not
 * reachable yet), but the API answers 503 and readiness says why. Serving. Stopping: readiness
 * turns 503 the moment shutdown begins, so a load balancer stops sending traffic while requests
 * already accepted finish.
 */
export class Lifecycle {
  private stopping = false;

  /** `starting` for a server that must first reach its database; tests build one that serves at once. */
  constructor(private state: 'starting' | 'serving' = 'serving') {}

  get started(): boolean {
    return this.state === 'serving';
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  markStarted(): void {
    this.state = 'serving';
  }

  beginShutdown(): void {
    this.stopping = true;
  }
}
