import { createClient } from 'redis';

/** What the rate-limit stores and shutdown need of a Redis client. */
export interface RedisConnection {
  sendCommand(args: string[]): Promise<unknown>;
  /** Waits for commands in flight, then disconnects. */
  close(): Promise<void>;
}

/** How long startup waits for Redis, and the longest pause between reconnect attempts later. */
const CONNECT_TIMEOUT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 5_000;

export interface RedisConnectionEvents {
  /** The connection dropped after startup; the client keeps reconnecting. */
  onError(error: Error): void;
}

/**
 * Connects or rejects with one line saying why: startup stops rather than running with limits
 * that silently do not apply. Once connected, a lost connection is retried for ever, and
 * commands sent meanwhile fail at once (no offline queue), so the rate limiter can let
 * requests through instead of holding them until Redis is back.
 */
export async function connectRedis(url: string, events: RedisConnectionEvents): Promise<RedisConnection> {
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries, cause) => (connected ? Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS) : cause),
    },
  });
  // Without a listener an 'error' event would end the process.
  client.on('error', (error: Error) => {
    if (connected) events.onError(error);
  });
  try {
    await client.connect();
  } catch (error) {
    client.destroy();
    throw new Error(`cannot reach Redis at ${redactPassword(url)} (REDIS_URL): ${describe(error)}`, { cause: error });
  }
  connected = true;
  return { sendCommand: (args) => client.sendCommand(args), close: () => client.close() };
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}
