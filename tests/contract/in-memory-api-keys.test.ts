import { InMemoryApiKeyRepository } from '../../infrastructure/persistence/in-memory/in-memory-api-key.repository.js';
import { InMemoryDatabase } from '../../infrastructure/persistence/in-memory/in-memory-database.js';
import { apiKeyRepositoryContract } from './api-key-repository.contract.js';

apiKeyRepositoryContract('in-memory', async () => new InMemoryApiKeyRepository(new InMemoryDatabase()));
