import { Writable } from 'node:stream';
import { DatabaseError } from 'sequelize';
import { describe, expect, it } from 'vitest';
import { createLogger, withoutEmails } from '../../src/logger.js';

/** A real stream, as pino-pretty needs one, keeping what it is given. */
const capture = () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
};

describe('createLogger', () => {
  it('LOG_FORMAT=json (the default): one JSON object per line, with level, time and msg', () => {
    const { lines, destination } = capture();
    createLogger('info', destination).info({ orders: 2 }, 'placed');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ level: 30, time: expect.any(Number), orders: 2, msg: 'placed' });
  });

  it('LOG_FORMAT=pretty: a readable line, written before the call returns (a synchronous stream, so nothing is lost at exit)', () => {
    const { lines, destination } = capture();
    const logger = createLogger('debug', destination, 'pretty');
    logger.info({ pid: 42, orders: 2 }, 'listening on http://localhost:3001');
    logger.debug('detail');
    logger.trace('not at this level');
    // Nothing awaited: the lines are there already.
    const text = lines.join('');
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO \(42\): listening on http:\/\/localhost:3001\n {4}orders: 2\n/);
    expect(text).toMatch(/\] DEBUG: detail\n$/);
    expect(text).not.toContain('not at this level');
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(text).not.toContain('\u001b['); // no colour codes into a stream that is not a terminal
  });

  it('LOG_FORMAT=pretty also writes to a plain { write } destination, as pino does', () => {
    const lines: string[] = [];
    createLogger('info', { write: (line: string) => void lines.push(line) }, 'pretty').info('plain');
    expect(lines.join('')).toMatch(/\] INFO: plain\n$/);
  });

  it.each(['json', 'pretty'] as const)('%s: redacts emails and drops the values bound to a failed statement', (format) => {
    const { lines, destination } = capture();
    const driverError = Object.assign(new Error("Duplicate entry 'ada@example.com' for key 'email'"), {
      sql: "INSERT INTO orders (email) VALUES ('ada@example.com')",
      parameters: ['ada@example.com', 'secret-ish'],
    });
    createLogger('info', destination, format).error({ err: new DatabaseError(driverError) }, 'unhandled error for ada@example.com');
    const text = lines.join('');
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain('secret-ish');
    expect(text).toContain("INSERT INTO orders (email) VALUES ('[email]')");
    expect(text).toContain('unhandled error for [email]');
  });
});

describe('withoutEmails', () => {
  it.each([
    ['ada@example.com', '[email]'],
    ['{"sql":"... WHERE email = \'ada@example.com\'"}', '{"sql":"... WHERE email = \'[email]\'"}'],
    // SQL escapes the apostrophe; JSON escapes that backslash.
    ["'O\\\\'Brien.Ada+shop@Example.co.uk'", "'[email]'"],
    ['two: a@b.io, c.d-e@f-g.example.org.', 'two: [email], [email].'],
    ['no email: root@localhost, pino@10.4.0, @scope/pkg, a@b', 'no email: root@localhost, pino@10.4.0, @scope/pkg, a@b'],
  ])('%s -> %s', (line, expected) => {
    expect(withoutEmails(line)).toBe(expected);
  });

  it('costs time linear in the line, even for a long run of letters with an @ after it', () => {
    const line = `${'a'.repeat(100_000)} @ ${'b'.repeat(100_000)}`;
    const started = performance.now();
    expect(withoutEmails(line)).toBe(line);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
