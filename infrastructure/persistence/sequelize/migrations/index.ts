import { createCatalog } from './0001-create-catalog.js';
import { createOrders } from './0002-create-orders.js';
import { catalogBrowsing } from './0003-catalog-browsing.js';
import { accessControl } from './0004-access-control.js';
import { nameCollation } from './0005-name-collation.js';
import type { Migration } from './migration.js';

/** Every migration, in the order applied. An explicit list, because a bundle has no files to glob. */
export const migrations: readonly Migration[] = [createCatalog, createOrders, catalogBrowsing, accessControl, nameCollation];
