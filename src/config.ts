import dotenv from 'dotenv';
import { z } from 'zod';
import type { DatabaseSettings } from '../infrastructure/persistence/sequelize/create-sequelize.js';

export interface Config {
  readonly port: number;
  readonly logLevel: string;
  readonly database: DatabaseSettings;
}

/** A setting is missing or malformed; the message names it and says what to do. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const port = (name: string, fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, `${name} must be a port number from 0 to 65535`)
    .transform(Number);

const settingsSchema = z.object({
  PORT: port('PORT', 3001),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DATABASE_URL: z.string().optional(),
  DB_NAME: z.string().optional(),
  DB_USER: z.string().optional(),
  DB_PASSWORD: z.string().default(''),
  DB_HOST: z.string().min(1, 'DB_HOST must not be empty').default('127.0.0.1'),
  DB_PORT: port('DB_PORT', 3306),
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
  const database = s.DATABASE_URL ? fromUrl(s.DATABASE_URL) : fromKeys(s.DB_NAME, s.DB_USER, s.DB_PASSWORD, s.DB_HOST, s.DB_PORT);
  return Object.freeze({ port: s.PORT, logLevel: s.LOG_LEVEL, database: Object.freeze(database) });
}

function fromKeys(name: string | undefined, user: string | undefined, password: string, host: string, port: number): DatabaseSettings {
  if (!name) throw new ConfigError('DB_NAME is not set: copy .env.example to .env and set DB_NAME, DB_USER and DB_PASSWORD (or DATABASE_URL)');
  if (!user) throw new ConfigError('DB_USER is not set: set DB_USER (and DB_PASSWORD) in .env');
  return { database: name, user, password, host, port };
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
    database,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
  };
}
