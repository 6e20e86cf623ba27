import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { DataTypes, QueryTypes, type QueryInterface } from 'sequelize';
import { isSqlite, runEach, type Migration } from './migration.js';

/**
 * Admin API keys (only their SHA-256 digests), the digest of each order's customer token, and
 * idempotency records that no longer hand out what they hold to whoever copies the database: the
 * key and request are stored as digests, the outcome (which now holds the order token) sealed
 * with a key derived from the Idempotency-Key itself. Rows written before are converted in place.
 */
export const accessControl: Migration = {
  name: '0004-access-control',
  async up(qi: QueryInterface) {
    if (isSqlite(qi)) {
      await runEach(qi, SQLITE_UP);
    } else {
      await qi.createTable(
        'api_key',
        {
          id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
          name: { type: DataTypes.STRING(64), allowNull: false },
          prefix: { type: DataTypes.STRING(16), allowNull: false },
          key_digest: { type: DataTypes.CHAR(64), allowNull: false },
          scopes: { type: DataTypes.STRING(255), allowNull: false },
          created_at: { type: DataTypes.DATE(3), allowNull: false },
          last_used_at: { type: DataTypes.DATE(3), allowNull: true },
          revoked_at: { type: DataTypes.DATE(3), allowNull: true },
        },
        { charset: 'utf8mb4', collate: 'utf8mb4_bin' },
      );
      await qi.addIndex('api_key', ['name'], { name: 'api_key_name', unique: true });
      await qi.addIndex('api_key', ['key_digest'], { name: 'api_key_digest', unique: true });
      await qi.addColumn('orders', 'access_digest', { type: DataTypes.CHAR(64), allowNull: true });
      await qi.addIndex('orders', ['access_digest'], { name: 'orders_access_digest', unique: true });
    }
    await sealIdempotencyRecords(qi);
  },
  async down(qi: QueryInterface) {
    // Sealed idempotency records cannot be opened without their keys: they are dropped, not restored.
    await qi.sequelize.query('DELETE FROM idempotency_key');
    // SQLite (3.35+) drops a column in place; Sequelize's removeColumn would copy the table.
    await runEach(qi, isSqlite(qi)
      ? ['DROP INDEX orders_access_digest', 'ALTER TABLE orders DROP COLUMN access_digest']
      : ['DROP INDEX orders_access_digest ON orders', 'ALTER TABLE orders DROP COLUMN access_digest']);
    await qi.dropTable('api_key');
  },
};

const SQLITE_UP = [
  `CREATE TABLE api_key (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name VARCHAR(64) NOT NULL,
    prefix VARCHAR(16) NOT NULL,
    key_digest CHAR(64) NOT NULL,
    scopes VARCHAR(255) NOT NULL,
    created_at DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at DATETIME
  )`,
  'CREATE UNIQUE INDEX api_key_name ON api_key (name)',
  'CREATE UNIQUE INDEX api_key_digest ON api_key (key_digest)',
  'ALTER TABLE orders ADD COLUMN access_digest CHAR(64)',
  'CREATE UNIQUE INDEX orders_access_digest ON orders (access_digest)',
];

interface IdempotencyRow {
  idempotency_key: string;
  request: string;
  outcome: string | null;
}

async function sealIdempotencyRecords(qi: QueryInterface): Promise<void> {
  const rows = await qi.sequelize.query<IdempotencyRow>('SELECT idempotency_key, request, outcome FROM idempotency_key', { type: QueryTypes.SELECT });
  for (const row of rows) {
    await qi.sequelize.query('UPDATE idempotency_key SET idempotency_key = ?, request = ?, outcome = ? WHERE idempotency_key = ?', {
      replacements: [digest(`key:${row.idempotency_key}`), digest(`request:${row.request}`), row.outcome === null ? null : seal(row.outcome, row.idempotency_key), row.idempotency_key],
    });
  }
}

// A frozen copy of infrastructure/persistence/sequelize/sealed-idempotency.ts as it was when this
// migration was written: a migration must not change with live code.
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

function seal(plaintext: string, idempotencyKey: string): string {
  const key = Buffer.from(hkdfSync('sha256', idempotencyKey, 'ecommerce idempotency outcome', 'aes-256-gcm v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}
