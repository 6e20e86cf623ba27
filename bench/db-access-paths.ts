/**
 * npx tsx bench/db-access-paths.ts [name words...]
 *
 * CPU per read for each way this code base can reach MariaDB, on the product-by-id and
 * category reads: 50 concurrent callers for BENCH_SECONDS (default 4) each. For choosing how a
 * repository queries; see bench/PROFILE.md. Env: DB_NAME (a seeded database, default
 * ecommerce_perf), PRODUCT_ID (3), CATEGORY_ID (1), BENCH_SECONDS.
 */
import 'reflect-metadata';
import mysql from 'mysql2/promise';
import { QueryTypes } from 'sequelize';
import { createSequelize } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import { SqlRunner } from '../infrastructure/persistence/sequelize/queries/sql-runner.js';
import { translatingErrors } from '../infrastructure/persistence/sequelize/database-errors.js';
import { defineCatalogModels } from '../infrastructure/persistence/sequelize/models/catalog.models.js';
import { selectRows } from '../infrastructure/persistence/sequelize/queries/raw-select.js';
import { SequelizeProductGroupRepository } from '../infrastructure/persistence/sequelize/repositories/sequelize-product-group.repository.js';
import { SequelizeProductRepository } from '../infrastructure/persistence/sequelize/repositories/sequelize-product.repository.js';
import { TransactionContext } from '../infrastructure/persistence/sequelize/transaction-context.js';

const settings = { host: '127.0.0.1', port: 3306, database: process.env.DB_NAME ?? 'ecommerce_perf', user: 'root', password: '' };
const seconds = Number(process.env.BENCH_SECONDS ?? 4);
const productId = Number(process.env.PRODUCT_ID ?? 3);
const categoryId = Number(process.env.CATEGORY_ID ?? 1);

const sequelize = createSequelize(settings);
const models = defineCatalogModels(sequelize);
const transactions = new TransactionContext();
const products = translatingErrors(new SequelizeProductRepository(models, new SqlRunner(sequelize, transactions), transactions));
const categories = translatingErrors(new SequelizeProductGroupRepository(models, 'category', new SqlRunner(sequelize, transactions), transactions));
const pool = mysql.createPool({ ...settings, connectionLimit: 10, charset: 'utf8mb4' });

// The baseline's product query: one row per tag.
const PRODUCT = `SELECT p.id, p.product_name, p.price, p.stock, p.category_id, c.category_name, t.id AS tag_id, t.tag_name
  FROM product p LEFT JOIN category c ON c.id = p.category_id LEFT JOIN product_tag pt ON pt.product_id = p.id LEFT JOIN tag t ON t.id = pt.tag_id
  WHERE p.id = ? ORDER BY t.id`;
const CATEGORY = `SELECT id, product_name, price, stock, category_id FROM product WHERE category_id = ? ORDER BY id LIMIT 20`;

const paths: Record<string, () => Promise<unknown>> = {
  'product: findByPk + include (today)': () => products.findDetails(productId),
  'product: sequelize.query, replacements': () => sequelize.query(PRODUCT, { replacements: [productId], type: QueryTypes.SELECT }),
  'product: sequelize.query, bind': () => sequelize.query(PRODUCT.replace('?', '$1'), { bind: [productId], type: QueryTypes.SELECT }),
  'product: selectRows': () => selectRows(sequelize, transactions, PRODUCT, [productId]),
  'product: mysql2 pool.query': () => pool.query(PRODUCT, [productId]),
  'product: mysql2 pool.execute': () => pool.execute(PRODUCT, [productId]),
  'category: findByPk + include (today)': () => categories.findWithProducts(categoryId),
  'category: findAll raw, limit 20': () => models.Product.findAll({ where: { category_id: categoryId }, order: [['id', 'ASC']], limit: 20, raw: true }),
  'category: selectRows, limit 20': () => selectRows(sequelize, transactions, CATEGORY, [categoryId]),
};

async function measure(name: string, read: () => Promise<unknown>): Promise<void> {
  await read();
  const end = Date.now() + seconds * 1000;
  let reads = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (Date.now() < end) {
        await read();
        reads++;
      }
    }),
  );
  const cpu = process.cpuUsage(before);
  console.log(`${name.padEnd(42)} ${String(Math.round(reads / seconds)).padStart(6)} reads/s  ${((cpu.user + cpu.system) / 1000 / reads).toFixed(3)} ms CPU/read`);
}

const words = process.argv.slice(2);
for (const [name, read] of Object.entries(paths)) if (words.length === 0 || words.some((w) => name.includes(w))) await measure(name, read);
await sequelize.close();
await pool.end();
