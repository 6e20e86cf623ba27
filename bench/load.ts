import autocannon, { type Options, type Request } from 'autocannon';
import { request as httpRequest } from 'node:http';
import type { Server } from './processes.js';
import type { Scenario, Step } from './scenarios.js';

export interface Measured {
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx answers plus connection errors and timeouts. */
  readonly errors: number;
  /** Answers received during the run (a server that answers none is stalled, not fast). */
  readonly responses: number;
  /** The largest response seen (bytes on the wire, headers included). */
  readonly maxResponseBytes: number;
  /** The server's largest VmRSS during the run. */
  readonly rssBytes: number;
  /** Requests sent during the run (every one is served: the server finishes those whose client left). */
  readonly sent: number;
  /** The server's CPU time (user + system) from the start of the run until it had finished them all, in seconds. */
  readonly cpuSeconds: number;
}

export interface Probe {
  readonly statuses: readonly number[];
  /** The first step's body, parsed (undefined if it was not JSON). */
  readonly firstBody: unknown;
  readonly firstBytes: number;
}

/**
 * The bytes of an answer's status line and headers (up to and including the blank line), as
 * sent, averaged over `times` GETs of `path`: what each answer carries around its body.
 */
export async function headerBytes(server: Server, path: string, headers: Readonly<Record<string, string>> = {}, times = 5): Promise<number> {
  let total = 0;
  for (let i = 0; i < times; i++) {
    total += await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}${path}`, { headers: { ...headers } }, (res) => {
        let bytes = Buffer.byteLength(`HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\r\n\r\n`);
        for (let h = 0; h < res.rawHeaders.length; h += 2) bytes += Buffer.byteLength(`${res.rawHeaders[h]}: ${res.rawHeaders[h + 1]}\r\n`);
        res.resume();
        res.on('end', () => resolve(bytes));
      });
      req.on('error', reject);
      req.end();
    });
  }
  return total / times;
}

/** Fills {category} and {product}; {id} is left for the run. */
export function resolve(step: Step, placeholders: Record<string, string>): Step {
  return { ...step, path: step.path.replace(/\{(category|product)\}/g, (_, key: string) => placeholders[key]!) };
}

/** Runs the steps once, in order, with fetch: to check what each server answers before loading it. */
export async function probe(server: Server, steps: readonly Step[], headers: Readonly<Record<string, string>> = {}): Promise<Probe> {
  const statuses: number[] = [];
  let id: unknown;
  let firstBody: unknown;
  let firstBytes = 0;
  for (const step of steps) {
    const res = await fetch(`${server.url}${step.path.replace('{id}', String(id))}`, {
      method: step.method,
      headers: { ...headers, ...(step.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: step.body === undefined ? undefined : JSON.stringify(step.body),
    });
    const text = await res.text();
    const body = parseJson(text);
    if (statuses.length === 0) {
      firstBody = body;
      firstBytes = Buffer.byteLength(text);
    }
    statuses.push(res.status);
    id = (body as { id?: unknown } | undefined)?.id ?? id;
    if (!res.ok) break;
  }
  return { statuses, firstBody, firstBytes };
}

/**
 * Drives one server with one scenario: `connections` clients, each looping over the steps, every
 * request with `headers` (e.g. Authorization for writes).
 */
export async function load(
  server: Server,
  steps: readonly Step[],
  options: { connections: number; duration: number; warmup: number; settle: () => Promise<void>; headers?: Readonly<Record<string, string>> },
): Promise<Measured> {
  const headers = options.headers ?? {};
  const base: Options = { url: server.url, connections: options.connections, timeout: 30, requests: steps.map((step, i) => toRequest(step, i, steps, headers)) };
  // A server still busy with answers nobody waits for any more would slow the next run down.
  if (options.warmup > 0) {
    await autocannon({ ...base, duration: options.warmup });
    await options.settle();
  }
  const sampling = server.startSampling();
  const cpuBefore = server.cpuSeconds();
  const instance = autocannon({ ...base, duration: options.duration });
  let maxResponseBytes = 0;
  instance.on('response', (_client, _status, bytes) => (maxResponseBytes = Math.max(maxResponseBytes, bytes)));
  const result = await instance;
  const rssBytes = sampling.stop();
  // Read once the server is idle again, so the requests still in flight when autocannon stopped
  // are paid for too (and they are counted in `sent`); the idle wait adds at most a tick or two.
  await options.settle();
  const cpuSeconds = server.cpuSeconds() - cpuBefore;
  return {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
    responses: result.requests.total,
    maxResponseBytes,
    rssBytes,
    sent: result.requests.sent ?? result.requests.total,
    cpuSeconds,
  };
}

/**
 * One autocannon request per step. A step followed by one whose path has {id} keeps the id it
 * answers in the connection's context; a step with {id} and no id to use restarts the sequence.
 */
function toRequest(step: Step, index: number, steps: readonly Step[], headers: Readonly<Record<string, string>>): Request {
  const request: Request = {
    method: step.method,
    path: step.path,
    headers: { ...headers, ...(step.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
  };
  if (steps[index + 1]?.path.includes('{id}')) {
    request.onResponse = (status, body, context) => {
      const id = status >= 200 && status < 300 ? (parseJson(body) as { id?: unknown } | undefined)?.id : undefined;
      if (id === undefined) delete context.id;
      else context.id = id;
    };
  }
  if (step.path.includes('{id}')) {
    request.setupRequest = (req, context) => (context.id === undefined ? null : { ...req, path: step.path.replace('{id}', String(context.id)) });
  }
  return request;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
