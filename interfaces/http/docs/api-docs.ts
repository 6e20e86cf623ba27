import express, { type RequestHandler, type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { DOCS_PAGE_PATH, docsPageSecurityHeaders } from '../operations/security-headers.js';

export const API_DOCS_PATH = DOCS_PAGE_PATH;

/**
 * The docs page's own Content-Security-Policy, set on everything under /api/docs (the JSON answers
 * keep helmet's tight one). Everything comes from this server: Swagger UI's files from the
 * swagger-ui-dist package, the document from /api/openapi.json, "Try it out" requests to the same
 * origin; no CDN, no fonts or images from elsewhere. Swagger UI styles some elements inline
 * (style attributes, and the page template's <style> blocks), hence 'unsafe-inline' for styles
 * only; scripts are files of ours. Images: its SVG icons come as data: URLs.
 */
export const API_DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const docsPolicy: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', API_DOCS_CSP);
  next();
};

/**
 * `GET /api/docs/`: Swagger UI over the OpenAPI document at `documentUrl`, served entirely from
 * this server. `GET /api/docs` redirects there, so the page's relative asset URLs resolve under
 * /api/docs/.
 */
export function apiDocs(documentUrl: string): Router {
  const options = {
    customSiteTitle: 'E-commerce back end: API reference',
    swaggerUrl: documentUrl,
    swaggerOptions: {
      // Swagger UI would otherwise ask validator.swagger.io about the document, from the browser.
      validatorUrl: null,
      tryItOutEnabled: true,
      persistAuthorization: false,
    },
  };
  const router = express.Router({ strict: true });
  // helmet's set for web pages (the API's JSON set is too tight for a page), with this page's CSP.
  router.use(API_DOCS_PATH, docsPageSecurityHeaders({ contentSecurityPolicy: false }), docsPolicy);
  router.get(API_DOCS_PATH, (req, res) => {
    const query = req.originalUrl.slice(req.originalUrl.indexOf('?') >= 0 ? req.originalUrl.indexOf('?') : req.originalUrl.length);
    res.redirect(301, `${API_DOCS_PATH}/${query}`);
  });
  router.use(`${API_DOCS_PATH}/`, ...swaggerUi.serveFiles(undefined, options));
  router.get(`${API_DOCS_PATH}/`, swaggerUi.setup(undefined, options));
  return router;
}
