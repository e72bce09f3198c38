import { BadRequestException, Injectable, PayloadTooLargeException, type CallHandler, type NestInterceptor } from '@nestjs/common';
import { catchError, throwError, type Observable } from 'rxjs';
import { VaultEnvironment } from '../vault-environment';
import { fileTooLarge, malformedUpload } from './document.errors';

/**
 * Bound before Nest's FileInterceptor, it turns multer's refusals into the vault's own
 * error codes, so a client can tell "too large" from any other 413 the platform sends.
 */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  constructor(private readonly env: VaultEnvironment) {}

  intercept(_: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof PayloadTooLargeException) return throwError(() => fileTooLarge(this.env.MAX_UPLOAD_BYTES));
        if (error instanceof BadRequestException && isMulterError(error.cause)) return throwError(() => malformedUpload(error.message));
        return throwError(() => error);
      }),
    );
  }
}

function isMulterError(cause: unknown): boolean {
  return cause instanceof Error && cause.name === 'MulterError';
}
