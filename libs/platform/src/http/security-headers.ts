import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The API answers JSON and files only: it needs no script, style, frame or form of any origin. */
const API_DIRECTIVES = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/**
 * Swagger UI at /docs loads its scripts from /docs itself (no inline script: `script-src
 * 'self'`), but its page and React components set inline styles and its CSS uses data: SVG
 * icons, so styles and images are relaxed there, and only there.
 */
const DOCS_DIRECTIVES = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

export const isDocsPath = (path: string) => path === '/docs' || path.startsWith('/docs/') || path.startsWith('/docs-');

/** Probes and the public API description carry no personal data; every other answer may. */
const mayCarryPersonalData = (path: string) => !isDocsPath(path) && path !== '/health' && !path.startsWith('/health/');

/**
 * Helmet's headers on every response (nosniff, no X-Powered-By, HSTS, no framing…), with a
 * restrictive CSP, plus `Cache-Control: no-store` wherever personal data may be in the
 * answer, error bodies included, so no shared cache or browser history keeps it.
 * Mounted before Nest's body parser, so even a malformed body's 400 carries them.
 */
export function securityHeaders(): RequestHandler {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: API_DIRECTIVES } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: DOCS_DIRECTIVES } });
  return (request: Request, response: Response, next: NextFunction) => {
    if (mayCarryPersonalData(request.path)) response.setHeader('Cache-Control', 'no-store');
    (isDocsPath(request.path) ? docs : api)(request, response, next);
  };
}
