import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { ApiKeyRepository } from '../../domain/access/api-key.repository.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestDatabase, DIALECT_NAMES, testDialect, type TestDatabase } from '../support/test-database.js';
import { apiKeyRepositoryContract } from './api-key-repository.contract.js';

let db: TestDatabase;
let keys: ApiKeyRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  keys = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) }).get(TOKENS.ApiKeyRepository);
});

afterAll(async () => {
  await db?.drop();
});

apiKeyRepositoryContract(`Sequelize on ${DIALECT_NAMES[testDialect()]}`, async () => {
  await db.sequelize.query('DELETE FROM api_key');
  return keys;
});
