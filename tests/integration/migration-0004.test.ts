import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../../infrastructure/persistence/sequelize/migrator.js';
import { keyDigest, unseal } from '../../infrastructure/persistence/sequelize/sealed-idempotency.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';

// A store that ran before access control upgrades in place: its idempotency records stop
// holding readable keys and outcomes, and a replay with the key still answers what it did.
describe.each(DIALECTS)('migration 0004 on %s, over idempotency records written before it', (dialect) => {
  let db: TestDatabase;
  const rows = <T extends object>(sql: string) => db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const outcome = JSON.stringify({ order: { id: 'o-1', email: 'ada@example.com' } });

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false, dialect });
    await createMigrator(db.sequelize).up({ to: '0003-catalog-browsing' });
    await db.sequelize.query(
      "INSERT INTO idempotency_key (idempotency_key, request, state, outcome, claimed_at) VALUES ('key-1', '{\"email\":\"ada@example.com\"}', 'completed', ?, '2026-11-30 10:00:00')",
      { replacements: [outcome] },
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('stores the key and request as digests and seals the outcome under the key', async () => {
    await createMigrator(db.sequelize).up();
    const [row] = await rows<{ idempotency_key: string; request: string; outcome: string }>('SELECT * FROM idempotency_key');
    expect(row!.idempotency_key).toBe(keyDigest('key-1'));
    expect(row!.request).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.outcome).not.toContain('ada@example.com');
    expect(unseal(row!.outcome, 'key-1')).toBe(outcome);
    expect(() => unseal(row!.outcome, 'key-2')).toThrow();
  });

  it('goes down and up again', async () => {
    const migrator = createMigrator(db.sequelize);
    await migrator.down({ to: '0004-access-control' });
    expect((await rows<{ n: number }>('SELECT COUNT(*) AS n FROM orders'))[0]).toEqual({ n: 0 });
    await migrator.up();
    expect(await rows('SELECT COUNT(*) AS n FROM api_key')).toEqual([{ n: 0 }]);
  });
});
