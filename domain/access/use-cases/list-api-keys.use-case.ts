import type { ApiKey } from '../api-key.js';
import type { ApiKeyRepository } from '../api-key.repository.js';

export class ListApiKeys {
  constructor(private readonly keys: ApiKeyRepository) {}

  execute(): Promise<ApiKey[]> {
    return this.keys.list();
  }
}
