import { setTimeout as sleep } from 'node:timers/promises';
import type { MySqlSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { startPrivateMariaDb, type PrivateMariaDb } from './private-mariadb.js';

/** The app's read-only account: SELECT only, so no mistake can write to a replica (read_only=ON does not stop an account with ALL). */
export const READ_USER = { user: 'shop_read', password: 'shop-read-password' };
const REPLICATION_USER = { user: 'repl', password: 'repl-password' };

export interface ReplicaPair {
  readonly primary: PrivateMariaDb;
  readonly replica: PrivateMariaDb;
  /** The app's settings on the primary, with the replica as its read host (DB_READ_HOSTS). */
  settings(database: string): MySqlSettings;
  /** Creates the database on the primary and waits until the replica has it too. */
  createDatabase(name: string): Promise<void>;
  /** Resolves once the replica has applied everything the primary has committed. */
  caughtUp(): Promise<void>;
  remove(): Promise<void>;
}

const COMMON = ['log-bin=mariadb-bin', 'binlog_format=ROW', 'gtid_strict_mode=ON', 'log_slave_updates=ON'];

/**
 * A primary and an asynchronous GTID replica, each a private mariadbd from a temp folder, as
 * ../shared/design/scale-out.md's recipe builds them. Accounts and schemas are created on the
 * primary only; the replica receives them through the binlog.
 */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const started = await Promise.allSettled([
    startPrivateMariaDb({ extraSettings: ['server-id=1', ...COMMON] }),
    startPrivateMariaDb({ createAppUser: false, extraSettings: ['server-id=2', ...COMMON, 'read_only=ON', 'relay-log=relay-bin'] }),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.allSettled(started.map((result) => (result.status === 'fulfilled' ? result.value.remove() : undefined)));
    throw failed.reason;
  }
  const [primary, replica] = started.map((result) => (result as PromiseFulfilledResult<PrivateMariaDb>).value) as [PrivateMariaDb, PrivateMariaDb];
  try {
    await primary.rootQuery(
      `CREATE USER '${REPLICATION_USER.user}'@'127.0.0.1' IDENTIFIED BY '${REPLICATION_USER.password}'`,
      `GRANT REPLICATION SLAVE ON *.* TO '${REPLICATION_USER.user}'@'127.0.0.1'`,
      `CREATE USER '${READ_USER.user}'@'127.0.0.1' IDENTIFIED BY '${READ_USER.password}'`,
      `GRANT SELECT ON *.* TO '${READ_USER.user}'@'127.0.0.1'`,
    );
    await replica.rootQuery(
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='${REPLICATION_USER.user}', ` +
        `MASTER_PASSWORD='${REPLICATION_USER.password}', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1`,
      'START SLAVE',
    );
  } catch (error) {
    await Promise.allSettled([primary.remove(), replica.remove()]);
    throw error;
  }

  const caughtUp = async () => {
    const [row] = (await primary.rootQuery('SELECT @@gtid_binlog_pos AS position')) as Array<{ position: string }>;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [reached] = (await replica.rootQuery(`SELECT MASTER_GTID_WAIT('${row!.position}', 1) AS result`)) as Array<{ result: number }>;
      if (Number(reached!.result) === 0) return;
      if (Date.now() > deadline) {
        const status = await replica.rootQuery('SHOW SLAVE STATUS');
        throw new Error(`the replica did not catch up within 30 s: ${JSON.stringify(status)}`);
      }
      await sleep(100);
    }
  };
  await caughtUp();

  return {
    primary,
    replica,
    settings: (database) => ({
      ...primary.settings(database),
      readReplicas: { hosts: [{ host: '127.0.0.1', port: replica.port }], ...READ_USER },
    }),
    async createDatabase(name) {
      await primary.createDatabase(name);
      await caughtUp();
    },
    caughtUp,
    async remove() {
      await Promise.allSettled([replica.remove(), primary.remove()]);
    },
  };
}
