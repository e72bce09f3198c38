import { HttpException, HttpStatus, Inject, Injectable, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';

export const UPLOAD_LIMIT_BYTES = Symbol('UPLOAD_LIMIT_BYTES');

/**
 * Bound before Nest's FileInterceptor, it gives multer's refusals the platform's stable
 * codes, so a client can tell "file too large" (FILE_TOO_LARGE) and "broken form"
 * (MALFORMED_UPLOAD) from any other 413 or 400.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(@Inject(UPLOAD_LIMIT_BYTES) private readonly maxBytes: number) {}

  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => this.translate(error))));
  }

  private translate(error: unknown): unknown {
    // Only multer's and busboy's refusals carry their origin as the cause; pipe and handler errors do not.
    if (!(error instanceof HttpException) || !(error.cause instanceof Error)) return error;
    if (error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, PlatformErrorCode.FileTooLarge, `A document file may be at most ${this.maxBytes} bytes.`);
    }
    if (error.getStatus() === HttpStatus.BAD_REQUEST) {
      return new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.MalformedUpload, `The upload form is not acceptable: ${error.message}.`);
    }
    return error;
  }
}
