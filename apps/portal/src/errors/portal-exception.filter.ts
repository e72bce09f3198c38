import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { MulterError } from 'multer';
import { ServiceRefusal, ServiceUnavailable, SessionExpired } from '../api/service-client';
import { AccessDenied, CsrfRefused, LoginRequired, PageNotFound, type PortalRequest } from '../auth/portal-request';
import { SessionCookies } from '../auth/session-cookies';
import { translator } from '../i18n/messages';
import { refusalMessage } from '../pages/page';

/**
 * Every failure becomes a page in the user's language with the right status: a login when
 * the session is missing or its token expired, 404 for what is not theirs, 403 for a form
 * without its token, 503 when a service is down. Only the unexpected is logged as an error.
 */
@Catch()
export class PortalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('portal');

  constructor(private readonly cookies: SessionCookies) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<PortalRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return void response.end();
    const t = translator(request.portal?.language ?? 'vi');
    const page = (status: number, title: string, message: string, extra: Record<string, unknown> = {}) =>
      response.status(status).render('error', { t, lang: request.portal?.language ?? 'vi', navigation: [], pageTitle: t(title), message: t(message), ...extra });

    if (exception instanceof LoginRequired || exception instanceof SessionExpired) {
      this.cookies.clearSession(response);
      const returnTo = exception instanceof LoginRequired ? exception.returnTo : request.method === 'GET' ? request.originalUrl : '/';
      return response.redirect(303, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    }
    if (exception instanceof PageNotFound || (exception instanceof ServiceRefusal && exception.status === 404)) return page(404, 'error.notFoundTitle', 'error.notFound');
    if (exception instanceof AccessDenied) return page(403, 'error.deniedTitle', 'error.denied');
    if (exception instanceof CsrfRefused) return page(403, 'error.csrfTitle', 'error.csrf');
    if (exception instanceof ServiceUnavailable) {
      this.logger.warn(exception.message);
      return page(503, 'error.unavailableTitle', 'error.unavailable');
    }
    if (exception instanceof ServiceRefusal) return page(exception.status, 'error.badRequestTitle', refusalMessage(t, exception));
    // Refused while the upload was read, before any page code ran: too large, or too many parts.
    if (exception instanceof MulterError) {
      return exception.code === 'LIMIT_FILE_SIZE' ? page(413, 'error.badRequestTitle', 'apiError.FILE_TOO_LARGE') : page(400, 'error.badRequestTitle', 'apiError.MALFORMED_UPLOAD');
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      return status === 404 ? page(404, 'error.notFoundTitle', 'error.notFound') : page(status, 'error.badRequestTitle', 'error.notFound');
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    page(500, 'error.internalTitle', 'error.internal');
  }
}
