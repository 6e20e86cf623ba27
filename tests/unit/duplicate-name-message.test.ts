import { describe, expect, it } from 'vitest';
import { DuplicateNameError } from '../../domain/catalog/catalog-errors.js';
import { TAG } from '../../domain/catalog/product-group.js';
import type { ProductGroupRepository } from '../../domain/catalog/product-group.repository.js';
import { CreateProductGroup } from '../../domain/catalog/use-cases/create-product-group.use-case.js';
import { RenameProductGroup } from '../../domain/catalog/use-cases/rename-product-group.use-case.js';

// A store that reports a clash in its own text, as MariaDB's message does with emoji ("?").
const clashing = {
  create: () => Promise.reject(new DuplicateNameError('tag_name', '?')),
  rename: () => Promise.reject(new DuplicateNameError('tag_name')),
} as unknown as ProductGroupRepository;

describe('a duplicate name is reported with the name the client sent', () => {
  it.each([
    ['create', () => new CreateProductGroup(clashing, TAG).execute({ name: ' 🧣 Scarf ' })],
    ['rename', () => new RenameProductGroup(clashing, TAG, { run: (work) => work() }).execute({ id: 1, name: ' 🧣 Scarf ' })],
  ])('%s', async (_case, run) => {
    await expect(run()).rejects.toMatchObject({
      code: 'DUPLICATE_NAME',
      message: 'tag_name "🧣 Scarf" is already taken (names are unique, ignoring case)',
      fields: [{ field: 'tag_name', detail: '"🧣 Scarf" is already taken (names are unique, ignoring case)' }],
    });
  });
});
