import { createCatalog } from './0001-create-catalog.js';
import { createOrders } from './0002-create-orders.js';
import { catalogBrowsing } from './0003-catalog-browsing.js';
import { nameCollation } from './0004-name-collation.js';
import type { Migration } from './migration.js';

/** Every migration, in the order applied. An explicit list, because a bundle has no files to glob. */
export const migrations: readonly Migration[] = [createCatalog, createOrders, catalogBrowsing, nameCollation];
