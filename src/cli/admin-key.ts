import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import type { ApiKey } from '../../domain/access/api-key.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { createLogger } from '../logger.js';
import { exitWith, loadConfigOrExit, openDatabase } from '../startup.js';

// npm run admin:key -- create --name NAME [--scopes catalog:write,orders:read,orders:write,metrics:read]
//                      list
//                      revoke NAME
// Keys are managed here, on the machine that holds the database settings, never through the API.
const USAGE = 'usage: npm run admin:key -- create --name NAME [--scopes a,b] | list | revoke NAME';

const { positionals, values } = parseCommandLine();
const [command, ...rest] = positionals;
if (command !== 'create' && command !== 'list' && command !== 'revoke') exitWith(new Error(USAGE));
if (command === 'revoke' && rest.length !== 1) exitWith(new Error('usage: npm run admin:key -- revoke NAME'));
if (command === 'create' && values.name === undefined) exitWith(new Error('usage: npm run admin:key -- create --name NAME [--scopes a,b]'));

const config = loadConfigOrExit();
const { sequelize } = await openDatabase(config).catch(exitWith);
try {
  const keys = buildContainer({ sequelize, logger: createLogger('silent') }).get<AccessUseCases>(TOKENS.AccessUseCases);
  if (command === 'create') {
    const scopes = values.scopes?.split(',').map((scope) => scope.trim()).filter(Boolean);
    const { key, secret } = await keys.createKey.execute({ name: values.name!, scopes });
    console.log(`created API key "${key.name}" with scopes ${key.scopes.join(', ')}; it is shown only now, keep it secret:`);
    console.log(secret);
  } else if (command === 'list') {
    console.log(table(await keys.listKeys.execute()));
  } else {
    await keys.revokeKey.execute(rest[0]!);
    console.log(`revoked API key "${rest[0]}"; servers refuse it within 5 seconds`);
  }
} catch (error) {
  await sequelize.close();
  exitWith(error);
}
await sequelize.close();

function parseCommandLine() {
  try {
    return parseArgs({ allowPositionals: true, options: { name: { type: 'string' }, scopes: { type: 'string' } } });
  } catch (error) {
    exitWith(new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`));
  }
}

function table(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'no API keys; create one with: npm run admin:key -- create --name NAME';
  const at = (date: Date | null) => (date ? date.toISOString() : '-');
  const rows = [
    ['NAME', 'PREFIX', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((k) => [k.name, `${k.prefix}…`, k.scopes.join(','), at(k.createdAt), at(k.lastUsedAt), at(k.revokedAt)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
