import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import type { MySqlSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { quietPorts } from './free-port.js';

/** The app's account, created on node 1 once it is Synced; the cluster replicates it to the others. */
const APP_USER = { user: 'shop', password: 'shop-galera-password' };
/** How long a node may take to reach Synced (a full rsync state transfer took about 15 s for two joiners at once). */
const SYNC_TIMEOUT_MS = 90_000;

const exec = promisify(execFile);

export interface GaleraNode {
  /** The node's SQL port on 127.0.0.1. */
  readonly port: number;
  /** The app's account and the named database (createDatabase), on this node. */
  settings(database: string): MySqlSettings;
}

export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[];
  /** One MySqlSettings per node, in node order: what a set of API processes takes. */
  settings(database: string): MySqlSettings[];
  /** Created on node 1; replicated to every node (DDL is applied cluster-wide, in total order). */
  createDatabase(name: string): Promise<void>;
  /**
   * Runs SQL as root over the node's own socket (no client config read), and returns the rows. A
   * causal read (wsrep_sync_wait=1: it sees every write set certified anywhere before it) unless
   * `causal: false`, as status polls want (a causal wait stalls while the cluster does).
   */
  query<T = Record<string, unknown>>(nodeIndex: number, sql: string, options?: { causal?: boolean }): Promise<T[]>;
  /** SIGKILL to the node's mariadbd, as a crash; resolves once it is gone. */
  kill(nodeIndex: number): Promise<void>;
  /** Starts a stopped node again (never with --wsrep-new-cluster: it joins the others) and resolves once it is Synced. */
  restart(nodeIndex: number): Promise<void>;
  /** The node's whole error log (mariadbd's and the state transfers' lines). */
  errorLog(nodeIndex: number): Promise<string>;
  /** Milliseconds the cluster took to start (bootstrap, app user, two joiners Synced). */
  readonly startedInMs: number;
  /** SIGTERM then SIGKILL to every node's process group (the SST's rsync daemons too), and deletes the folder. */
  remove(): Promise<void>;
}

interface NodeFiles {
  readonly index: number;
  readonly dir: string;
  readonly cnf: string;
  readonly socket: string;
  readonly port: number;
  process?: ChildProcess;
}

/**
 * A Galera cluster of the test's own, from one temp folder on free loopback ports, beside the
 * shared MariaDB on 3306 (never touched), as ../shared/design/scale-out.md measured it:
 * `--defaults-file` first; `user=mysql` with the folders chowned (rsync state transfer runs its
 * daemon as nobody otherwise, and cannot write a root-owned datadir); the IST port set explicitly
 * (its default, base_port + 1, could be the next node's group port); node 1 initialised and
 * bootstrapped with --wsrep-new-cluster, the app user created there once it is Synced, then the
 * other nodes started with empty data folders, receiving a full state transfer.
 */
