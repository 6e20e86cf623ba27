import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { searchKeys } from '../../domain/catalog/search-words.js';
import { searchKeys as searchKeysOf0003 } from '../../infrastructure/persistence/sequelize/migrations/0003-search-keys.js';

const MIGRATIONS = new URL('../../infrastructure/persistence/sequelize/migrations/', import.meta.url);

describe('migrations are frozen', () => {
  it('import nothing but sequelize, node builtins and each other: live code changes must not change what an old migration does', async () => {
    for (const file of await readdir(MIGRATIONS)) {
      const source = await readFile(new URL(file, MIGRATIONS), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect(imports.filter((from) => !/^(sequelize|node:.*|\.\/[^/]+)$/.test(from!)), file).toEqual([]);
    }
  });

  it("0003's search keys still match today's: when search changes, add a migration that rebuilds product_word", () => {
    for (const name of ['Cotton T-Shirt', 'Ünïcode Café 42', 'Ａｂｃｄ ﬁne', 'a'.repeat(30), 'x-y z', '']) {
      expect(searchKeysOf0003(name), name).toEqual(searchKeys(name));
    }
  });
});
