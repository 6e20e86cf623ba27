/** Words shorter than this are found whole; longer ones also by any prefix at least this long. */
export const MIN_PREFIX_LENGTH = 3;
/** Keys are cut at this length: a longer search word matches on its first MAX_KEY_LENGTH characters. */
export const MAX_KEY_LENGTH = 20;

/**
 * The words of a name or a search: lower case, letters and digits only, each once.
 * "Cotton T-Shirt" → ["cotton", "t", "shirt"].
 */
export function searchWords(text: string): string[] {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
  return [...new Set(words)];
}

/** The key a search word is looked up by. */
export function searchKey(word: string): string {
  return [...word].slice(0, MAX_KEY_LENGTH).join('');
}

/**
 * What a name is findable by: every prefix of each word from MIN_PREFIX_LENGTH characters on
 * (cut at MAX_KEY_LENGTH), and words shorter than that whole. "Cotton T-Shirt" → cot, cott,
 * cotto, cotton, t, shi, shir, shirt. A search matches a name when every search key is among the
 * name's keys, so each search word is one exact index lookup, in product order.
 */
export function searchKeys(name: string): string[] {
  const keys = new Set<string>();
  for (const word of searchWords(name)) {
    const letters = [...word].slice(0, MAX_KEY_LENGTH);
    if (letters.length < MIN_PREFIX_LENGTH) keys.add(letters.join(''));
    for (let length = MIN_PREFIX_LENGTH; length <= letters.length; length++) keys.add(letters.slice(0, length).join(''));
  }
  return [...keys];
}
