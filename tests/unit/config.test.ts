import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('reads the three keys, with defaults for host, port, server port and log level', () => {
    const config = loadConfig({ DB_NAME: 'shop', DB_USER: 'root', DB_PASSWORD: '' });
    expect(config).toMatchObject({
      port: 3001,
      logLevel: 'info',
      database: { dialect: 'mysql', database: 'shop', user: 'root', password: '', host: '127.0.0.1', port: 3306 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes DATABASE_URL over the keys, decoding its parts', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://shop%40user:p%3Ass@db.local:3307/ecommerce_db', DB_NAME: 'ignored' });
    expect(config.database).toEqual({ dialect: 'mysql', database: 'ecommerce_db', user: 'shop@user', password: 'p:ss', host: 'db.local', port: 3307 });
  });

  it('with neither DB_NAME nor DATABASE_URL, uses the embedded SQLite file, ./data/ecommerce.sqlite unless SQLITE_PATH moves it', () => {
    expect(loadConfig({}).database).toEqual({ dialect: 'sqlite', file: './data/ecommerce.sqlite' });
    expect(loadConfig({ SQLITE_PATH: '/var/lib/shop/db.sqlite' }).database).toEqual({ dialect: 'sqlite', file: '/var/lib/shop/db.sqlite' });
    // A copied .env.example with DB_NAME, DB_USER and DB_PASSWORD commented out still has host and port.
    expect(loadConfig({ DB_PASSWORD: '', DB_HOST: '127.0.0.1', DB_PORT: '3306', SQLITE_PATH: '' }).database).toEqual({
      dialect: 'sqlite',
      file: './data/ecommerce.sqlite',
    });
  });

  it('a MySQL database, when named, wins over SQLITE_PATH', () => {
    expect(loadConfig({ DB_NAME: 'shop', DB_USER: 'root', SQLITE_PATH: 'x.sqlite' }).database.dialect).toBe('mysql');
    expect(loadConfig({ DATABASE_URL: 'mysql://u@h/db', SQLITE_PATH: 'x.sqlite' }).database.dialect).toBe('mysql');
  });

  it.each([
    [{ DB_USER: 'root' }, /DB_USER is set but DB_NAME is not: set DB_NAME .* or unset the DB_\* keys to use the embedded SQLite file/],
    [{ DB_USER: 'shop', DB_PASSWORD: 'secret' }, /DB_USER, DB_PASSWORD are set but DB_NAME is not/],
    [{ DB_NAME: 'shop' }, /DB_USER is not set/],
    [{ DB_NAME: 'shop', DB_USER: 'root', DB_PORT: 'abc' }, /DB_PORT must be a port number/],
    [{ DB_NAME: 'shop', DB_USER: 'root', PORT: '70000' }, /PORT must be a port number/],
    [{ DB_NAME: 'shop', DB_USER: 'root', LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ LOG_FORMAT: 'colour' }, /^LOG_FORMAT must be one of json, pretty$/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ DATABASE_URL: 'postgres://u@h/db' }, /must start with mysql:\/\//],
    [{ DATABASE_URL: 'mysql://u@h:3306/' }, /names no database/],
  ])('rejects %j with one clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('LOG_FORMAT: json by default (and when blank), or pretty', () => {
    expect(loadConfig({}).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: '' }).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('treats blank settings as unset, except an empty password', () => {
    const config = loadConfig({ DB_NAME: 'shop', DB_USER: 'root', DB_HOST: '', PORT: '', DB_PASSWORD: '' });
    expect(config.database).toMatchObject({ host: '127.0.0.1' });
    expect(config.port).toBe(3001);
  });
});

