import type { Clock } from '../../shared/clock.js';
import type { OrderRepository } from '../../ordering/order.repository.js';
import type { ApiKeyRepository } from '../api-key.repository.js';
import type { SecretIssuer } from '../secret-issuer.js';
import { Authenticate } from './authenticate.use-case.js';
import { CreateApiKey } from './create-api-key.use-case.js';
import { ListApiKeys } from './list-api-keys.use-case.js';
import { RecordApiKeyUse } from './record-api-key-use.use-case.js';
import { RevokeApiKey } from './revoke-api-key.use-case.js';

export interface AccessPorts {
  readonly apiKeys: ApiKeyRepository;
  readonly orders: OrderRepository;
  readonly secrets: SecretIssuer;
  readonly clock: Clock;
}

export interface AccessUseCases {
  readonly authenticate: Authenticate;
  readonly recordKeyUse: RecordApiKeyUse;
  readonly createKey: CreateApiKey;
  readonly listKeys: ListApiKeys;
  readonly revokeKey: RevokeApiKey;
}

/** The access module's use cases, built once from its ports (the container, the CLI and the tests all call this). */
export function accessUseCases(ports: AccessPorts): AccessUseCases {
  return {
    authenticate: new Authenticate(ports.apiKeys, ports.orders, ports.secrets, ports.clock),
    recordKeyUse: new RecordApiKeyUse(ports.apiKeys, ports.clock),
    createKey: new CreateApiKey(ports.apiKeys, ports.secrets, ports.clock),
    listKeys: new ListApiKeys(ports.apiKeys),
    revokeKey: new RevokeApiKey(ports.apiKeys, ports.clock),
  };
}
