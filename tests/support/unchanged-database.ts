import { afterAll, beforeAll, expect } from 'vitest';
import { databaseSnapshot } from './database-snapshot.js';
import type { TestApp } from './test-app.js';

/**
 * For a file whose every request must be rejected: makes its test app before the file, and after
 * it proves that every table is exactly as it was, then closes the app.
 */
export function keepsDatabaseUnchanged(create: () => Promise<TestApp>): void {
  let app: TestApp | undefined;
  let before: Awaited<ReturnType<typeof databaseSnapshot>>;
  beforeAll(async () => {
    app = await create();
    before = await databaseSnapshot(app.db.sequelize);
  });
  afterAll(async () => {
    if (!app) return;
    expect(await databaseSnapshot(app.db.sequelize), 'a rejected request wrote to the database').toEqual(before);
    await app.close();
  });
}
