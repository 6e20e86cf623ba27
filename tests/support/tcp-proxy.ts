import net from 'node:net';

/**
 * A TCP relay to a server, which a test can cut and restore (an outage: connections refused and
 * dropped), or stall and resume (a network that stops delivering: connections stay open, bytes
 * wait, nothing errors), without touching the server.
 */
export async function tcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let stalled = false;
  /** What a stall held back, in order: bytes, ends and closes alike. */
  let held: (() => void)[] = [];
  const deliver = (step: () => void) => (stalled ? held.push(step) : step());
  const relay = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk: Buffer) => deliver(() => to.write(chunk)));
    from.on('end', () => deliver(() => to.end()));
    from.on('close', () => deliver(() => to.destroy()));
  };
  const open = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(target);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      relay(client, upstream);
      relay(upstream, client);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  };
  await open();
  return {
    get port() {
      return port;
    },
    get url() {
      return `redis://127.0.0.1:${port}`;
    },
    /** Refuses new connections and drops open ones. */
    async cut() {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      held = [];
      await closed;
    },
    /** Listens again on the same port. */
    restore: open,
    /** Holds every byte (and every close) in both directions until resume(); new connections are accepted but hear nothing. */
    stall() {
      stalled = true;
    },
    /** Delivers what was held, in order, and relays as before. */
    resume() {
      stalled = false;
      const steps = held;
      held = [];
      for (const step of steps) step();
    },
  };
}
