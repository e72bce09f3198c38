import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CsrfRefused, LoginRequired, type PortalRequest } from './portal-request';
import { csrfMatches } from './session-cookies';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every form post needs a session and carries its synchronizer token (`_csrf`, checked in
 * constant time); a post whose Origin is another site is refused before that. SameSite=Lax
 * cookies already keep most cross-site posts sessionless: this is the defence that does not
 * depend on the browser. Uploads are parsed before guards run, so their token is checked too.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly publicOrigin: string) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<PortalRequest>();
    if (SAFE_METHODS.has(request.method)) return true;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.publicOrigin) throw new CsrfRefused();
    const session = request.portal.session;
    if (!session) throw new LoginRequired('/');
    const body = request.body as Record<string, unknown> | undefined;
    if (!csrfMatches(session, body?._csrf)) throw new CsrfRefused();
    return true;
  }
}
