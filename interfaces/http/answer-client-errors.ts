import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Problem } from './errors/problem.js';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** What Node's HTTP parser refused, before Express ever saw a request. */
function problemFor(code: string | undefined): Problem {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, title: 'Request header fields too large', detail: 'the request line and headers are larger than 16 kB; shorten the URL or the headers', code: 'HEADERS_TOO_LARGE' };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, title: 'Request timeout', detail: 'the request did not arrive in time', code: 'REQUEST_TIMEOUT' };
  }
  return {
    status: 400,
    title: 'Bad request',
    detail: 'the request is not valid HTTP; characters outside ASCII in the URL must be percent-encoded',
    code: 'BAD_REQUEST',
  };
}

/**
 * Node answers what its parser refuses (raw UTF-8 in a URL, a 20 kB query string) with a bare
 * 400 or 431 and no body. This writes the same statuses as problem+json, like every other error.
 * A 'clientError' listener replaces Node's answer, so it must also close the socket.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way on this connection (keep-alive) cannot be followed by another.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error.code);
    const body = JSON.stringify({ type: 'about:blank', ...problem });
    socket.end(
      `HTTP/1.1 ${problem.status} ${REASONS[problem.status]}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        'Connection: close\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}
