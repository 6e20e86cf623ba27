import mysql from 'mysql2/promise';
import type { ReplicaReads } from './read-replicas.js';

/** A lag past this is reported as this: the scrape must answer well within Prometheus's 10 s. */
export const MAX_MEASURED_LAG_S = 5;

export interface ReplicaLag {
  /** host:port, as in DB_READ_HOSTS. */
  readonly replica: string;
  /** Seconds the replica took to apply all the primary had committed when asked; MAX_MEASURED_LAG_S at most; NaN when it cannot be reached. */
  readonly seconds: number;
}

/**
 * Measures each replica's lag as the time it takes to apply everything the primary has committed
 * now (MASTER_GTID_WAIT on the primary's @@gtid_binlog_pos). Unlike Seconds_Behind_Master it
 * needs no monitoring right, so the app's read-only account can ask, and it is exactly the
 * staleness a read from another process can see. One short connection per replica per scrape.
 */
export async function measureReplicaLag(replicas: ReplicaReads): Promise<ReplicaLag[]> {
  const position = await replicas.primaryPosition().catch(() => undefined);
  return Promise.all(
    replicas.settings.hosts.map(async ({ host, port }) => {
      const replica = `${host}:${port}`;
      if (position === undefined) return { replica, seconds: Number.NaN };
      let connection: mysql.Connection | undefined;
      try {
        connection = await mysql.createConnection({ host, port, user: replicas.settings.user, password: replicas.settings.password, connectTimeout: 1_000 });
        const started = performance.now();
        const [rows] = await connection.query('SELECT MASTER_GTID_WAIT(?, ?) AS reached', [position, MAX_MEASURED_LAG_S]);
        const reached = Number((rows as Array<{ reached: number }>)[0]?.reached);
        return { replica, seconds: reached === 0 ? (performance.now() - started) / 1000 : MAX_MEASURED_LAG_S };
      } catch {
        return { replica, seconds: Number.NaN };
      } finally {
        await connection?.end().catch(() => {});
      }
    }),
  );
}
