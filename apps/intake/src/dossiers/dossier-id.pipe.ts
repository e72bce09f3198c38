import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiError, PlatformErrorCode } from '@app/platform';

/** Path ids get their own stable code, so a client can tell a typo from a missing dossier. */
@Injectable()
export class DossierIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidId, 'A dossier id is a UUID.');
    return value.toLowerCase();
  }
}
