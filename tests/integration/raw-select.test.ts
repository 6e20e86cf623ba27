import { DatabaseError, QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../../infrastructure/persistence/sequelize/queries/raw-select.js';
import { SequelizeUnitOfWork } from '../../infrastructure/persistence/sequelize/sequelize-unit-of-work.js';
import { TransactionContext } from '../../infrastructure/persistence/sequelize/transaction-context.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
const transactions = new TransactionContext();

beforeAll(async () => {
  db = await createTestDatabase();
  await db.sequelize.query("INSERT INTO category (id, category_name) VALUES (1, 'Shirts')");
  await db.sequelize.query("INSERT INTO product (id, product_name, price, stock, category_id) VALUES (7, 'Plain T-Shirt', 14.99, 3, 1)");
});

afterAll(async () => {
  await db?.drop();
});

describe('selectRows on MariaDB', () => {
  it('answers rows typed as Sequelize types them, with ? values escaped', async () => {
    const rows = await selectRows(db.sequelize, transactions, 'SELECT id, product_name, price, stock FROM product WHERE product_name = ?', ["Plain T-Shirt"]);
    expect(rows).toEqual([{ id: 7, product_name: 'Plain T-Shirt', price: '14.99', stock: 3 }]);
    expect(await selectRows(db.sequelize, transactions, 'SELECT id FROM product WHERE product_name = ?', ["x' OR '1'='1"])).toEqual([]);
  });

  it('reads inside the open unit of work on its connection, and sees its uncommitted writes', async () => {
    const unitOfWork = new SequelizeUnitOfWork(db.sequelize, transactions);
    const seen = await unitOfWork.run(async () => {
      await db.sequelize.query('UPDATE product SET stock = 9 WHERE id = 7', { transaction: transactions.current() });
      const [inside] = await selectRows<{ stock: number }>(db.sequelize, transactions, 'SELECT stock FROM product WHERE id = 7');
      const [outside] = await db.sequelize.query<{ stock: number }>('SELECT stock FROM product WHERE id = 7', { type: QueryTypes.SELECT });
      return { inside: inside?.stock, outside: outside?.stock };
    });
    expect(seen).toEqual({ inside: 9, outside: 3 });
  });

  it('gives the connection back to the pool, also after an error, which arrives as DatabaseError', async () => {
    await expect(selectRows(db.sequelize, transactions, 'SELECT nope FROM product')).rejects.toBeInstanceOf(DatabaseError);
    const pool = (db.sequelize.connectionManager as unknown as { pool: { size: number; available: number } }).pool;
    expect(pool.available).toBe(pool.size);
  });
});
