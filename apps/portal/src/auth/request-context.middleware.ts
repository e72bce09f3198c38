import type { NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { translator } from '../i18n/messages';
import type { Language } from '../i18n/formatting';
import { navigationFor } from '../pages/navigation';
import type { PortalRequest } from './portal-request';
import { type SessionCookies } from './session-cookies';

const LANGUAGE_COOKIE = 'portal_lang';
const ONE_YEAR_MS = 365 * 24 * 3_600_000;

/**
 * Before every page: the language (Vietnamese unless `?lang=en` chose English, remembered in a
 * cookie), the session if the cookie holds a valid one, and what every template needs.
 */
export class RequestContextMiddleware implements NestMiddleware {
  constructor(
    private readonly cookies: SessionCookies,
    /** The stylesheet and script, whose names carry a hash of their content (portal-assets.ts). */
    private readonly assets: { readonly css: string; readonly js: string },
  ) {}

  async use(request: PortalRequest, response: Response, next: NextFunction): Promise<void> {
    const language = this.language(request, response);
    const session = await this.cookies.readSession(request);
    request.portal = { language, session };
    Object.assign(response.locals, {
      lang: language,
      t: translator(language),
      session,
      csrf: session?.csrf,
      path: request.path,
      navigation: navigationFor(session?.principal.role, request.path),
      assets: this.assets,
    });
    next();
  }

  private language(request: PortalRequest, response: Response): Language {
    const asked = request.query.lang;
    if (asked === 'vi' || asked === 'en') {
      response.cookie(LANGUAGE_COOKIE, asked, { httpOnly: true, sameSite: 'lax', path: '/', maxAge: ONE_YEAR_MS });
      return asked;
    }
    const cookies = request.cookies as Record<string, string> | undefined;
    return cookies?.[LANGUAGE_COOKIE] === 'en' ? 'en' : 'vi';
  }
}
