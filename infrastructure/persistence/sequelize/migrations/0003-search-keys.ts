/*
 * Migration 0003's own copy of the search-key rules (domain/catalog/search-words.ts as it was
 * then), so that what this migration writes never changes with the live code. A later change to
 * how names are searched ships with a migration of its own that rebuilds product_word.
 */

/** Words shorter than this are kept whole; longer ones by every prefix at least this long. */
const MIN_PREFIX_LENGTH = 3;
/** product_word.word's length: keys are cut there. */
export const MAX_KEY_LENGTH = 20;

function searchWords(text: string): string[] {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)];
}

/** "Cotton T-Shirt" → cot, cott, cotto, cotton, t, shi, shir, shirt. */
export function searchKeys(name: string): string[] {
  const keys = new Set<string>();
  for (const word of searchWords(name)) {
    const letters = [...word].slice(0, MAX_KEY_LENGTH);
    if (letters.length < MIN_PREFIX_LENGTH) keys.add(letters.join(''));
    for (let length = MIN_PREFIX_LENGTH; length <= letters.length; length++) keys.add(letters.slice(0, length).join(''));
  }
  return [...keys];
}
