import { HttpException, HttpStatus, Injectable, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { ApiError } from '@app/platform';
import { IntakeSettings } from '../intake-settings';

/**
 * Gives multer's refusals the stable codes the rest of the API uses: the same
 * FILE_TOO_LARGE the vault would answer, and MALFORMED_UPLOAD for a broken form. Bound
 * outside the file interceptor, so it sees what multer threw.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(private readonly settings: IntakeSettings) {}

  intercept(_context: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => this.translate(error))));
  }

  private translate(error: unknown): unknown {
    // Only multer's and busboy's errors carry their origin as the cause; pipe and handler errors do not.
    if (!(error instanceof HttpException) || !(error.cause instanceof Error)) return error;
    if (error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      const limit = `${Math.floor(this.settings.maxUploadBytes / 1024)} KiB`;
      return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'FILE_TOO_LARGE', `A document file may be at most ${limit}.`);
    }
    if (error.getStatus() === HttpStatus.BAD_REQUEST) {
      return new ApiError(HttpStatus.BAD_REQUEST, 'MALFORMED_UPLOAD', `The upload form is not acceptable: ${error.message}.`);
    }
    return error;
  }
}
