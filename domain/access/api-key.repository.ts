import type { ApiKey, NewApiKey } from './api-key.js';

export interface ApiKeyRepository {
  /** Throws DuplicateApiKeyNameError when the name is taken (revoked keys keep theirs). */
  create(key: NewApiKey): Promise<ApiKey>;
  /** The key with this digest, revoked or not; null when there is none. */
  findByDigest(digest: string): Promise<ApiKey | null>;
  /** Every key, oldest first. */
  list(): Promise<ApiKey[]>;
  /** Revokes the named key; false when there is no such key or it was already revoked. */
  revoke(name: string, at: Date): Promise<boolean>;
  /** Sets last_used_at to `at` unless it was written after `notBefore`: one write a minute at most, across processes. */
  recordUse(id: number, at: Date, notBefore: Date): Promise<void>;
}
