import type { Scope } from './scope.js';

/** An admin API key as stored: never the key itself, only what identifies and limits it. */
export interface ApiKey {
  readonly id: number;
  readonly name: string;
  /** The key's first characters (`ek_AbCd12`), so a person can tell keys apart; not a secret. */
  readonly prefix: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface NewApiKey {
  readonly name: string;
  readonly prefix: string;
  readonly digest: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: Date;
}

/** Key names are what `admin:key revoke NAME` takes: short, and safe to print in a terminal. */
export const API_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
