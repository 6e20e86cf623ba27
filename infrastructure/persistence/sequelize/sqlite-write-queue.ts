import { AsyncLocalStorage } from 'node:async_hooks';
import { QueryTypes, type Sequelize } from 'sequelize';

/**
 * One writer at a time, first come first served, within this process.
 *
 * SQLite has a single write lock per file. Left to the driver, every waiting writer blocks one of
 * libuv's four worker threads in SQLite's busy handler, so the writer that holds the lock can be
 * starved of a thread to finish on, and under load requests fail with SQLITE_BUSY. Queued here,
 * waiting costs a promise, not a thread; the busy timeout is left for other processes.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private readonly holding = new AsyncLocalStorage<true>();

  /** Runs `work` once every writer queued before it has finished; a writer's own nested calls pass straight through. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.holding.getStore()) return work();
    const release = await this.acquire();
    try {
      return await this.holding.run(true, work);
    } finally {
      release();
    }
  }

  /** True inside a `run` of this queue. */
  isHeld(): boolean {
    return this.holding.getStore() === true;
  }

  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

const queues = new WeakMap<Sequelize, WriteQueue>();

/** The write queue of a SQLite Sequelize instance; undefined for MySQL, whose writers need none. */
export function writeQueueOf(sequelize: Sequelize): WriteQueue | undefined {
  return queues.get(sequelize);
}

/**
 * Puts every statement that may write and runs outside a transaction in the write queue.
 * Statements inside a transaction need no place of their own: the unit of work queued the whole
 * transaction. Reads never wait (WAL).
 */
export function guardSqliteWrites(sequelize: Sequelize): WriteQueue {
  const queue = new WriteQueue();
  queues.set(sequelize, queue);
  const releases = new WeakMap<object, () => void>();
  sequelize.addHook('beforeQuery', async (options: { transaction?: unknown; type?: string }, query: object) => {
    if (options.transaction || options.type === QueryTypes.SELECT || queue.isHeld()) return;
    releases.set(query, await queue.acquire());
  });
  sequelize.addHook('afterQuery', (_options: unknown, query: object) => {
    releases.get(query)?.();
    releases.delete(query);
  });
  return queue;
}
