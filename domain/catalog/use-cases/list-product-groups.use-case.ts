import type { ProductGroupDetails } from '../product.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

export interface ListProductGroupsInput {
  readonly limit: number;
  readonly afterId?: number;
  readonly withTotal?: boolean;
}

export interface ProductGroupPage {
  readonly groups: ProductGroupDetails[];
  /** The id to continue after; null on the last page. */
  readonly nextAfterId: number | null;
  readonly total?: number;
}

/** One page of categories (or tags) by id, each with its first products and its product count. */
export class ListProductGroups {
  constructor(private readonly groups: ProductGroupRepository) {}

  async execute(input: ListProductGroupsInput): Promise<ProductGroupPage> {
    const rows = await this.groups.listPage({ limit: input.limit + 1, afterId: input.afterId });
    const groups = rows.slice(0, input.limit);
    return {
      groups,
      nextAfterId: rows.length > input.limit ? (groups.at(-1)?.id ?? null) : null,
      ...(input.withTotal ? { total: await this.groups.count() } : {}),
    };
  }
}
