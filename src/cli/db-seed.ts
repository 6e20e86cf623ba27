import 'reflect-metadata';
import { autoIncrementIds, catalogIsEmpty, otherSessionsUsing, resetSchema } from '../../infrastructure/persistence/sequelize/database-admin.js';
import type { CatalogImport } from '../../domain/catalog/catalog-import.port.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { DEMO_CATEGORY_NAMES, DEMO_TAG_NAMES, demoProductBatches } from '../../seeds/demo-catalog-generator.js';
import { SeedIdMismatchError, seedCatalog } from '../../seeds/seed-catalog.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { createLogger } from '../logger.js';
import { demoSeedUseCases, describeDatabase, exitWith, loadConfigOrExit, openDatabase } from '../startup.js';
import { refuseUnknownArgs } from './cli-args.js';

// npm run db:seed [-- --reset] [-- --products N]: loads the assignment's demo catalog into an
// empty database, then (with --products) N generated products over their own categories and tags.
const MAX_PRODUCTS = 5_000_000;
refuseUnknownArgs('db:seed', process.argv.slice(2), ['--reset', '--products N']);
const reset = process.argv.includes('--reset');
const generated = productsOption(process.argv.slice(2));
const config = loadConfigOrExit();
if (reset) await refuseResetWhileInUse();
const { sequelize } = await openDatabase(config).catch(exitWith);
try {
  if (reset) {
    await resetSchema(sequelize);
  } else if (!(await catalogIsEmpty(sequelize))) {
    throw new Error(
      `${describeDatabase(config)} already holds catalog data; nothing was changed. ` +
        'To delete everything and load the demo data again: npm run db:seed -- --reset',
    );
  }
  const container = buildContainer({ sequelize, logger: createLogger('silent') });
  const unitOfWork = container.get<UnitOfWork>(TOKENS.UnitOfWork);
  const catalogImport = container.get<CatalogImport>(TOKENS.CatalogImport);
  const started = performance.now();
  // One transaction: a seed that fails halfway leaves the database as it was.
  const { counts, ids } = await unitOfWork.run(async () => ({
    counts: await seedCatalog(demoSeedUseCases(container), await autoIncrementIds(sequelize)),
    ids: generated === 0 ? undefined : {
      categoryIds: await catalogImport.importCategories(DEMO_CATEGORY_NAMES),
      tagIds: await catalogImport.importTags(DEMO_TAG_NAMES),
    },
  })).catch((error: unknown) => {
    // After a reset the ids are a new table's, so a row that got another one was written by someone else meanwhile.
    if (reset && error instanceof SeedIdMismatchError) {
      throw new Error(
        `${error.message.split(':')[0]}: another process wrote to the database while it was being reset (a server running on it?); ` +
          'the demo data was not loaded. Stop it and run npm run db:seed -- --reset again',
        { cause: error },
      );
    }
    throw error;
  });
  if (ids) {
    // One transaction per batch: a failure keeps the batches before it, and says so.
    const progress = progressBar(generated);
    for (const batch of demoProductBatches(generated, ids)) {
      await unitOfWork.run(() => catalogImport.importProducts(batch)).catch((error: unknown) => {
        progress.fail();
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message} (after ${progress.written} of ${generated} generated products; start again with --reset)`);
      });
      progress.advance(batch.length);
    }
    progress.finish();
  }
  const categories = counts.categories + (ids ? DEMO_CATEGORY_NAMES.length : 0);
  const tags = counts.tags + (ids ? DEMO_TAG_NAMES.length : 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `seeded ${describeDatabase(config)}${reset ? ' (after reset)' : ''}: ` +
      `${categories} categories, ${counts.products + generated} products, ${tags} tags` +
      (ids ? ` (${generated} generated, in ${seconds} s)` : ''),
  );
} catch (error) {
  await sequelize.close();
  exitWith(error);
}
await sequelize.close();

/**
 * A reset drops and recreates every table: a server using the database meanwhile fails its
 * requests (Unknown column ...) and can write rows the demo data's fixed ids then collide with.
 * MySQL lists the sessions using a database, so a reset refuses while any does. SQLite cannot
 * tell whether another process has the file open, so it only says to stop the server first.
 */
async function refuseResetWhileInUse(): Promise<void> {
  if (config.database.dialect === 'sqlite') {
    process.stderr.write(
      `note: --reset drops and recreates every table of ${describeDatabase(config)}; SQLite cannot tell whether a server ` +
        'is using the file, so stop it first (its requests would fail meanwhile)\n',
    );
    return;
  }
  const others = await otherSessionsUsing(config.database).catch(exitWith);
  if (others.length > 0) {
    exitWith(
      new Error(
        `${describeDatabase(config)} is in use by ${others.length} other connection(s) (${[...new Set(others)].join(', ')}); ` +
          'a reset would break a server running on it: stop it and run npm run db:seed -- --reset again. Nothing was changed',
      ),
    );
  }
}

/** `--products N` or `--products=N`; 0 when absent. Anything but 1..MAX_PRODUCTS stops here. */
function productsOption(args: readonly string[]): number {
  const index = args.findIndex((arg) => arg === '--products' || arg.startsWith('--products='));
  if (index === -1) return 0;
  const arg = args[index]!;
  const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
  if (text === undefined || !/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_PRODUCTS) {
    exitWith(new Error(`--products must be a whole number from 1 to ${MAX_PRODUCTS} (got ${text === undefined ? 'nothing' : JSON.stringify(text)})`));
  }
  return Number(text);
}

/** On a terminal, one line redrawn with \r; otherwise a plain line every 10 %. Always on stderr. */
function progressBar(total: number) {
  const tty = process.stderr.isTTY === true;
  const started = performance.now();
  let written = 0;
  let lastTenth = 0;
  const line = () => {
    const ratio = written / total;
    const filled = Math.round(ratio * 30);
    const elapsed = ((performance.now() - started) / 1000).toFixed(1);
    return `[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ` +
      `${written.toLocaleString('en-US')}/${total.toLocaleString('en-US')} products ${elapsed} s`;
  };
  return {
    get written() {
      return written;
    },
    advance(count: number) {
      written += count;
      if (tty) {
        process.stderr.write(`\r${line()}`);
      } else if (Math.floor((written / total) * 10) > lastTenth) {
        lastTenth = Math.floor((written / total) * 10);
        process.stderr.write(`${line()}\n`);
      }
    },
    finish() {
      if (tty) process.stderr.write('\n');
    },
    fail() {
      if (tty && written > 0) process.stderr.write('\n');
    },
  };
}
