import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * What a JSON API's answers need, and nothing meant for web pages. No answer of the API is a
 * document a browser renders, so:
 * - Content-Security-Policy `default-src 'none'; frame-ancestors 'none'`: should an answer ever
 *   be rendered (opened directly, or sniffed), it may load nothing and run nothing, and no page
 *   may frame it (frame-ancestors replaces X-Frame-Options in every current browser);
 * - X-Content-Type-Options `nosniff`: JSON stays JSON, never sniffed into HTML or script;
 * - Referrer-Policy `no-referrer`: nothing of our URLs leaks on;
 * - Strict-Transport-Security: front ends call the API from browsers with bearer credentials;
 *   once a browser has seen it over HTTPS it never sends them to this host in plain HTTP again
 *   (browsers ignore it on plain HTTP, so it costs nothing in development);
 * - Cross-Origin-Resource-Policy `same-origin`: other sites' pages may not embed our answers;
 *   cors-policy.ts sets `cross-origin` for the origins in CORS_ORIGINS, so those can read them.
 * Dropped from helmet's set for web pages: the page-oriented CSP, X-Frame-Options,
 * X-XSS-Protection, X-Download-Options, X-DNS-Prefetch-Control, X-Permitted-Cross-Domain-Policies,
 * Origin-Agent-Cluster and Cross-Origin-Opener-Policy (a JSON answer opens no window and holds no
 * DOM). X-Powered-By is never sent (create-app.ts disables it).
 */
export const API_SECURITY_HEADERS: readonly (readonly [name: string, value: string])[] = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

/** Puts API_SECURITY_HEADERS on an answer: a fixed list, set once per request, nothing computed. */
export function setApiSecurityHeaders(res: Response): void {
  for (const [name, value] of API_SECURITY_HEADERS) res.setHeader(name, value);
}

export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  setApiSecurityHeaders(res);
  next();
};

/** Where the human-readable reference of the API is served (interfaces/http/docs/api-docs.ts). */
export const DOCS_PAGE_PATH = '/api/docs';

/**
 * For an HTML page such as the docs at DOCS_PAGE_PATH: helmet's full set for web pages
 * (a CSP that lets the page load its own scripts, styles and images, X-Frame-Options,
 * Cross-Origin-Opener-Policy, ...), replacing the API's set on that route only. Mount it in front
 * of the page's handler: `app.get(DOCS_PAGE_PATH, docsPageSecurityHeaders(), handler)`; widen its
 * `contentSecurityPolicy.directives` there if the page needs a CDN.
 */
export function docsPageSecurityHeaders(options: Parameters<typeof helmet>[0] = {}): RequestHandler {
  return helmet(options);
}
