/** What an admin API key may do; each route declares the one it needs. */
export const SCOPES = ['catalog:write', 'orders:read', 'orders:write', 'metrics:read'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