export async function startGaleraCluster(options: { nodes?: number } = {}): Promise<GaleraCluster> {
  const count = options.nodes ?? 3;
  const provider = await requireGalera();
  const started = performance.now();
  const root = await mkdtemp(path.join(tmpdir(), 'ecommerce-galera-'));
  const nodes: NodeFiles[] = [];
  try {
    // Four ports a node: SQL, group communication, incremental and full state transfer.
    const ports = await quietPorts(count * 4);
    const groupPorts = ports.slice(count, count * 2);
    const clusterAddress = `gcomm://${groupPorts.map((p) => `127.0.0.1:${p}`).join(',')}`;
    for (let i = 0; i < count; i++) {
      const dir = path.join(root, `n${i + 1}`);
      await mkdir(path.join(dir, 'data'), { recursive: true });
      const node: NodeFiles = { index: i, dir, cnf: path.join(dir, 'my.cnf'), socket: path.join(dir, 'mariadb.sock'), port: ports[i]! };
      const [group, ist, sst] = [ports[count + i]!, ports[2 * count + i]!, ports[3 * count + i]!];
      await writeFile(
        node.cnf,
        [
          '[mariadbd]',
          'user=mysql',
          `port=${node.port}`,
          'bind-address=127.0.0.1',
          `datadir=${path.join(dir, 'data')}`,
          `socket=${node.socket}`,
          `pid-file=${path.join(dir, 'mariadb.pid')}`,
          `log-error=${path.join(dir, 'error.log')}`,
          'skip-name-resolve',
          'performance_schema=OFF',
          'max_connections=300',
          'innodb_buffer_pool_size=64M',
          'innodb_log_file_size=48M',
          'binlog_format=ROW',
          'default_storage_engine=InnoDB',
          'innodb_autoinc_lock_mode=2',
          'wsrep_on=ON',
          `wsrep_provider=${provider}`,
          'wsrep_cluster_name=ecommerce_test',
          `wsrep_cluster_address=${clusterAddress}`,
          `wsrep_node_name=n${i + 1}`,
          'wsrep_node_address=127.0.0.1',
          `wsrep_provider_options="base_port=${group};gmcast.listen_addr=tcp://127.0.0.1:${group};ist.recv_addr=127.0.0.1:${ist};gcache.size=64M"`,
          `wsrep_sst_receive_address=127.0.0.1:${sst}`,
          'wsrep_sst_method=rsync',
          '',
        ].join('\n'),
      );
      nodes.push(node);
    }
    // Owned by mysql before anything is written (mariadbd drops to it), and again after, for what
    // mariadb-install-db wrote. Node 1 only is initialised; the others get its data by state transfer.
    await exec('chown', ['-R', 'mysql:mysql', root]);
    await exec('mariadb-install-db', [`--defaults-file=${nodes[0]!.cnf}`, '--auth-root-authentication-method=normal'], { timeout: 60_000 });
    await exec('chown', ['-R', 'mysql:mysql', root]);

    await startNode(nodes[0]!, ['--wsrep-new-cluster']);
    await waitSynced(nodes[0]!);
    const admin = await rootConnection(nodes[0]!);
    try {
      await admin.query(`CREATE USER '${APP_USER.user}'@'127.0.0.1' IDENTIFIED BY '${APP_USER.password}'`);
      await admin.query(`GRANT ALL ON *.* TO '${APP_USER.user}'@'127.0.0.1'`);
    } finally {
      await admin.end();
    }
    await Promise.all(nodes.slice(1).map(async (node) => {
      await startNode(node);
      await waitSynced(node);
    }));
    const [size] = await queryNode(nodes[0]!, "SHOW STATUS LIKE 'wsrep_cluster_size'");
    if (Number(size?.Value) !== count) throw new Error(`wsrep_cluster_size is ${String(size?.Value)}, not ${count}`);
  } catch (error) {
    await removeAll(nodes, root);
    throw error;
  }
  const startedInMs = Math.round(performance.now() - started);

  const settingsOf = (node: NodeFiles, database: string): MySqlSettings => ({ dialect: 'mysql', host: '127.0.0.1', port: node.port, database, ...APP_USER });
  const nodeAt = (index: number) => {
    const node = nodes[index];
    if (!node) throw new Error(`no node ${index} (the cluster has ${nodes.length})`);
    return node;
  };
  return {
    nodes: nodes.map((node) => ({ port: node.port, settings: (database: string) => settingsOf(node, database) })),
    settings: (database) => nodes.map((node) => settingsOf(node, database)),
    startedInMs,
    async createDatabase(name) {
      await queryNode(nodes[0]!, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    },
    query: <T>(index: number, sql: string, options: { causal?: boolean } = {}) => queryNode(nodeAt(index), sql, options.causal ?? true) as Promise<T[]>,
    async kill(index) {
      await stopNode(nodeAt(index), 'SIGKILL');
    },
    async restart(index) {
      const node = nodeAt(index);
      if (running(node)) throw new Error(`node ${index + 1} is still running`);
      await startNode(node);
      await waitSynced(node);
    },
    errorLog: (index) => readFile(path.join(nodeAt(index).dir, 'error.log'), 'utf8').catch(() => '(no error log)'),
    remove: () => removeAll(nodes, root),
  };
}

/** The path of galera-4's provider library; installs galera-4 and rsync if either is missing, or says how to. */
async function requireGalera(): Promise<string> {
  const find = async () => {
    const listed = await exec('dpkg', ['-L', 'galera-4']).then((r) => r.stdout, () => '');
    const provider = listed.split('\n').find((line) => line.endsWith('/libgalera_smm.so') && existsSync(line));
    return { provider, rsync: existsSync('/usr/bin/rsync') };
  };
  let found = await find();
  if (found.provider && found.rsync) return found.provider;
  try {
    await exec('apt-get', ['install', '-y', 'galera-4', 'rsync'], { timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    // Reported below, with what is still missing.
  }
  found = await find();
  if (found.provider && found.rsync) return found.provider;
  const missing = [found.provider ? undefined : 'galera-4 (libgalera_smm.so)', found.rsync ? undefined : 'rsync'].filter(Boolean).join(' and ');
  throw new Error(`the Galera tests need ${missing}, and apt-get could not install them: run \`sudo apt-get install -y galera-4 rsync\` (Debian/Ubuntu) and try again`);
}

function running(node: NodeFiles): boolean {
  const child = node.process;
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

async function startNode(node: NodeFiles, extraArgs: readonly string[] = []): Promise<void> {
  // --defaults-file first, so the system config (the shared server's) is not read. Its own process
  // group, so remove() also reaches a state transfer's rsync daemon and scripts.
  node.process = spawn('/usr/sbin/mariadbd', [`--defaults-file=${node.cnf}`, ...extraArgs], { stdio: 'ignore', detached: true });
  node.process.on('error', () => {}); // reported by waitSynced as an exit
}

/** Polls the node's socket until wsrep_local_state_comment is Synced, failing as soon as the process has exited. */
async function waitSynced(node: NodeFiles): Promise<void> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  let state = '(no answer)';
  for (;;) {
    if (!running(node)) throw new Error(`node ${node.index + 1} (mariadbd) exited before it was Synced:\n${await errorLogTail(node)}`);
    try {
      const [row] = await queryNode(node, "SHOW STATUS LIKE 'wsrep_local_state_comment'");
      state = String(row?.Value);
      if (state === 'Synced') return;
    } catch (error) {
      state = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`node ${node.index + 1} not Synced within ${SYNC_TIMEOUT_MS} ms (last: ${state}):\n${await errorLogTail(node)}`);
    await sleep(200);
  }
}

function rootConnection(node: NodeFiles) {
  return mysql.createConnection({ socketPath: node.socket, user: 'root', password: '', connectTimeout: 5_000 });
}

/** `causal`: the read waits until the node has applied every write set certified before it (a read right after a commit elsewhere is otherwise stale now and then). */
async function queryNode(node: NodeFiles, sql: string, causal = false): Promise<Record<string, unknown>[]> {
  const connection = await rootConnection(node);
  try {
    if (causal) await connection.query('SET SESSION wsrep_sync_wait = 1');
    const [rows] = await connection.query(sql);
    return rows as Record<string, unknown>[];
  } finally {
    await connection.end().catch(() => connection.destroy());
  }
}

/** Sends the signal to the node's process group and waits for mariadbd to exit (at most waitMs). */
async function stopNode(node: NodeFiles, signal: NodeJS.Signals, waitMs = 15_000): Promise<boolean> {
  const child = node.process;
  if (!child || child.pid === undefined) return true;
  if (!running(node)) {
    signalGroup(child.pid, 'SIGKILL'); // anything of its group left behind
    return true;
  }
  const exited = new Promise<true>((resolve) => child.once('exit', () => resolve(true)));
  // A crash: SIGKILL to mariadbd alone (as the kernel's OOM killer would); SIGTERM to it alone too,
  // since it stops its own helpers. The group is swept with SIGKILL once mariadbd is gone.
  child.kill(signal);
  const done = await Promise.race([exited, sleep(waitMs).then(() => false)]);
  if (done) signalGroup(child.pid, 'SIGKILL');
  return done;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is empty already.
  }
}

async function removeAll(nodes: readonly NodeFiles[], root: string): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      if (!(await stopNode(node, 'SIGTERM', 10_000))) await stopNode(node, 'SIGKILL');
    }),
  );
  await rm(root, { recursive: true, force: true });
}

async function errorLogTail(node: NodeFiles): Promise<string> {
  const text = await readFile(path.join(node.dir, 'error.log'), 'utf8').catch(() => '(no error log)');
  return text.split('\n').slice(-40).join('\n');
}
