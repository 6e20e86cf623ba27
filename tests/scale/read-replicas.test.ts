import type { Express } from 'express';
import mysql from 'mysql2/promise';
import { pino } from 'pino';
import { Sequelize } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { migrateToLatest } from '../../infrastructure/persistence/sequelize/migrator.js';
import { replicaReadsOf } from '../../infrastructure/persistence/sequelize/read-replicas.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { READ_USER, startReplicaPair, type ReplicaPair } from '../support/replica-pair.js';

// DB_READ_HOSTS on a real primary + GTID replica (../shared/design/scale-out.md's recipe): catalog
// reads go to the replica, and the process that wrote never reads its write back stale.

const DATABASE = 'shop';
let pair: ReplicaPair;
let sequelize: Sequelize;
let app: Express;
let admin: { Authorization: string };

beforeAll(async () => {
  pair = await startReplicaPair();
  await pair.createDatabase(DATABASE);
  const migrating = createSequelize(pair.primary.settings(DATABASE));
  await migrateToLatest(migrating);
  await migrating.close();
  await pair.caughtUp();
  sequelize = createSequelize(pair.settings(DATABASE), undefined, { readFromReplicas: true });
  const container = buildContainer({ sequelize, logger: pino({ level: 'silent' }) });
  const { secret } = await container.get<AccessUseCases>(TOKENS.AccessUseCases).createKey.execute({ name: 'replica-test' });
  admin = { Authorization: `Bearer ${secret}` };
  app = container.get<Express>(TOKENS.App);
}, 120_000);

afterAll(async () => {
  await sequelize?.close().catch(() => {});
  await pair?.remove();
});

async function selectsOnReplica(): Promise<number> {
  const [row] = (await pair.replica.rootQuery("SHOW GLOBAL STATUS LIKE 'Com_select'")) as Array<{ Value: string }>;
  return Number(row!.Value);
}

describe('read replicas (DB_READ_HOSTS)', () => {
  it('without the GTID wait, a replica read right after a commit is often stale (what the wait is for)', async () => {
    const plain = new Sequelize(DATABASE, 'shop', 'shop-test-password', {
      dialect: 'mysql',
      logging: false,
      replication: {
        write: { host: '127.0.0.1', port: pair.primary.port },
        read: [{ host: '127.0.0.1', port: pair.replica.port, username: READ_USER.user, password: READ_USER.password }],
      },
    });
    try {
      await plain.query("INSERT INTO category (category_name) VALUES ('Stale probe')");
      const [{ id }] = (await plain.query("SELECT id FROM category WHERE category_name = 'Stale probe'", { type: 'SELECT', useMaster: true })) as unknown as [{ id: number }];
      let stale = 0;
      for (let i = 1; i <= 100; i++) {
        await plain.query(`UPDATE category SET category_name = 'Stale probe ${i}' WHERE id = ${id}`);
        const [row] = (await plain.query(`SELECT category_name AS name FROM category WHERE id = ${id}`, { type: 'SELECT' })) as unknown as [{ name: string }];
        if (row.name !== `Stale probe ${i}`) stale++;
      }
      expect(stale).toBeGreaterThan(0);
      await plain.query(`DELETE FROM category WHERE id = ${id}`);
    } finally {
      await plain.close();
    }
  });

  it('a product updated through this process is never read back stale, and the reads are served by the replica', async () => {
    const created = await request(app).post('/api/products').set(admin).send({ product_name: 'Replicated mug', price: 1, stock: 5 });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const selectsBefore = await selectsOnReplica();
    const fallbacksBefore = replicaReadsOf(sequelize)!.fallbacks;
    let stale = 0;
    for (let i = 1; i <= 200; i++) {
      const price = i + 0.25;
      expect((await request(app).put(`/api/products/${id}`).set(admin).send({ price })).status).toBe(200);
      const read = await request(app).get(`/api/products/${id}`);
      expect(read.status).toBe(200);
      if (read.body.price !== price) stale++;
    }
    expect(stale).toBe(0);
    // The reads were the replica's to answer: at least one SELECT there per GET, and the primary stood in for few.
    expect((await selectsOnReplica()) - selectsBefore).toBeGreaterThanOrEqual(200);
    expect(replicaReadsOf(sequelize)!.fallbacks - fallbacksBefore).toBeLessThan(10);
  }, 120_000);

  it('a category created (a write outside any transaction) is found at once, in the list too', async () => {
    for (let i = 0; i < 50; i++) {
      const created = await request(app).post('/api/categories').set(admin).send({ category_name: `Replica shelf ${i}` });
      expect(created.status).toBe(201);
      expect((await request(app).get(`/api/categories/${created.body.id}`)).status).toBe(200);
    }
    const list = await request(app).get('/api/categories?limit=100');
    expect(list.body.filter((c: { category_name: string }) => c.category_name.startsWith('Replica shelf'))).toHaveLength(50);
  }, 60_000);

  it('an order is read back at once by its token (order reads go to the primary)', async () => {
    const product = await request(app).post('/api/products').set(admin).send({ product_name: 'Replica order mug', price: 3, stock: 100 });
    for (let i = 0; i < 50; i++) {
      const placed = await request(app)
        .post('/api/orders')
        .set('Idempotency-Key', `replica-order-${i}`)
        .send({ email: 'buyer@example.com', items: [{ product_id: product.body.id, quantity: 1 }] });
      expect(placed.status).toBe(201);
      const read = await request(app).get(`/api/orders/${placed.body.id}`).set('Authorization', `Bearer ${placed.body.order_token}`);
      expect(read.status).toBe(200);
    }
  }, 60_000);

  it('reports each replica\'s lag as a metric', async () => {
    const metrics = await request(app).get('/metrics').set(admin);
    const lag = new RegExp(`^db_replica_lag_seconds\\{replica="127\\.0\\.0\\.1:${pair.replica.port}"\\} ([\\d.e-]+)$`, 'm').exec(metrics.text);
    expect(lag, metrics.text).not.toBeNull();
    expect(Number(lag![1])).toBeLessThan(1);
    expect(metrics.text).toMatch(/^db_replica_fallback_reads_total \d+$/m);
  });

  it('the app\'s replica account can read but not write, even though the replica runs read_only', async () => {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port: pair.replica.port, user: READ_USER.user, password: READ_USER.password, database: DATABASE });
    try {
      await expect(connection.query('SELECT COUNT(*) FROM product')).resolves.toBeDefined();
      await expect(connection.query("INSERT INTO category (category_name) VALUES ('written on a replica')")).rejects.toThrow();
      // Not only read_only: the account itself may only read, so it could not write even if read_only were off.
      const [grants] = (await connection.query('SHOW GRANTS FOR CURRENT_USER')) as unknown as [Array<Record<string, string>>];
      expect(grants.map((row) => Object.values(row)[0]!.replace(/ IDENTIFIED BY .*/, ''))).toEqual([`GRANT SELECT ON *.* TO \`${READ_USER.user}\`@\`127.0.0.1\``]);
    } finally {
      await connection.end();
    }
  });

  it('with the replica down, the primary answers the reads; with it back, the replica does again', async () => {
    await pair.replica.stop();
    try {
      for (let i = 0; i < 20; i++) expect((await request(app).get('/api/products')).status).toBe(200);
    } finally {
      await pair.replica.start();
    }
    await pair.caughtUp();
    const selectsBefore = await selectsOnReplica();
    for (let i = 0; i < 20; i++) expect((await request(app).get('/api/products')).status).toBe(200);
    expect((await selectsOnReplica()) - selectsBefore).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
