import type { Sequelize } from 'sequelize';

/** Connections of the database pool right now. */
export interface PoolStats {
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
}

/** What sequelize-pool exposes (MySQL); not part of Sequelize's typings. */
interface SequelizePool {
  readonly using?: number;
  readonly available?: number;
  readonly waiting?: number;
}

/**
 * Reads the pool at call time. MySQL: sequelize-pool's using / available / waiting. SQLite has
 * no pool: the shared connection ('default', opened on first use and kept) counts as idle, each
 * transaction's own connection (keyed by its id, closed at its end) as in use; nothing waits
 * (this process's transactions queue in the write queue instead).
 */
export function poolStats(sequelize: Sequelize): () => PoolStats {
  return () => {
    const manager = sequelize.connectionManager as unknown as {
      pool?: SequelizePool & { write?: SequelizePool; read?: SequelizePool };
      connections?: Record<string, unknown>;
    };
    if (sequelize.getDialect() === 'sqlite') {
      const open = Object.keys(manager.connections ?? {});
      const idle = open.filter((key) => key === 'default').length;
      return { inUse: open.length - idle, idle, waiting: 0 };
    }
    // With read replicas (DB_READ_HOSTS) there are two pools, { read, write }: both count.
    const pools: SequelizePool[] = manager.pool?.write ? [manager.pool.write, manager.pool.read ?? {}] : [manager.pool ?? {}];
    const sum = (pick: (pool: SequelizePool) => number | undefined) => pools.reduce((total, pool) => total + (pick(pool) ?? 0), 0);
    return { inUse: sum((p) => p.using), idle: sum((p) => p.available), waiting: sum((p) => p.waiting) };
  };
}
