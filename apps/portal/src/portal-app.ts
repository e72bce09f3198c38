import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import nunjucks from 'nunjucks';
import { buildAssets, type BuiltAsset } from './assets/portal-assets';
import type { PortalRequest } from './auth/portal-request';
import { RequestContextMiddleware } from './auth/request-context.middleware';
import { formatDate, formatDateTime, formatVnd } from './i18n/formatting';
import { PortalModule } from './portal.module';
import type { PortalEnvironment } from './portal-environment';

/**
 * The portal's HTTP application: Nest over Express, pages rendered on the server with
 * nunjucks and govuk-frontend's macros. Forms post to the server, so the citizen's journey
 * needs no script; the one script there is only enhances (portal.js).
 */
export async function createPortalApp(env: PortalEnvironment, root = process.cwd()): Promise<NestExpressApplication> {
  const assets = buildAssets(root);
  const pathOf = (suffix: string) => assets.find((asset) => asset.path.startsWith('/assets/portal.') && asset.path.endsWith(suffix))!.path;
  const app = await NestFactory.create<NestExpressApplication>(PortalModule.forRoot(env, { css: pathOf('.css'), js: pathOf('.js') }), {
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  app.disable('x-powered-by');
  app.use(securityHeaders(env));
  app.use(serveAssets(assets));
  app.use(cookieParser());
  // Flat forms only (extended: false): a field is a string or a list of strings, never an object.
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  // Before every route: the language, the session and what every template needs.
  const context = app.get(RequestContextMiddleware);
  app.use((request: Request, response: Response, next: NextFunction) => void context.use(request as PortalRequest, response, next).catch(next));

  const views = nunjucks.configure([resolve(root, 'apps/portal/views'), resolve(root, 'node_modules/govuk-frontend/dist')], {
    autoescape: true,
    express: app.getHttpAdapter().getInstance(),
    noCache: false,
  });
  views.addFilter('date', formatDate);
  views.addFilter('datetime', formatDateTime);
  views.addFilter('vnd', formatVnd);
  app.setViewEngine('njk');
  app.enableShutdownHooks();
  return app;
}

/**
 * A strict policy: scripts and styles from this origin only (no inline code anywhere), forms
 * posting to this origin or to the identity provider (logout goes there after the post), no
 * framing. Every page may carry personal data, so none is stored by a cache.
 */
function securityHeaders(env: PortalEnvironment) {
  const secure = new URL(env.PUBLIC_URL).protocol === 'https:';
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'", new URL(env.OIDC_ISSUER).origin],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure,
    referrerPolicy: { policy: 'same-origin' },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
    headers(request, response, next);
  };
}

function serveAssets(assets: readonly BuiltAsset[]) {
  const byPath = new Map(assets.map((asset) => [asset.path, asset]));
  return (request: Request, response: Response, next: NextFunction) => {
    const asset = byPath.get(request.path);
    if (!asset || request.method !== 'GET') return next();
    const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
    response.set({
      'content-type': asset.type,
      // A name with a content hash never changes what it names.
      'cache-control': /\.[0-9a-f]{12}\./.test(asset.path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    response.end(gzip ? asset.gzipped : asset.body);
  };
}
