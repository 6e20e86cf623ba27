import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OrderRepository } from '../../domain/ordering/order.repository.js';
import { orderLine, orderTotal } from '../../domain/ordering/order.js';
import type { ProductGroupRepository } from '../../domain/catalog/product-group.repository.js';
import type { ProductRepository } from '../../domain/catalog/product.repository.js';
import { StorageBusyError } from '../../domain/shared/domain-error.js';
import { Money } from '../../domain/shared/money.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import {
  createSequelize,
  EmbeddedDatabaseUnavailableError,
  sqliteStorage,
  type SqliteSettings,
} from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { createDatabaseIfMissing, dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { toDomainError } from '../../infrastructure/persistence/sequelize/database-errors.js';
import { migrateToLatest } from '../../infrastructure/persistence/sequelize/migrator.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { openDatabase } from '../../src/startup.js';
import type { OrderingUseCases } from '../../domain/ordering/use-cases/ordering-use-cases.js';
import { seed } from '../support/test-app.js';
import { createTestDatabase, DIALECTS, newTestDatabaseSettings, type TestDatabase } from '../support/test-database.js';

// What is particular to the embedded database, and the places where the two dialects must agree.

describe('loading the embedded driver', () => {
  const settings = newTestDatabaseSettings('sqlite') as SqliteSettings;
  const brokenBuild = () => {
    throw new Error("Could not locate the bindings file. Tried:\n → /app/node_modules/sqlite3/build/node_sqlite3.node\n → ...");
  };
  afterAll(() => dropDatabase(settings));

  it('fails with one line that says how to use MySQL instead', () => {
    expect(() => createSequelize(settings, undefined, { loadSqlite: brokenBuild })).toThrow(EmbeddedDatabaseUnavailableError);
    expect(() => createSequelize(settings, undefined, { loadSqlite: brokenBuild })).toThrow(
      /^the embedded SQLite database is not available here \(the sqlite3 module did not load: Could not locate the bindings file\. Tried:\); to use MySQL instead, set DB_NAME, DB_USER and DB_PASSWORD in \.env \(or DATABASE_URL\)$/,
    );
  });

  it('stops startup before it creates any file', async () => {
    const config = { port: 0, logLevel: 'silent', database: settings };
    await expect(openDatabase(config, undefined, { loadSqlite: brokenBuild })).rejects.toThrow(/set DB_NAME, DB_USER and DB_PASSWORD/);
    expect(existsSync(sqliteStorage(settings))).toBe(false);
  });
});

describe('SQLite connections', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ dialect: 'sqlite' });
  });
  afterAll(() => db?.drop());

  const pragma = async (sequelize: Sequelize, name: string) =>
    Object.values((await sequelize.query<Record<string, unknown>>(`PRAGMA ${name}`, { type: QueryTypes.SELECT }))[0] ?? {})[0];

  it('run in WAL mode with foreign keys on and a busy timeout, inside transactions too', async () => {
    expect(await pragma(db.sequelize, 'journal_mode')).toBe('wal');
    expect(await pragma(db.sequelize, 'foreign_keys')).toBe(1);
    expect(await pragma(db.sequelize, 'busy_timeout')).toBe(5000);
    // Each transaction opens a connection of its own; it must be set up the same way.
    await db.sequelize.transaction(async (transaction) => {
      const inside = await db.sequelize.query<Record<string, unknown>>('PRAGMA foreign_keys', { type: QueryTypes.SELECT, transaction });
      expect(Object.values(inside[0]!)[0]).toBe(1);
    });
  });

  it('never create a database file that is missing: that is a 503, not a new empty catalog', async () => {
    const missing = newTestDatabaseSettings('sqlite') as SqliteSettings;
    const sequelize = createSequelize(missing);
    try {
      const error = await sequelize.query('SELECT 1').catch((e: unknown) => e);
      expect(toDomainError(error)).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      expect(existsSync(sqliteStorage(missing))).toBe(false);
    } finally {
      await sequelize.close();
    }
  });

  it('round-trip the widest order total, DECIMAL(15,2), to the cent', async () => {
    const container = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) });
    const products = container.get<ProductRepository>(TOKENS.ProductRepository);
    const orders = container.get<OrderRepository>(TOKENS.OrderRepository);
    const id = await products.create({ name: 'Yacht', price: Money.fromDecimal('99999999.99'), stock: 100_000, categoryId: null }, []);
    const lines = [orderLine(id, 'Yacht', Money.fromDecimal('99999999.99'), 99_999), orderLine(id, 'Yacht', Money.fromDecimal('0.10'), 1)];
    const at = new Date('2026-11-26T12:00:00.123Z');
    const order = { id: '00000000-0000-4000-8000-000000000001', email: 'a@b.co', status: 'placed' as const, lines, total: orderTotal(lines), createdAt: at, updatedAt: at };
    await orders.create(order, 'b'.repeat(64));
    const stored = await orders.findById(order.id);
    expect(stored!.total.toDecimal()).toBe('9999899999000.11');
    expect(stored!.lines.map((line) => line.lineTotal.toDecimal())).toEqual(['9999899999000.01', '0.10']);
    expect(stored!.createdAt.toISOString()).toBe('2026-11-26T12:00:00.123Z');
  });

  it('keep a CHECK violation a bug, as MySQL does: it passes through untranslated', async () => {
    await db.sequelize.query("INSERT INTO product (product_name, price, stock) VALUES ('Hat', '1.00', 1)");
    const error = await db.sequelize.query('UPDATE product SET stock = -1').catch((e: unknown) => e);
    expect((error as { original?: Error }).original?.message).toMatch(/CHECK constraint failed: product_stock_non_negative/);
    expect(toDomainError(error)).toBe(error);
  });
});

