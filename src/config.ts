import dotenv from 'dotenv';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { DatabaseSettings, ReplicaAddress } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import type { AbuseSettings } from '../interfaces/http/abuse/abuse-settings.js';
import { corsOrigins, redisUrl, requestLimit, trustProxy } from './abuse-config.js';

export interface Config {
  readonly port: number;
  readonly logLevel: string;
  /** `json` lines for collectors, or `pretty` for a person at a terminal. */
  readonly logFormat: LogFormat;
  readonly database: DatabaseSettings;
  /** CORS, proxies and rate limits. */
  readonly abuse: AbuseSettings;
  /** Where rate-limit counters live when several server processes must share them; unset: in memory. */
  readonly redisUrl: string | undefined;
  /** How long a signal lets open requests finish before the process exits 1 anyway. */
  readonly shutdownTimeoutS: number;
  /** Also serve GET /metrics, without a key, on 127.0.0.1 at this port; unset: only on the API port, with a key. */
  readonly metricsPort: number | undefined;
  /** How long a client may take to send a request: slow senders must not hold sockets. */
  readonly http: HttpTimeouts;
  /** API processes started by one `npm start` (node:cluster); 1: this process serves alone. */
  readonly workers: number;
  /** How long startup keeps trying to reach the database, and how long one statement may run. */
  readonly databaseTimeouts: DatabaseTimeouts;
}

export interface DatabaseTimeouts {
  /** Seconds startup keeps trying to reach an unreachable database before exiting 1; 0: one try. */
  readonly connectS: number;
  /** Milliseconds one statement may run before the database cuts it off (MySQL/MariaDB). */
  readonly statementMs: number;
  /** Milliseconds a transaction that hit deadlocks (or, on Galera, lost certification) is run again before a 503. */
  readonly retryBudgetMs: number;
}

/** Seconds; set on the http.Server (headersTimeout, requestTimeout, keepAliveTimeout). */
export interface HttpTimeouts {
  /** From the connection (or the previous answer) to the last header line. */
  readonly headersTimeoutS: number;
  /** From the first byte to the last byte of the body. */
  readonly requestTimeoutS: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutS: number;
}

/** A setting is missing or malformed; the message names it and says what to do. */
export class ConfigError extends Error {}

/** Where the embedded database lives when no MySQL database is configured. */
export const DEFAULT_SQLITE_PATH = './data/ecommerce.sqlite';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
const port = (name: string, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, `${name} must be a port number from 0 to 65535`)
    .transform(Number);

/** `host:port,host:port` (the port defaults to 3306). */
const readHosts = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    const hosts: ReplicaAddress[] = [];
    for (const entry of text.split(',').map((part) => part.trim())) {
      const match = /^([^\s:,]+)(?::(\d{1,5}))?$/.exec(entry);
      const port = match?.[2] === undefined ? 3306 : Number(match[2]);
      if (!match || port < 1 || port > 65535) {
        ctx.addIssue({ code: 'custom', message: `DB_READ_HOSTS must be host:port entries separated by commas (got "${entry}")` });
        return z.NEVER;
      }
      hosts.push({ host: match[1]!, port });
    }
    return hosts;
  });

/** Whole seconds, 1 to 3600: 0 would cut every open request, and an hour is longer than any orchestrator waits. */
const shutdownTimeout = z
  .string()
  .default('10')
  .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600, 'SHUTDOWN_TIMEOUT_S must be a whole number of seconds from 1 to 3600')
  .transform(Number);

/** Whole seconds, 1 to 3600: 0 would turn Node's limit off, which is what this is here to prevent. */
const httpTimeout = (name: string, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 3600, `${name} must be a whole number of seconds from 1 to 3600`)
    .transform(Number);

/** A whole number from `min` to `max`, in the unit its name says. */
const wholeNumber = (name: string, fallback: number, min: number, max: number, unit: string) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, `${name} must be a whole number of ${unit} from ${min} to ${max}`)
    .transform(Number);