describe('loadConfig: CORS, proxies, rate limits, Redis', () => {
  it('defaults: no cross-origin access, no proxy trusted, 600/min, 30 orders/min, 20 auth failures/hour, counters in memory', () => {
    const config = loadConfig({});
    expect(config.abuse).toEqual({
      corsOrigins: [],
      trustProxy: false,
      rateLimits: { perMinute: 600, ordersPerMinute: 30, authFailuresPerHour: 20 },
    });
    expect(config.redisUrl).toBeUndefined();
    expect(Object.isFrozen(config.abuse.rateLimits)).toBe(true);
  });

  it('reads origins, limits (0 turns one off) and the Redis URL', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ORDERS_PER_MINUTE: '5',
      RATE_LIMIT_AUTH_FAILURES_PER_HOUR: '3',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.abuse.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    expect(config.abuse.rateLimits).toEqual({ perMinute: 0, ordersPerMinute: 5, authFailuresPerHour: 3 });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it.each([
    ['false', false],
    ['true', true],
    ['2', 2],
    ['loopback, 10.0.0.0/8,::1', ['loopback', '10.0.0.0/8', '::1']],
  ])('TRUST_PROXY=%s is %j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).abuse.trustProxy).toEqual(expected);
  });

  it.each([
    [{ CORS_ORIGINS: 'https://shop.example.com/' }, /^CORS_ORIGINS: https:\/\/shop\.example\.com\/ is not an origin/],
    [{ CORS_ORIGINS: 'https://shop.example.com/app' }, /CORS_ORIGINS: .* no path/],
    [{ CORS_ORIGINS: '*' }, /CORS_ORIGINS: \* is not an origin/],
    [{ CORS_ORIGINS: 'shop.example.com' }, /CORS_ORIGINS/],
    [{ TRUST_PROXY: '10.0.0.0/40' }, /^TRUST_PROXY: 10\.0\.0\.0\/40 is not a proxy/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY/],
    [{ RATE_LIMIT_PER_MINUTE: '-1' }, /^RATE_LIMIT_PER_MINUTE must be a whole number/],
    [{ RATE_LIMIT_ORDERS_PER_MINUTE: 'ten' }, /^RATE_LIMIT_ORDERS_PER_MINUTE must be/],
    [{ RATE_LIMIT_AUTH_FAILURES_PER_HOUR: '1.5' }, /^RATE_LIMIT_AUTH_FAILURES_PER_HOUR must be/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL must look like redis:\/\//],
  ])('rejects %j with one line naming the key', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('loadConfig: workers', () => {
  it('serves from this one process by default; WEB_CONCURRENCY=N starts N workers, auto one per core', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ WEB_CONCURRENCY: '3' }).workers).toBe(3);
    expect(loadConfig({ WEB_CONCURRENCY: 'auto' }).workers).toBe(availableParallelism());
  });

  it.each(['0', '65', 'two', '1.5'])('rejects WEB_CONCURRENCY=%s with one line naming the key', (value) => {
    expect(() => loadConfig({ WEB_CONCURRENCY: value })).toThrow(/^WEB_CONCURRENCY must be auto or a whole number from 1 to 64$/);
  });
});

describe('loadConfig: shutdown', () => {
  it('tries an unreachable database for 30 s, cuts statements at 5000 ms and retries deadlocks for 2000 ms by default; DB_CONNECT_TIMEOUT_S, DB_STATEMENT_TIMEOUT_MS and DB_RETRY_BUDGET_MS when set', () => {
    expect(loadConfig({}).databaseTimeouts).toEqual({ connectS: 30, statementMs: 5000, retryBudgetMs: 2000 });
    expect(loadConfig({ DB_CONNECT_TIMEOUT_S: '0', DB_STATEMENT_TIMEOUT_MS: '250', DB_RETRY_BUDGET_MS: '0' }).databaseTimeouts).toEqual({ connectS: 0, statementMs: 250, retryBudgetMs: 0 });
  });

  it.each([
    ['DB_CONNECT_TIMEOUT_S', '-1', /^DB_CONNECT_TIMEOUT_S must be a whole number of seconds from 0 to 3600$/],
    ['DB_CONNECT_TIMEOUT_S', '1.5', /^DB_CONNECT_TIMEOUT_S must be a whole number of seconds from 0 to 3600$/],
    ['DB_STATEMENT_TIMEOUT_MS', '99', /^DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000$/],
    ['DB_RETRY_BUDGET_MS', '60001', /^DB_RETRY_BUDGET_MS must be a whole number of milliseconds from 0 to 60000$/],
    ['DB_STATEMENT_TIMEOUT_MS', '5s', /^DB_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000$/],
  ])('rejects %s=%s with one line naming the key', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(message);
  });

  it('gives open requests 10 s by default, SHUTDOWN_TIMEOUT_S when set', () => {
    expect(loadConfig({}).shutdownTimeoutS).toBe(10);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_S: '30' }).shutdownTimeoutS).toBe(30);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_S: '' }).shutdownTimeoutS).toBe(10);
  });

  it.each(['0', '-1', '2.5', 'ten', '3601'])('rejects SHUTDOWN_TIMEOUT_S=%s with one line naming the key', (value) => {
    expect(() => loadConfig({ SHUTDOWN_TIMEOUT_S: value })).toThrow(/^SHUTDOWN_TIMEOUT_S must be a whole number of seconds from 1 to 3600$/);
  });
});

describe('loadConfig: metrics port', () => {
  it('serves metrics only on the API port by default, also on METRICS_PORT when set', () => {
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '' }).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
  });

  it.each(['0', '-1', '94.64', 'nine', '65536'])('rejects METRICS_PORT=%s with one line naming the key', (value) => {
    expect(() => loadConfig({ METRICS_PORT: value })).toThrow(/^METRICS_PORT must be a port number from 1 to 65535$/);
  });

  it('rejects METRICS_PORT equal to PORT', () => {
    expect(() => loadConfig({ PORT: '9464', METRICS_PORT: '9464' })).toThrow(/^METRICS_PORT must differ from PORT$/);
  });
});

