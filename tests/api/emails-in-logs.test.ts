import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { SequelizeOrderRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-order.repository.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createLogger } from '../../src/logger.js';
import { seed } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A customer's email must reach no log line, at the most verbose level, whatever happens to the
// order: placed, replayed, refused, or failing on an unexpected database error whose statement,
// bound values and message all carry it. The logger is the server's own (src/logger.ts).
// The email has an apostrophe, which SQL escapes (O\'Brien), and upper case the app may fold.
const EMAIL = "O'Brien.Ada+shop@Example.co.uk";
const LOCAL_PART = "Brien.Ada+shop";

describe('customer emails in the log (LOG_LEVEL=trace)', () => {
  let db: TestDatabase;
  let app: Express;
  let admin: { Authorization: string };
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const container = buildContainer({ sequelize: db.sequelize, logger: createLogger('trace', { write: (line: string) => lines.push(line) }) });
    await seed(container);
    const { secret } = await container.get<AccessUseCases>(TOKENS.AccessUseCases).createKey.execute({ name: 'emails-in-logs' });
    admin = { Authorization: `Bearer ${secret}` };
    app = container.get<Express>(TOKENS.App);
    await db.sequelize.query('CREATE TABLE email_probe (email VARCHAR(254) NOT NULL UNIQUE)');
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await db?.drop();
  });

  const place = (body: unknown, key?: string) =>
    request(app).post('/api/orders').set(key ? { 'Idempotency-Key': key } : {}).send(body as object);

  it('appears nowhere: not in access lines, not in unhandled errors (sql, parameters, original.sql, the message), not in the answers', async () => {
    const order = { email: EMAIL, items: [{ product_id: 1, quantity: 1 }] };
    const placed = await place(order).expect(201);
    await place(order, 'emails-in-logs-1').expect(201);
    await place(order, 'emails-in-logs-1').expect(201); // replayed
    await place({ ...order, items: [{ product_id: 2, quantity: 1 }] }, 'emails-in-logs-1').expect(422);
    await place({ email: EMAIL, items: [{ product_id: 1, quantity: 1_000_000 }] }).expect(409);
    await place({ email: `${EMAIL}\n`, items: [] }).expect(400);
    await place({ email: EMAIL, items: [{ product_id: 1, quantity: 1 }], extra: EMAIL }).expect(400);
    await request(app).get(`/api/orders?email=${encodeURIComponent(EMAIL)}`).set(admin).expect(200);
    await request(app).get(`/api/orders/${String(placed.body.id)}`).set(admin).expect(200);
    await request(app).get(`/api/nowhere/${encodeURIComponent(EMAIL)}`).expect(404);

    // An insert that fails unexpectedly: a real driver error, its statement carrying the email inline.
    const sequelize: Sequelize = db.sequelize;
    vi.spyOn(SequelizeOrderRepository.prototype, 'create').mockImplementationOnce(async () => {
      await sequelize.query('SELECT email FROM no_such_table WHERE email = ?', { replacements: [EMAIL] });
    });
    const failed = await place(order, 'emails-in-logs-2').expect(500);
    expect(JSON.stringify(failed.body)).not.toContain(LOCAL_PART);

    // A list that fails on a duplicate key: MySQL's message quotes the value; the value is bound ($1).
    vi.spyOn(SequelizeOrderRepository.prototype, 'list').mockImplementationOnce(async () => {
      for (let i = 0; i < 2; i += 1) await sequelize.query('INSERT INTO email_probe (email) VALUES ($1)', { bind: [EMAIL] });
      throw new Error('unreachable: the second insert fails');
    });
    await request(app).get(`/api/orders?email=${encodeURIComponent(EMAIL)}`).set(admin).expect(500);

    // A bug that names the customer in its own words.
    vi.spyOn(SequelizeOrderRepository.prototype, 'findById').mockRejectedValueOnce(new Error(`no order for ${EMAIL.toLowerCase()}`));
    await request(app).get(`/api/orders/${String(placed.body.id)}`).set(admin).expect(500);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10);
    expect(log.toLowerCase()).not.toContain(LOCAL_PART.toLowerCase());
    expect(log.toLowerCase()).not.toContain('example.co.uk');

    // The failures were logged, with what a developer needs, and the email shown as [email].
    const errors = lines.map((line) => JSON.parse(line) as { msg: string; err?: Record<string, unknown> }).filter((e) => e.msg === 'unhandled error');
    expect(errors).toHaveLength(3);
    const [insert, duplicate, bug] = errors.map((e) => e.err!);
    expect(insert).toMatchObject({ sql: expect.stringMatching(/no_such_table WHERE email = '.*\[email\]'/) });
    expect(JSON.stringify(duplicate)).toMatch(/INSERT INTO email_probe/);
    // MariaDB's message quotes the duplicate value (Duplicate entry '...'); SQLite's names only the column.
    if (db.dialect === 'mariadb') expect(JSON.stringify(duplicate)).toContain("Duplicate entry '[email]'");
    expect(JSON.stringify([insert, duplicate])).not.toMatch(/"parameters"/);
    expect(bug).toMatchObject({ message: 'no order for [email]' });
  });
});
