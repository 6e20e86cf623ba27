import type { QueryInterface } from 'sequelize';
import { isSqlite, runEach, type Migration } from './migration.js';

// utf8mb4_unicode_ci (UCA 4.0.0) gives every character outside the Basic Multilingual Plane the
// same weight, so "🧤" = "🧣" and a name clashes with any other of the same length in emoji.
// utf8mb4_unicode_520_ci (UCA 5.2.0) weighs them apart and still ignores case. Chosen over
// utf8mb4_uca1400_ai_ci (which this MariaDB 10.11 also has) because every supported server has
// it: MySQL 5.6 to 8.x and MariaDB from 5.5, where uca1400 exists in MariaDB 10.10+ only.
const NAME_COLLATION = 'utf8mb4_unicode_520_ci';

/** Frozen copy of the columns as they stand at 0003; `collation` is all that changes. */
const nameColumns = (collation: string) => [
  `ALTER TABLE category MODIFY category_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ${collation} NOT NULL, DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation}`,
  `ALTER TABLE tag MODIFY tag_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ${collation} NOT NULL, DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation}`,
  // Not unique, but sorted by (product_name_id) and compared in name cursors: the same rule as the others.
  `ALTER TABLE product MODIFY product_name VARCHAR(255) CHARACTER SET utf8mb4 COLLATE ${collation} NOT NULL, DEFAULT CHARACTER SET utf8mb4 COLLATE ${collation}`,
];

/**
 * Names tell emoji apart on MySQL, as they already do on SQLite (NOCASE compares non-ASCII
 * characters by code point). Search keys are already lower-cased and normalized in code, so they
 * compare byte for byte, as on SQLite: under unicode_ci "café" and "cafe" (two keys of the name
 * "café cafe") collided on product_word's primary key and the write failed.
 */
export const nameCollation: Migration = {
  name: '0005-name-collation',
  async up(qi: QueryInterface) {
    if (isSqlite(qi)) return;
    await runEach(qi, [
      ...nameColumns(NAME_COLLATION),
      'ALTER TABLE product_word MODIFY word VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
    ]);
  },
  // Fails if names that differ only in emoji (or keys only in accents) were stored meanwhile: by design.
  async down(qi: QueryInterface) {
    if (isSqlite(qi)) return;
    await runEach(qi, [
      'ALTER TABLE product_word MODIFY word VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL',
      ...nameColumns('utf8mb4_unicode_ci'),
    ]);
  },
};