const settingsSchema = z.object({
  PORT: port('PORT', 3001),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS, { error: `LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}` }).default('json'),
  DATABASE_URL: z.string().optional(),
  DB_NAME: z.string().optional(),
  DB_USER: z.string().optional(),
  DB_PASSWORD: z.string().default(''),
  DB_HOST: z.string().min(1, 'DB_HOST must not be empty').default('127.0.0.1'),
  DB_PORT: port('DB_PORT', 3306),
  SQLITE_PATH: z.string().default(DEFAULT_SQLITE_PATH),
  CORS_ORIGINS: corsOrigins,
  TRUST_PROXY: trustProxy,
  RATE_LIMIT_PER_MINUTE: requestLimit('RATE_LIMIT_PER_MINUTE', 600),
  RATE_LIMIT_ORDERS_PER_MINUTE: requestLimit('RATE_LIMIT_ORDERS_PER_MINUTE', 30),
  RATE_LIMIT_AUTH_FAILURES_PER_HOUR: requestLimit('RATE_LIMIT_AUTH_FAILURES_PER_HOUR', 20),
  REDIS_URL: redisUrl,
  SHUTDOWN_TIMEOUT_S: shutdownTimeout,
  METRICS_PORT: z.string().regex(/^\d+$/, 'METRICS_PORT must be a port number from 1 to 65535').transform(Number).refine((v) => v >= 1 && v <= 65535, 'METRICS_PORT must be a port number from 1 to 65535').optional(),
  HTTP_HEADERS_TIMEOUT_S: httpTimeout('HTTP_HEADERS_TIMEOUT_S', 10),
  HTTP_REQUEST_TIMEOUT_S: httpTimeout('HTTP_REQUEST_TIMEOUT_S', 30),
  HTTP_KEEP_ALIVE_TIMEOUT_S: httpTimeout('HTTP_KEEP_ALIVE_TIMEOUT_S', 5),
  // An orchestrator may start us before the database: keep trying for a while (0: try once).
  DB_CONNECT_TIMEOUT_S: wholeNumber('DB_CONNECT_TIMEOUT_S', 30, 0, 3600, 'seconds'),
  // 100 ms: anything shorter would cut ordinary statements on a loaded server.
  DB_STATEMENT_TIMEOUT_MS: wholeNumber('DB_STATEMENT_TIMEOUT_MS', 5000, 100, 3_600_000, 'milliseconds'),
  // `auto`: one per core the process may use.
  WEB_CONCURRENCY: z
    .string()
    .default('1')
    .refine((v) => v === 'auto' || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64), 'WEB_CONCURRENCY must be auto or a whole number from 1 to 64')
    .transform((v) => (v === 'auto' ? availableParallelism() : Number(v))),
  DB_RETRY_BUDGET_MS: wholeNumber('DB_RETRY_BUDGET_MS', 2000, 0, 60_000, 'milliseconds'),
  DB_READ_HOSTS: readHosts,
  DB_READ_USER: z.string().optional(),
  DB_READ_PASSWORD: z.string().optional(),
});

/** Reads .env into process.env (existing variables win). Only entry points call this. */
export function loadEnvFile(): void {
  dotenv.config({ quiet: true });
}

/** The only reader of the environment: validates every key once and returns a frozen Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== '' || key === 'DB_PASSWORD'));
  const parsed = settingsSchema.safeParse(blankAsUnset);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join('; '));
  const s = parsed.data;
  if (s.METRICS_PORT !== undefined && s.METRICS_PORT === s.PORT) throw new ConfigError('METRICS_PORT must differ from PORT');
  const primary: DatabaseSettings =
    s.DATABASE_URL ? fromUrl(s.DATABASE_URL)
    : s.DB_NAME ? fromKeys(s.DB_NAME, s.DB_USER, s.DB_PASSWORD, s.DB_HOST, s.DB_PORT)
    : embedded(s.SQLITE_PATH, blankAsUnset);
  const database = withReadReplicas(primary, s.DB_READ_HOSTS, s.DB_READ_USER, s.DB_READ_PASSWORD);
  const http = httpTimeouts(s.HTTP_HEADERS_TIMEOUT_S, s.HTTP_REQUEST_TIMEOUT_S, s.HTTP_KEEP_ALIVE_TIMEOUT_S);
  const abuse: AbuseSettings = {
    corsOrigins: Object.freeze(s.CORS_ORIGINS),
    trustProxy: Array.isArray(s.TRUST_PROXY) ? Object.freeze([...s.TRUST_PROXY]) : s.TRUST_PROXY,
    rateLimits: Object.freeze({
      perMinute: s.RATE_LIMIT_PER_MINUTE,
      ordersPerMinute: s.RATE_LIMIT_ORDERS_PER_MINUTE,
      authFailuresPerHour: s.RATE_LIMIT_AUTH_FAILURES_PER_HOUR,
    }),
  };
  return Object.freeze({
    port: s.PORT,
    logLevel: s.LOG_LEVEL,
    logFormat: s.LOG_FORMAT,
    database: Object.freeze(database),
    abuse: Object.freeze(abuse),
    redisUrl: s.REDIS_URL,
    shutdownTimeoutS: s.SHUTDOWN_TIMEOUT_S,
    metricsPort: s.METRICS_PORT,
    http,
    workers: s.WEB_CONCURRENCY,
    databaseTimeouts: Object.freeze({ connectS: s.DB_CONNECT_TIMEOUT_S, statementMs: s.DB_STATEMENT_TIMEOUT_MS, retryBudgetMs: s.DB_RETRY_BUDGET_MS }),
  });
}

/**
 * Node requires headersTimeout > keepAliveTimeout (else a keep-alive client's next request can be
 * cut off as it arrives) and headersTimeout <= requestTimeout (the headers are part of the request).
 */
