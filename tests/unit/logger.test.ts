import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

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
});
