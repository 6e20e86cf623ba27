import { readFile } from 'node:fs/promises';
import net from 'node:net';

/** A loopback port nothing listens on right now (what a platform puts in PORT, or a private server's port). */
export async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Free ports below the kernel's ephemeral range (ip_local_port_range). A server binds its ports long
 * after they are picked (a Galera node its SQL port only once its state transfer is done, 20 s
 * later; every private server all of them again on a restart), and a port from freePort() (listen(0), the ephemeral range) was taken
 * meanwhile by an outgoing connection of the load ("Bind on TCP/IP port: Address already in
 * use"); the kernel never hands out ports below that range by itself.
 */
export async function quietPorts(count: number): Promise<number[]> {
  const range = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
  const ephemeralStart = Number(range.trim().split(/\s+/)[0]) || 32768;
  const low = 10_000;
  const high = Math.max(low + 1_000, ephemeralStart) - 1;
  const ports = new Set<number>();
  while (ports.size < count) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (!ports.has(port) && (await bindable(port))) ports.add(port);
  }
  return [...ports];
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
