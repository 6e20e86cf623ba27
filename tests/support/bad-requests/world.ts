// What the running test app holds, for the generators to name existing rows (or to miss them on purpose).
export interface World {
  readonly categories: number[];
  readonly tags: number[];
  readonly products: number[];
  /** Orders in each state: placed, paid, fulfilled and cancelled. */
  readonly orders: string[];
  readonly categoryNames: string[];
  readonly tagNames: string[];
  /** Each product's stock, by id. */
  readonly stock: ReadonlyMap<number, number>;
  /** The strong ETag a GET answers now, by path: a matching If-Match must not be the only fault. */
  readonly etags: ReadonlyMap<string, string>;
}