function httpTimeouts(headersTimeoutS: number, requestTimeoutS: number, keepAliveTimeoutS: number): HttpTimeouts {
  if (headersTimeoutS <= keepAliveTimeoutS) {
    throw new ConfigError(
      `HTTP_HEADERS_TIMEOUT_S (${headersTimeoutS}) must be greater than HTTP_KEEP_ALIVE_TIMEOUT_S (${keepAliveTimeoutS}); raise the first or lower the second`,
    );
  }
  if (headersTimeoutS > requestTimeoutS) {
    throw new ConfigError(
      `HTTP_HEADERS_TIMEOUT_S (${headersTimeoutS}) must not be greater than HTTP_REQUEST_TIMEOUT_S (${requestTimeoutS}): the headers are part of the request`,
    );
  }
  return Object.freeze({ headersTimeoutS, requestTimeoutS, keepAliveTimeoutS });
}

/**
 * No MySQL database named: the embedded SQLite file. A MySQL user or password without DB_NAME is
 * a half-done MySQL setup, not a wish for SQLite, so it stops startup rather than being ignored
 * (DB_HOST and DB_PORT alone, which have defaults anyway, do not).
 */
function embedded(file: string, env: NodeJS.ProcessEnv): DatabaseSettings {
  const mysqlKeys = ['DB_USER', 'DB_PASSWORD'].filter((key) => env[key] !== undefined && env[key] !== '');
  if (mysqlKeys.length > 0) {
    throw new ConfigError(
      `${mysqlKeys.join(', ')} ${mysqlKeys.length === 1 ? 'is' : 'are'} set but DB_NAME is not: set DB_NAME (with DB_USER and DB_PASSWORD) ` +
        'to use MySQL, or unset the DB_* keys to use the embedded SQLite file',
    );
  }
  return { dialect: 'sqlite', file };
}

/**
 * DB_READ_HOSTS: catalog reads go to these MariaDB replicas of the primary, as DB_READ_USER (by
 * default the primary's user). Only for MySQL/MariaDB: SQLite has no replicas.
 */
function withReadReplicas(
  primary: DatabaseSettings,
  hosts: readonly ReplicaAddress[] | undefined,
  user: string | undefined,
  password: string | undefined,
): DatabaseSettings {
  if (!hosts || hosts.length === 0) return primary;
  if (primary.dialect === 'sqlite') {
    throw new ConfigError('DB_READ_HOSTS is set but no MySQL database is: read replicas need DB_NAME, DB_USER and DB_PASSWORD (or DATABASE_URL)');
  }
  return {
    ...primary,
    readReplicas: Object.freeze({
      hosts: Object.freeze(hosts.map((host) => Object.freeze({ ...host }))),
      user: user ?? primary.user,
      password: password ?? (user === undefined ? primary.password : ''),
    }),
  };
}

function fromKeys(name: string, user: string | undefined, password: string, host: string, port: number): DatabaseSettings {
  if (!user) throw new ConfigError('DB_USER is not set: set DB_USER (and DB_PASSWORD) in .env');
  return { dialect: 'mysql', database: name, user, password, host, port };
}

function fromUrl(text: string): DatabaseSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('DATABASE_URL is not a URL: expected mysql://user:password@host:3306/database');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError(`DATABASE_URL must start with mysql:// (got ${url.protocol}//)`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new ConfigError('DATABASE_URL names no database: expected mysql://user:password@host:3306/database');
  if (!url.username) throw new ConfigError('DATABASE_URL names no user: expected mysql://user:password@host:3306/database');
  return {
    dialect: 'mysql',
    database,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
  };
}