describe('a write lock held by another process', () => {
  let settings: SqliteSettings;
  let ours: Sequelize;
  let theirs: Sequelize;
  let release: (() => void) | undefined;

  beforeAll(async () => {
    settings = newTestDatabaseSettings('sqlite') as SqliteSettings;
    await createDatabaseIfMissing(settings);
    ours = createSequelize(settings, undefined, { busyTimeoutMs: 20 });
    await migrateToLatest(ours);
    theirs = createSequelize(settings); // another Sequelize: its own connections and write queue, as another process
  });
  afterEach(() => release?.());
  afterAll(async () => {
    await Promise.allSettled([ours?.close(), theirs?.close()]);
    await dropDatabase(settings);
  });

  /** Holds the file's write lock from the other "process" until release() is called. */
  async function holdWriteLock(): Promise<void> {
    let locked!: () => void;
    const hasLock = new Promise<void>((resolve) => (locked = resolve));
    void theirs.transaction(async (transaction) => {
      await theirs.query("INSERT INTO tag (tag_name) VALUES ('held')", { transaction });
      locked();
      await new Promise<void>((resolve) => (release = resolve));
      throw new Error('roll back');
    }).catch(() => {});
    await hasLock;
  }

  // The unit of work and repository as the server wires them: the repository translates its
  // errors, so the retry must recognise a busy error that arrives already translated.
  let wired: ReturnType<typeof buildContainer> | undefined;
  const container = () => (wired ??= buildContainer({ sequelize: ours, logger: pino({ level: 'silent' }) }));
  const unitOfWork = (): UnitOfWork => container().get<UnitOfWork>(TOKENS.UnitOfWork);
  const insertTag = async () => {
    await container().get<ProductGroupRepository>(TOKENS.TagRepository).create('mine');
  };

  it('makes a unit of work retry, then answer STORAGE_BUSY (503), like a MySQL deadlock', async () => {
    await holdWriteLock();
    await expect(unitOfWork().run(insertTag)).rejects.toThrow(StorageBusyError);
  });

  it('lets the unit of work through once the lock is released during its retries', async () => {
    await holdWriteLock();
    setTimeout(() => release?.(), 60);
    await unitOfWork().run(insertTag);
    const tags = await ours.query<{ tag_name: string }>('SELECT tag_name FROM tag', { type: QueryTypes.SELECT });
    expect(tags.map((t) => t.tag_name)).toEqual(['mine']);
  });

  // On SQLite the write lock is taken at BEGIN, so busy arrives there; on MySQL a deadlock arrives
  // mid-transaction, from a repository, already translated: it must be retried just the same.
  it('retries work that failed with a busy error its repository already translated', async () => {
    let attempts = 0;
    const result = await unitOfWork().run(async () => {
      attempts += 1;
      if (attempts < 3) throw new StorageBusyError();
      return 'done';
    });
    expect({ result, attempts }).toEqual({ result: 'done', attempts: 3 });
  });
});

describe.each(DIALECTS)('placing an order on %s', (dialect) => {
  let db: TestDatabase;
  const statements: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase({ dialect });
    const logged = createSequelize(db.settings, (sql) => statements.push(sql));
    const container = buildContainer({ sequelize: logged, logger: pino({ level: 'silent' }) });
    await seed(container);
    statements.length = 0;
    await container.get<OrderingUseCases>(TOKENS.OrderingUseCases).place.execute({ email: 'a@b.co', items: [{ productId: 1, quantity: 1 }] });
    await logged.close();
  });
  afterAll(() => db?.drop());

  it(dialect === 'sqlite' ? 'takes the write lock up front and sends no FOR UPDATE' : 'locks the products with FOR UPDATE', () => {
    const forUpdate = statements.filter((sql) => /FOR UPDATE/i.test(sql));
    if (dialect === 'sqlite') {
      expect(forUpdate).toEqual([]);
      expect(statements.some((sql) => /BEGIN IMMEDIATE/i.test(sql))).toBe(true);
    } else {
      expect(forUpdate).toHaveLength(1);
    }
  });
});
