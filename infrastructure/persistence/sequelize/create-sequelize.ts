import { createRequire } from 'node:module';
import path from 'node:path';
import { Sequelize, Transaction } from 'sequelize';
import { sqliteDriver, type SqliteModule } from './sqlite-driver.js';
import { guardSqliteWrites } from './sqlite-write-queue.js';
import { readFromReplicas, type ReadReplicaSettings } from './read-replicas.js';
import { limitStatementTime } from './statement-deadlines.js';

export type { ReadReplicaSettings, ReplicaAddress } from './read-replicas.js';

/** A MySQL or MariaDB server, through mysql2: the production target. */
export interface MySqlSettings {
  readonly dialect?: 'mysql';
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** Replicas of this database that may answer catalog reads (DB_READ_HOSTS). */
  readonly readReplicas?: ReadReplicaSettings;
}

/** An embedded SQLite file: the zero-configuration database. */
export interface SqliteSettings {
  readonly dialect: 'sqlite';
  /** The file as configured (SQLITE_PATH), relative to the working directory unless absolute. */
  readonly file: string;
}

export type DatabaseSettings = MySqlSettings | SqliteSettings;

export interface SequelizeOptions {
  /** Loads the sqlite3 module; tests inject one that throws, as a missing native build would. */
  readonly loadSqlite?: () => SqliteModule;
  /** SQLite: how long a statement waits for another process's write lock (default 5 s). */
  readonly busyTimeoutMs?: number;
  /**
   * MySQL: keep one connection open while idle (the pool otherwise closes its last one after 10 s
   * without a query), so a running server always shows in information_schema.PROCESSLIST and
   * `db:seed -- --reset` can see it and refuse.
   */
  readonly keepOneConnection?: boolean;
  /** MySQL: cut off any statement that runs longer (statement-deadlines.ts); unset: no limit, as migrations and bulk seeds need. */
  readonly statementTimeoutMs?: number;
  /**
   * MySQL with readReplicas: reads outside a transaction go to the replicas (read-replicas.ts).
   * Only the server asks for it; migrations, the CLI and the seed read what they wrote, on the primary.
   */
  readonly readFromReplicas?: boolean;
}

/** The embedded driver could not be loaded (not built, no compiler, no prebuilt binary). */
export class EmbeddedDatabaseUnavailableError extends Error {
  constructor(reason: string) {
    super(
      `the embedded SQLite database is not available here (the sqlite3 module did not load: ${reason}); ` +
        'to use MySQL instead, set DB_NAME, DB_USER and DB_PASSWORD in .env (or DATABASE_URL)',
    );
    this.name = 'EmbeddedDatabaseUnavailableError';
  }
}

/** How long a SQLite statement waits for another process's write lock before SQLITE_BUSY. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** A connection pool (MySQL) or a file (SQLite). Nothing connects until the first query. */
export function createSequelize(settings: DatabaseSettings, logSql?: (sql: string) => void, options: SequelizeOptions = {}): Sequelize {
  return settings.dialect === 'sqlite' ? createSqlite(settings, logSql, options) : createMySql(settings, logSql, options);
}

function createMySql(settings: MySqlSettings, logSql?: (sql: string) => void, options: SequelizeOptions = {}): Sequelize {
  const replicas = options.readFromReplicas === true ? settings.readReplicas : undefined;
  const sequelize = new Sequelize(settings.database, settings.user, settings.password, {
    host: settings.host,
    port: settings.port,
    ...(replicas ? { replication: replicationOf(settings, replicas) } : {}),
    dialect: 'mysql',
    logging: logSql ?? false,
    timezone: '+00:00',
    pool: { max: 10, min: options.keepOneConnection === true ? 1 : 0, acquire: 10_000, idle: 10_000 },
    dialectOptions: { connectTimeout: 5_000, charset: 'utf8mb4' },
    define: { timestamps: false, underscored: true },
  });
  if (options.statementTimeoutMs !== undefined) limitStatementTime(sequelize, options.statementTimeoutMs);
  if (replicas) readFromReplicas(sequelize, replicas);
  return sequelize;
}

/** Sequelize's two pools: writes, transactions and `useMaster` reads on the primary; other reads on the replicas in turn. */
function replicationOf(primary: MySqlSettings, replicas: ReadReplicaSettings) {
  return {
    write: { host: primary.host, port: primary.port, username: primary.user, password: primary.password },
    read: replicas.hosts.map((replica) => ({ host: replica.host, port: replica.port, username: replicas.user, password: replicas.password })),
  };
}

/**
 * The file must exist (`createDatabaseIfMissing`, which startup and db:create call): connections
 * open it read-write without creating it, so a file deleted under a running server is a 503,
 * never a new empty database.
 */
function createSqlite(settings: SqliteSettings, logSql: ((sql: string) => void) | undefined, options: SequelizeOptions): Sequelize {
  // Loaded here rather than by Sequelize, so that a driver that did not build ends in one clear line.
  const sqlite = loadSqliteModule(options.loadSqlite ?? requireSqlite);
  const sequelize = new Sequelize({
    dialect: 'sqlite',
    storage: sqliteStorage(settings),
    dialectModule: sqliteDriver(sqlite, options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS),
    dialectOptions: { mode: sqlite.OPEN_READWRITE },
    logging: logSql ?? false,
    // BEGIN IMMEDIATE: a write transaction takes the file's write lock up front, instead of
    // reading under a shared lock and failing with SQLITE_BUSY when it tries to write.
    transactionType: Transaction.TYPES.IMMEDIATE,
    define: { timestamps: false, underscored: true },
  });
  guardSqliteWrites(sequelize);
  forgetFailedConnections(sequelize);
  return sequelize;
}

/**
 * Sequelize 6's SQLite connection manager caches a connection before its file is open and keeps
 * it when opening fails: every later query then waits on it forever. Forgetting the failed one
 * makes the next query try the file again (and fail fast, as a 503, while it stays unreadable).
 */
function forgetFailedConnections(sequelize: Sequelize): void {
  const manager = sequelize.connectionManager as unknown as {
    connections: Record<string, unknown>;
    getConnection(options?: { uuid?: string }): Promise<unknown>;
  };
  const getConnection = manager.getConnection.bind(manager);
  manager.getConnection = async (options = {}) => {
    try {
      return await getConnection(options);
    } catch (error) {
      delete manager.connections[options.uuid ?? 'default'];
      throw error;
    }
  };
}

/** The absolute path of the SQLite file. */
export function sqliteStorage(settings: SqliteSettings): string {
  return path.resolve(settings.file);
}

function requireSqlite(): SqliteModule {
  return createRequire(import.meta.url)('sqlite3') as SqliteModule;
}

function loadSqliteModule(load: () => SqliteModule): SqliteModule {
  try {
    return load();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new EmbeddedDatabaseUnavailableError(message.split('\n')[0]!.trim());
  }
}
