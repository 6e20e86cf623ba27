import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { Lifecycle } from './lifecycle.js';

export interface GracefulShutdownOptions {
  readonly server: Server;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  /** How long open requests may take once a signal came; past it the process exits 1. */
  readonly timeoutS: number;
  /** Closes what outlives requests (the database pool, Redis), once the last connection closed. */
  readonly closeResources: () => Promise<void>;
  /** process.exit, but replaceable. */
  readonly exit?: (code: number) => void;
}

export interface GracefulShutdown {
  /** Starts stopping; a second call (npm forwards the terminal's Ctrl+C, so node sees it twice) only logs. */
  begin(signal: string): void;
}

/**
 * Stops the HTTP server without losing an answer: new connections are refused, requests already
 * accepted finish, and every answer written from then on carries `Connection: close`, so
 * keep-alive clients stop sending on their connection instead of keeping it busy for ever (which
 * would hold server.close() open until the deadline). Idle connections are closed at once and as
 * each becomes idle. Then the database pool and Redis close and the process exits 0; past the
 * deadline it exits 1 and logs how many requests it cut off.
 *
 * Attach before the server accepts its first connection: it counts every request.
 */
export function attachGracefulShutdown(options: GracefulShutdownOptions): GracefulShutdown {
  const { server, lifecycle, logger, timeoutS } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const inFlight = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const counts = { accepted: 0, answered: 0, abandoned: 0 };
  let atSignal = { accepted: 0, answered: 0, inFlight: 0 };

  /** Only an answer whose headers are not written yet can still say so; the others close when idle. */
  const lastOnItsConnection = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Before Express's own listener, so the header is set before any handler can answer.
  server.prependListener('request', (_req, res: ServerResponse) => {
    counts.accepted += 1;
    inFlight.add(res);
    if (lifecycle.shuttingDown) lastOnItsConnection(res);
    res.once('close', () => {
      inFlight.delete(res);
      // 'finish': the whole answer went to the socket. A close without it: the client went away,
      // or the deadline passed (the process is exiting then, so no count is logged after).
      if (res.writableFinished) counts.answered += 1;
      else counts.abandoned += 1;
      // Its connection is idle now (Node detached it from this response before 'close').
      if (lifecycle.shuttingDown) server.closeIdleConnections();
    });
  });

  return {
    begin(signal) {
      if (lifecycle.shuttingDown) {
        logger.info(`${signal} received: already finishing open requests`);
        return;
      }
      lifecycle.beginShutdown();
      const stoppedBy = signal;
      const started = performance.now();
      atSignal = { accepted: counts.accepted, answered: counts.answered, inFlight: inFlight.size };
      logger.info({ inFlight: inFlight.size, connections: sockets.size }, `${signal} received: finishing open requests`);
      for (const res of inFlight) lastOnItsConnection(res);

      const deadline = setTimeout(() => {
        const cutOff = inFlight.size;
        logger.error(
          { cutOff, connections: sockets.size, inFlightAtSignal: atSignal.inFlight },
          `shutdown deadline of ${timeoutS} s passed: cut off ${cutOff} request(s) still in flight; exiting with code 1`,
        );
        exit(1);
      }, timeoutS * 1000);

      // Refuses new connections now (and closes the idle ones); calls back once the last one closed.
      server.close(() => {
        void options.closeResources().then(
          () => {
            clearTimeout(deadline);
            const ms = Math.round(performance.now() - started);
            logger.info(
              {
                ms,
                inFlightAtSignal: atSignal.inFlight,
                answeredAfterSignal: counts.answered - atSignal.answered,
                acceptedAfterSignal: counts.accepted - atSignal.accepted,
                requestsAccepted: counts.accepted,
                requestsAnswered: counts.answered,
                requestsAbandoned: counts.abandoned,
              },
              `stopped in ${ms} ms: answered ${counts.answered - atSignal.answered} request(s) after ${stoppedBy}, cut off none`,
            );
            exit(0);
          },
          (error: unknown) => {
            clearTimeout(deadline);
            logger.error({ err: error }, 'shutdown: closing the database or Redis failed; exiting with code 1');
            exit(1);
          },
        );
      });
    },
  };
}
