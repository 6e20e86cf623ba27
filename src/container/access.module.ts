import { ContainerModule } from 'inversify';
import { accessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { Sha256SecretIssuer } from '../../infrastructure/system/sha256-secret-issuer.js';
import { TOKENS } from './tokens.js';

/** Admin API keys and order tokens: who may call what. */
export const accessModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.SecretIssuer).toConstantValue(new Sha256SecretIssuer());
  bind(TOKENS.AccessUseCases)
    .toDynamicValue((ctx) =>
      accessUseCases({
        apiKeys: ctx.get(TOKENS.ApiKeyRepository),
        orders: ctx.get(TOKENS.OrderRepository),
        secrets: ctx.get(TOKENS.SecretIssuer),
        clock: ctx.get(TOKENS.Clock),
      }),
    )
    .inSingletonScope();
});
