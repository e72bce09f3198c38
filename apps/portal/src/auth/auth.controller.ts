import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { render } from '../pages/page';
import { translator } from '../i18n/messages';
import { LoginFailedError, OidcLogin } from './oidc-login';
import type { PortalRequest } from './portal-request';
import { SessionCookies } from './session-cookies';

/** Where a login may come back to: a path of this portal, never another site (no open redirect). */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && !value.startsWith('/auth/') ? value : '/';
}

/** Where each role lands when it logged in from the home page. */
const HOME_OF = { citizen: '/dossiers', officer: '/desk', admin: '/admin' } as const;

@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: OidcLogin,
    private readonly cookies: SessionCookies,
  ) {}

  @Get('login')
  async start(@Query('returnTo') returnTo: unknown, @Res() response: Response): Promise<void> {
    const { url, pending } = await this.login.start(safeReturnTo(returnTo));
    await this.cookies.writePendingLogin(response, pending);
    response.redirect(303, url);
  }

  /** The provider sends the browser back here with a code, or with the error it met. */
  @Get('callback')
  async callback(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const t = translator(request.portal.language);
    const pending = await this.cookies.readPendingLogin(request);
    this.cookies.clearPendingLogin(response);
    if (!pending) return this.failed(response, t('auth.noPendingLogin'));
    if (typeof request.query.error === 'string') {
      return this.failed(response, request.query.error === 'access_denied' ? t('auth.cancelled') : t('auth.refused'));
    }
    try {
      const completed = await this.login.finish(request.originalUrl, pending);
      await this.cookies.writeSession(response, { principal: completed.principal, name: completed.name, accessToken: completed.accessToken, idToken: completed.idToken }, completed.expiresAt);
      const home = pending.returnTo === '/' ? HOME_OF[completed.principal.role] : pending.returnTo;
      response.redirect(303, home);
    } catch (error) {
      if (error instanceof LoginFailedError) return this.failed(response, t('auth.refused'));
      throw error;
    }
  }

  /** Ends the portal's session, then the provider's (RP-initiated logout), which comes back home. */
  @Post('logout')
  async logout(@Req() request: PortalRequest, @Res() response: Response): Promise<void> {
    const idToken = request.portal.session?.idToken;
    this.cookies.clearSession(response);
    response.redirect(303, await this.login.endSessionUrl(idToken));
  }

  private failed(response: Response, message: string): void {
    const t = translator((response.locals.lang as 'vi' | 'en' | undefined) ?? 'vi');
    render(response, 'error', t('auth.failedTitle'), { message, loginAgain: true }, 401);
  }
}
