import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('reads the three keys, with defaults for host, port, server port and log level', () => {
    const config = loadConfig({ DB_NAME: 'shop', DB_USER: 'root', DB_PASSWORD: '' });
    expect(config).toEqual({
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
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL is not a URL/],
    [{ DATABASE_URL: 'postgres://u@h/db' }, /must start with mysql:\/\//],
    [{ DATABASE_URL: 'mysql://u@h:3306/' }, /names no database/],
  ])('rejects %j with one clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('treats blank settings as unset, except an empty password', () => {
    const config = loadConfig({ DB_NAME: 'shop', DB_USER: 'root', DB_HOST: '', PORT: '', DB_PASSWORD: '' });
    expect(config.database).toMatchObject({ host: '127.0.0.1' });
    expect(config.port).toBe(3001);
  });
});
