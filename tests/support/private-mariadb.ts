import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { quietPorts } from './free-port.js';
import type { MySqlSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';

/** The app's account on a private server: TCP from 127.0.0.1, every right on its databases. */
const APP_USER = { user: 'shop', password: 'shop-test-password' };

export interface PrivateMariaDb {
  readonly port: number;
  /** Settings for the app's account and the named database (created by createDatabase). */
  settings(database: string): MySqlSettings;
  createDatabase(name: string): Promise<void>;
  /** Runs statements as root over the server's socket; resolves with the last one's rows. */
  rootQuery(...statements: string[]): Promise<unknown[]>;
  /** SIGTERM, as an operator's restart does; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Starts the server again on the same data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (SIGKILL if it must) and deletes its folder. */
  remove(): Promise<void>;
}

/**
 * A MariaDB server of a test's own, from a temp folder on a free port, that the test may stop and
 * start (the shared server on 3306 must never be touched). As ../shared/design/scale-out.md
 * measured: --defaults-file first, so the system config (the shared server's socket) is not read.
 * `extraSettings` are more `[mariadbd]` lines (`auto_increment_increment=3`). `createAppUser: false`
 * leaves the app's account out (a replica receives it from its primary; creating it on both breaks
 * replication).
 */
export async function startPrivateMariaDb(options: { extraSettings?: readonly string[]; createAppUser?: boolean } = {}): Promise<PrivateMariaDb> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ecommerce-mariadb-'));
  // Below the ephemeral range: a restart binds the port again, and by then a connection may hold it.
  const [port] = (await quietPorts(1)) as [number];
  const cnf = path.join(dir, 'my.cnf');
  const socket = path.join(dir, 'mariadb.sock');
  await writeFile(
    cnf,
    [
      '[mariadbd]',
      'user=root',
      `port=${port}`,
      'bind-address=127.0.0.1',
      `datadir=${path.join(dir, 'data')}`,
      `socket=${socket}`,
      `pid-file=${path.join(dir, 'mariadb.pid')}`,
      `log-error=${path.join(dir, 'error.log')}`,
      // Its own temp folder: two servers set up at once in the shared /tmp collided on a temporary table's name.
      `tmpdir=${dir}`,
      'skip-name-resolve',
      'innodb_buffer_pool_size=64M',
      'innodb_log_file_size=48M',
      'performance_schema=OFF',
      'max_connections=200',
      ...(options.extraSettings ?? []),
      '',
    ].join('\n'),
  );
  await promisify(execFile)('mariadb-install-db', [`--defaults-file=${cnf}`, '--auth-root-authentication-method=normal'], { timeout: 60_000 }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });

  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn('/usr/sbin/mariadbd', [`--defaults-file=${cnf}`], { stdio: 'ignore' });
    const child = server;
    const deadline = Date.now() + 30_000;
    // Poll the port and check the process is alive: a server that fails aborts, and a loop that
    // polled only the port would wait forever.
    while (!(await accepts(port))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`mariadbd exited at start:\n${await errorLog(dir)}`);
      if (Date.now() > deadline) throw new Error(`mariadbd did not accept connections within 30 s:\n${await errorLog(dir)}`);
      await sleep(100);
    }
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  const rootQuery = async (...statements: string[]) => {
    const admin = await mysql.createConnection({ socketPath: socket, user: 'root', password: '' });
    try {
      let rows: unknown[] = [];
      for (const sql of statements) [rows] = (await admin.query(sql)) as [unknown[], unknown];
      return rows;
    } finally {
      await admin.end();
    }
  };

  await start();
  // Over the socket as root (root@localhost), create the app's TCP account.
  if (options.createAppUser !== false) {
    await rootQuery(`CREATE USER '${APP_USER.user}'@'127.0.0.1' IDENTIFIED BY '${APP_USER.password}'`, `GRANT ALL ON *.* TO '${APP_USER.user}'@'127.0.0.1'`);
  }

  return {
    port,
    settings: (database) => ({ dialect: 'mysql', host: '127.0.0.1', port, database, ...APP_USER }),
    async createDatabase(name) {
      await rootQuery(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    },
    rootQuery,
    stop: () => stop('SIGTERM'),
    start,
    async remove() {
      await Promise.race([stop('SIGTERM'), sleep(10_000)]);
      await stop('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}


function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function errorLog(dir: string): Promise<string> {
  return readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '(no error log)');
}
