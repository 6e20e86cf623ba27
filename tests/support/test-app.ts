import type { Express } from 'express';
import type { Container } from 'inversify';
import { pino } from 'pino';
import type { Sequelize } from 'sequelize';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import type { CatalogUseCases } from '../../domain/catalog/use-cases/catalog-use-cases.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { seedCatalog } from '../../seeds/seed-catalog.js';
import { OPEN_ABUSE_SETTINGS, type AbuseSettings, type RateLimitSettings } from '../../interfaces/http/abuse/abuse-settings.js';
import type { RateLimitRedis } from '../../src/container/abuse.module.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestDatabase, emptyCatalog, type TestDatabase, type TestDialect } from './test-database.js';

export interface TestApp {
  readonly app: Express;
  /** An admin API key with every scope, made through the same use case as `npm run admin:key`. */
  readonly adminKey: string;
  /** `Authorization: Bearer <adminKey>`, for `.set(t.admin)`. */
  readonly admin: { readonly Authorization: string };
  readonly container: Container;
  readonly db: TestDatabase;
  /** Empties the catalog and loads the demo data again, ids from 1. */
  reseed(): Promise<void>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly seed?: boolean;
  readonly dialect?: TestDialect;
  /** CORS and rate limits; by default none (the suite fires hundreds of requests from one client). */
  readonly abuse?: AbuseSettings;
  readonly rateLimitRedis?: RateLimitRedis;
}

/** The real app, wired by the real container, on a fresh database of its own (TEST_DIALECT's kind unless given). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase({ dialect: options.dialect });
  const container = buildContainer({
    sequelize: db.sequelize,
    logger: pino({ level: 'silent' }),
    abuse: options.abuse,
    rateLimitRedis: options.rateLimitRedis,
  });
  const { secret } = await container.get<AccessUseCases>(TOKENS.AccessUseCases).createKey.execute({ name: 'test-admin' });
  const testApp: TestApp = {
    app: container.get<Express>(TOKENS.App),
    adminKey: secret,
    admin: { Authorization: `Bearer ${secret}` },
    container,
    db,
    reseed: () => reseed(db.sequelize, container),
    close: () => db.drop(),
  };
  if (options.seed !== false) await seed(container);
  return testApp;
}

/** Settings with every limit off and no origins, but for what a test turns on. */
export function abuseSettings(overrides: { corsOrigins?: readonly string[]; rateLimits?: Partial<RateLimitSettings> } = {}): AbuseSettings {
  return {
    ...OPEN_ABUSE_SETTINGS,
    corsOrigins: overrides.corsOrigins ?? [],
    rateLimits: { ...OPEN_ABUSE_SETTINGS.rateLimits, ...overrides.rateLimits },
  };
}

export function seed(container: Container) {
  return container.get<UnitOfWork>(TOKENS.UnitOfWork).run(() => seedCatalog(container.get<CatalogUseCases>(TOKENS.CatalogUseCases)));
}

async function reseed(sequelize: Sequelize, container: Container): Promise<void> {
  await emptyCatalog(sequelize);
  await seed(container);
}
