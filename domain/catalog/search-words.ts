/** A product name's words are indexed at most this long; longer query words are cut the same way. */
export const MAX_WORD_LENGTH = 64;

/**
 * The words of a name or a search, as the search index stores them: lower case, letters and
 * digits only, each once. "Cotton T-Shirt" → ["cotton", "t", "shirt"].
 */
export function searchWords(text: string): string[] {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => [...word].slice(0, MAX_WORD_LENGTH).join(''));
  return [...new Set(words)];
}
