import type { Clock } from '../../shared/clock.js';
import { InvalidInputError } from '../../shared/domain-error.js';
import { API_KEY_NAME, type ApiKey } from '../api-key.js';
import type { ApiKeyRepository } from '../api-key.repository.js';
import { SCOPES, isScope, type Scope } from '../scope.js';
import type { SecretIssuer } from '../secret-issuer.js';

export interface CreateApiKeyInput {
  readonly name: string;
  /** Every scope when absent. */
  readonly scopes?: readonly string[];
}

/** The key itself is in `secret`, this once; only its digest is stored. */
export interface CreatedApiKey {
  readonly key: ApiKey;
  readonly secret: string;
}

/** Characters of the key kept beside its digest, so `admin:key list` can show which key is which. */
const PREFIX_LENGTH = 9;

export class CreateApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly secrets: SecretIssuer,
    private readonly clock: Clock,
  ) {}

  async execute(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    if (!API_KEY_NAME.test(input.name)) {
      throw new InvalidInputError('name', 'must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit');
    }
    const scopes = validScopes(input.scopes ?? SCOPES);
    const { secret, digest } = this.secrets.issue('ek');
    const key = await this.keys.create({ name: input.name, prefix: secret.slice(0, PREFIX_LENGTH), digest, scopes, createdAt: this.clock.now() });
    return { key, secret };
  }
}

function validScopes(requested: readonly string[]): Scope[] {
  const unknown = requested.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new InvalidInputError('scopes', `has unknown scope(s) ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`);
  if (requested.length === 0) throw new InvalidInputError('scopes', `must name at least one of ${SCOPES.join(', ')}`);
  return SCOPES.filter((scope) => requested.includes(scope));
}
