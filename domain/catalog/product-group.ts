/**
 * A named group of products: a category (a product is in at most one) or a tag (many to many).
 * Both behave the same through the API, so they share one model and one set of use cases.
 */
export interface ProductGroup {
  readonly id: number;
  readonly name: string;
}

/** What differs between categories and tags, as far as the use cases care. */
export interface ProductGroupKind {
  /** "category" or "tag", for messages. */
  readonly resource: string;
  /** The name field as the API spells it. */
  readonly nameField: string;
}

export const CATEGORY: ProductGroupKind = { resource: 'category', nameField: 'category_name' };
export const TAG: ProductGroupKind = { resource: 'tag', nameField: 'tag_name' };
