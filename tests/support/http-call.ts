import http from 'node:http';

// One JSON request to a server on 127.0.0.1, for tests that drive built server processes.

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** The problem+json `code` of an error answer, if any. */
  readonly code?: string;
  /** The Retry-After header, if any. */
  readonly retryAfter?: string;
  readonly ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

/** One request; a connection-level failure is status 0 (its message in `body`). */
export function call(port: number, method: string, urlPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      { host: '127.0.0.1', port, method, path: urlPath, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // kept as text
          }
          const code = (parsed as { code?: unknown } | null)?.code;
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            ...(typeof code === 'string' ? { code } : {}),
            ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
            ms: performance.now() - started,
          });
        });
      },
    );
    req.on('error', (error) => resolve({ status: 0, body: error.message, ms: performance.now() - started }));
    req.end(payload);
  });
}
