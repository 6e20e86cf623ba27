/**
 * Where the process is in its life: readiness turns 503 the moment shutdown begins, so a load
 * balancer stops sending traffic while requests already accepted finish.
 */
export class Lifecycle {
  private stopping = false;

  get shuttingDown(): boolean {
    return this.stopping;
  }

  beginShutdown(): void {
    this.stopping = true;
  }
}
