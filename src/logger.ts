import { Writable } from 'node:stream';
import { pino, stdSerializers, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { LogFormat } from './config.js';

/**
 * JSON lines on stdout: what log collectors expect (LOG_FORMAT=pretty: coloured lines for a person
 * at a terminal). Credentials never reach a line: the headers that carry them are redacted
 * wherever a request is logged. Nor do customers' emails: see withoutEmails.
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: { err: errorWithoutBoundValues },
    hooks: { streamWrite: withoutEmails },
  };
  const target = format === 'pretty' ? pretty(destination) : destination;
  return target ? pino(options, target) : pino(options);
}

/**
 * pino-pretty as a synchronous stream in this process, not a worker transport: a line logged just
 * before process.exit (a startup failure, the shutdown summary) is written before the exit, where
 * a worker thread could lose it. Colours only on stdout, when the terminal supports them.
 */
function pretty(destination: DestinationStream | undefined): DestinationStream {
  return prettyStream({
    sync: true,
    // pino-pretty pipes into a stream; pino itself takes anything with write(), so wrap that.
    destination: destination === undefined ? 1 : 'on' in destination ? (destination as Writable) : asWritable(destination),
    ...(destination ? { colorize: false } : {}),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'hostname',
  });
}

function asWritable(destination: DestinationStream): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      destination.write(chunk.toString());
      done();
    },
  });
}

/** What a customer's email looks like inside a JSON line, including SQL-escaped quotes in its local part (o\\'brien@...). */
// Bounded repeats (an email has at most 254 characters; a label at most 63) keep the cost linear
// in the line's length even for a long run of letters with no @ after it.
const EMAIL = /[A-Za-z0-9_+.-](?:[A-Za-z0-9_'+.\\-]{0,252}[A-Za-z0-9_+.-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}/g;

/**
 * The last step before a line is written: anything shaped like an email address becomes
 * "[email]". An order's email can reach a line in many ways that no list of fields would keep up
 * with: an unexpected database error carries its statement (`sql`, `original.sql`), a duplicate
 * key's message quotes the value, a validation error of Sequelize holds the row. So the whole
 * line is scrubbed, whatever logged it; lines without an @ (nearly all) cost one indexOf.
 */
export function withoutEmails(line: string): string {
  return line.includes('@') ? line.replace(EMAIL, '[email]') : line;
}

/**
 * pino's error serializer, without the values bound to a failed statement (`parameters`, at any
 * depth: Sequelize copies them onto `original` and `parent`) or the model instance a Sequelize
 * validation error holds: they are customer data (an order's email), and the statement itself,
 * kept for debugging, already says what was run.
 */
function errorWithoutBoundValues(error: Error): unknown {
  return withoutKeys(stdSerializers.err(error), new Set(['parameters', 'instance']), 0);
}

function withoutKeys(value: unknown, keys: ReadonlySet<string>, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => withoutKeys(item, keys, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (!keys.has(key)) copy[key] = withoutKeys(item, keys, depth + 1);
  return copy;
}
