/**
 * The Link header of a list page, as GitHub's API does it: rel="first" always, rel="next" while
 * there is more. Filters carry over; the cursor is replaced.
 */
export function pageLinks(path: string, query: Record<string, string | number | undefined>, nextCursor: string | null): string {
  const url = (cursor?: string) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && key !== 'cursor') params.set(key, String(value));
    if (cursor) params.set('cursor', cursor);
    return `<${path}?${params.toString()}>`;
  };
  const links = [`${url()}; rel="first"`];
  if (nextCursor) links.unshift(`${url(nextCursor)}; rel="next"`);
  return links.join(', ');
}
