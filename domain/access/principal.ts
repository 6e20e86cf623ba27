import type { Scope } from './scope.js';

/** Who is calling: nobody in particular, the store (an admin key), or the customer of one order. */
export type Principal =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'admin'; readonly keyId: number; readonly keyName: string; readonly scopes: readonly Scope[] }
  | { readonly kind: 'customer'; readonly orderId: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };
