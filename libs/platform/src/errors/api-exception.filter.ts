import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError } from './api-error';
import { PlatformErrorCode } from './platform-error-code';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const CODE_BY_STATUS: Partial<Record<number, PlatformErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: PlatformErrorCode.BadRequest,
  [HttpStatus.UNAUTHORIZED]: PlatformErrorCode.Unauthenticated,
  [HttpStatus.FORBIDDEN]: PlatformErrorCode.Forbidden,
  [HttpStatus.NOT_FOUND]: PlatformErrorCode.NotFound,
  [HttpStatus.METHOD_NOT_ALLOWED]: PlatformErrorCode.MethodNotAllowed,
  [HttpStatus.CONFLICT]: PlatformErrorCode.Conflict,
  [HttpStatus.PAYLOAD_TOO_LARGE]: PlatformErrorCode.PayloadTooLarge,
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: PlatformErrorCode.UnsupportedMediaType,
  [HttpStatus.UNPROCESSABLE_ENTITY]: PlatformErrorCode.Unprocessable,
  [HttpStatus.TOO_MANY_REQUESTS]: PlatformErrorCode.TooManyRequests,
};

/**
 * The one place an HTTP error body is shaped. Clients always get a code and a sentence,
 * never a stack trace; anything unexpected is logged in full and answered as a 500.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    // A deliberate 5xx (a dependency is down) is expected and explained: one line. Anything else is a bug: in full.
    if (exception instanceof ApiError && status >= 500) this.logger.warn(`${exception.code}: ${exception.message}`);
    else if (status >= 500) this.logger.error(exception instanceof Error ? exception : String(exception));
    // A route's own @Header (a CSV's or an HTML page's content type, a download's disposition)
    // is set before its pipes and handler run, so it is already on a response that now carries
    // an error instead: say it is JSON, and not a file to save.
    response.removeHeader('content-disposition');
    response.status(status).type('application/json').json(body);
  }

  private describe(exception: unknown): { status: number; body: ApiErrorBody } {
    if (exception instanceof ApiError) {
      return {
        status: exception.status,
        body: { error: { code: exception.code, message: exception.message, ...(exception.details ? { details: exception.details } : {}) } },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const messages = typeof response === 'object' && response !== null && 'message' in response ? response.message : exception.message;
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      const validation = status === HttpStatus.BAD_REQUEST && Array.isArray(messages);
      return {
        status,
        body: {
          error: {
            code: validation ? PlatformErrorCode.ValidationFailed : (CODE_BY_STATUS[status] ?? (status >= 500 ? PlatformErrorCode.InternalError : PlatformErrorCode.RequestRefused)),
            message: validation ? `The request is invalid: ${list.join('; ')}.` : list.join('; '),
            ...(validation ? { details: { problems: list } } : {}),
          },
        },
      };
    }
    // body-parser reports malformed or oversized bodies as plain errors carrying a status.
    if (isHttpishError(exception) && exception.status < 500) {
      const tooLarge = exception.status === HttpStatus.PAYLOAD_TOO_LARGE;
      return {
        status: exception.status,
        body: {
          error: {
            code: tooLarge ? PlatformErrorCode.PayloadTooLarge : PlatformErrorCode.MalformedRequest,
            message: tooLarge ? 'The request body is larger than this service accepts.' : 'The request body could not be parsed.',
          },
        },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: { code: PlatformErrorCode.InternalError, message: 'Something went wrong on our side; it has been logged.' } },
    };
  }
}

function isHttpishError(value: unknown): value is Error & { status: number } {
  return value instanceof Error && typeof (value as { status?: unknown }).status === 'number';
}
