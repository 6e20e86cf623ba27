import { ConnectionError, type Sequelize } from 'sequelize';
import { GtidPosition } from './gtid-position.js';

export interface ReplicaAddress {
  readonly host: string;
  readonly port: number;
}

export interface ReadReplicaSettings {
  readonly hosts: readonly ReplicaAddress[];
  /** An account with read rights only on the replicas: read_only=ON does not stop one with ALL. */
  readonly user: string;
  readonly password: string;
}

/** How long a read waits for its replica to apply this process's last write before the primary answers it instead. */
const CATCH_UP_WAIT_S = 1;

/** A mysql2 connection as Sequelize's pools hand it out; `queryType` says which pool. */
interface PooledConnection {
  queryType?: 'read' | 'write';
  query(sql: string, values: readonly unknown[], callback: (error: Error | null, rows: unknown) => void): unknown;
}

interface ConnectionManager {
  getConnection(options?: { type?: string; useMaster?: boolean; uuid?: string }): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): void;
}

/** What a server with replicas knows about them, for the metrics. */
export interface ReplicaReads {
  readonly settings: ReadReplicaSettings;
  /** Reads the primary answered because a replica could not be reached or had not caught up in time. */
  readonly fallbacks: number;
  /** The primary's binlog position now: everything committed so far. */
  primaryPosition(): Promise<string>;
}

const handles = new WeakMap<Sequelize, ReplicaReads>();

/** The replicas this Sequelize reads from, if any. */
export function replicaReadsOf(sequelize: Sequelize): ReplicaReads | undefined {
  return handles.get(sequelize);
}

/**
 * Read-your-writes over asynchronous MariaDB replicas. Sequelize already sends reads outside a
 * transaction to the replicas and everything else to the primary; on its own that answers a
 * client the version before its own write (196 reads of 200 were stale right after a commit, in
 * the measured recipe). So:
 * - after each write this process commits (a COMMIT, or a write outside a transaction) it reads
 *   the write's GTID on the same connection (@@last_gtid) and keeps the highest per domain;
 * - a replica connection, before it serves a read, waits for the replica to have applied that
 *   position (MASTER_GTID_WAIT; once per connection and position, so a caught-up process pays
 *   nothing), up to 1 s; past that, or if no replica answers, the primary serves the read.
 * Another process's writes may still be missing from a read for as long as the replica lags
 * (db_replica_lag_seconds).
 */
export function readFromReplicas(sequelize: Sequelize, settings: ReadReplicaSettings): void {
  const manager = sequelize.connectionManager as unknown as ConnectionManager;
  const written = new GtidPosition();
  const caughtUp = new WeakMap<PooledConnection, string>();
  // A write whose GTID could not be read: until the next one is read, the primary answers every read.
  let positionUnknown = false;
  let fallbacks = 0;

  sequelize.addHook('afterQuery', async (options, query) => {
    const { connection, sql } = query as unknown as { connection?: PooledConnection; sql?: string };
    if (!connection || connection.queryType === 'read' || !committedWrite(sql ?? '', options.transaction !== undefined)) return;
    try {
      const [row] = (await ask(connection, 'SELECT @@last_gtid AS gtid')) as Array<{ gtid: string }>;
      if (row?.gtid) written.advance(row.gtid);
      positionUnknown = false;
    } catch {
      positionUnknown = true;
    }
  });

  const acquire = manager.getConnection.bind(manager);
  const fromPrimary = (options: { type?: string }) => {
    fallbacks++;
    return acquire({ ...options, useMaster: true });
  };
  manager.getConnection = async (options = {}) => {
    if (options.type !== 'SELECT' || options.useMaster === true) return acquire(options);
    if (positionUnknown) return fromPrimary(options);
    let connection: PooledConnection;
    try {
      connection = await acquire(options);
    } catch (error) {
      if (error instanceof ConnectionError) return fromPrimary(options);
      throw error;
    }
    const target = written.text();
    if (connection.queryType !== 'read' || target === '' || caughtUp.get(connection) === target) return connection;
    try {
      const [row] = (await ask(connection, 'SELECT MASTER_GTID_WAIT(?, ?) AS reached', [target, CATCH_UP_WAIT_S])) as Array<{ reached: number }>;
      if (Number(row?.reached) === 0) {
        caughtUp.set(connection, target);
        return connection;
      }
    } catch {
      // A replica connection that broke: the pool drops it; the primary answers this read.
    }
    manager.releaseConnection(connection);
    return fromPrimary(options);
  };

  handles.set(sequelize, {
    settings,
    get fallbacks() {
      return fallbacks;
    },
    async primaryPosition() {
      const connection = await acquire({ type: 'SELECT', useMaster: true });
      try {
        const [row] = (await ask(connection, 'SELECT @@gtid_binlog_pos AS position')) as Array<{ position: string }>;
        return row?.position ?? '';
      } finally {
        manager.releaseConnection(connection);
      }
    },
  });
}

/** A statement after which the primary holds a new transaction: a COMMIT, or a write outside any transaction (autocommit). */
function committedWrite(sql: string, inTransaction: boolean): boolean {
  return inTransaction ? /^\s*COMMIT\b/i.test(sql) : /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql);
}

function ask(connection: PooledConnection, sql: string, values: readonly unknown[] = []): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    connection.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as unknown[])));
  });
}