describe('loadConfig: HTTP timeouts', () => {
  it('defaults to headers 10 s, request 30 s, keep-alive 5 s; the keys override', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutS: 10, requestTimeoutS: 30, keepAliveTimeoutS: 5 });
    expect(loadConfig({ HTTP_HEADERS_TIMEOUT_S: '2', HTTP_REQUEST_TIMEOUT_S: '3', HTTP_KEEP_ALIVE_TIMEOUT_S: '1' }).http).toEqual({
      headersTimeoutS: 2,
      requestTimeoutS: 3,
      keepAliveTimeoutS: 1,
    });
  });

  it.each(['HTTP_HEADERS_TIMEOUT_S', 'HTTP_REQUEST_TIMEOUT_S', 'HTTP_KEEP_ALIVE_TIMEOUT_S'])('rejects a malformed %s with one line naming it', (key) => {
    for (const value of ['0', '-1', '2.5', 'ten', '3601']) {
      expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`^${key} must be a whole number of seconds from 1 to 3600$`));
    }
  });

  it('requires headers timeout > keep-alive timeout, as Node does', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_S: '5', HTTP_KEEP_ALIVE_TIMEOUT_S: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_S: '5', HTTP_KEEP_ALIVE_TIMEOUT_S: '5' })).toThrow(
      /^HTTP_HEADERS_TIMEOUT_S \(5\) must be greater than HTTP_KEEP_ALIVE_TIMEOUT_S \(5\)/,
    );
  });

  it('requires headers timeout <= request timeout', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_S: '40' })).toThrow(/^HTTP_HEADERS_TIMEOUT_S \(40\) must not be greater than HTTP_REQUEST_TIMEOUT_S \(30\)/);
  });
});

describe('.env.example', () => {
  it('documents every key, and its commented-out examples are valid settings', async () => {
    const { readFile } = await import('node:fs/promises');
    const { parse } = await import('dotenv');
    const text = await readFile(new URL('../../.env.example', import.meta.url), 'utf8');
    const examples = parse(text.replace(/^# ([A-Z_]+=)/gm, '$1'));
    for (const key of ['LOG_FORMAT', 'CORS_ORIGINS', 'TRUST_PROXY', 'RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_ORDERS_PER_MINUTE', 'RATE_LIMIT_AUTH_FAILURES_PER_HOUR', 'REDIS_URL', 'SHUTDOWN_TIMEOUT_S', 'METRICS_PORT', 'HTTP_HEADERS_TIMEOUT_S', 'HTTP_REQUEST_TIMEOUT_S', 'HTTP_KEEP_ALIVE_TIMEOUT_S']) {
      expect(examples, key).toHaveProperty(key);
    }
    const config = loadConfig(examples);
    expect(config.abuse.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.metricsPort).toBe(9464);
    expect(config.logFormat).toBe('pretty');
  });
});

describe('loadConfig: read replicas', () => {
  const mysqlKeys = { DB_NAME: 'shop', DB_USER: 'app', DB_PASSWORD: 'secret' };

  it('has none by default; DB_READ_HOSTS lists them (port 3306 unless given), as the primary\'s user unless DB_READ_USER is set', () => {
    expect(loadConfig(mysqlKeys).database).not.toHaveProperty('readReplicas');
    expect(loadConfig({ ...mysqlKeys, DB_READ_HOSTS: 'replica-1:3307, replica-2' }).database).toMatchObject({
      host: '127.0.0.1',
      readReplicas: { hosts: [{ host: 'replica-1', port: 3307 }, { host: 'replica-2', port: 3306 }], user: 'app', password: 'secret' },
    });
    expect(loadConfig({ ...mysqlKeys, DB_READ_HOSTS: '10.0.0.2:3306', DB_READ_USER: 'reader', DB_READ_PASSWORD: 'r' }).database).toMatchObject({
      readReplicas: { user: 'reader', password: 'r' },
    });
    expect(loadConfig({ DATABASE_URL: 'mysql://app:pw@db:3306/shop', DB_READ_HOSTS: 'db-replica:3306' }).database).toMatchObject({
      readReplicas: { hosts: [{ host: 'db-replica', port: 3306 }], user: 'app', password: 'pw' },
    });
  });

  it.each(['replica:', 'replica:99999', 'a:1,,b:2', 'replica:33 06'])('rejects DB_READ_HOSTS=%s with one line naming the key', (value) => {
    expect(() => loadConfig({ ...mysqlKeys, DB_READ_HOSTS: value })).toThrow(/^DB_READ_HOSTS must be host:port entries separated by commas/);
  });

  it('refuses DB_READ_HOSTS without a MySQL database (SQLite has no replicas)', () => {
    expect(() => loadConfig({ DB_READ_HOSTS: 'replica:3306' })).toThrow(/^DB_READ_HOSTS is set but no MySQL database is/);
  });
});
