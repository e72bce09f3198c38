import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError, PlatformErrorCode } from '@app/platform';

/** A version in a path: a whole number from 1, so `1.5`, `01x` or `-1` are a typo (400), not a missing version (404). */
@Injectable()
export class ProcedureVersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const version = /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : Number.NaN;
    if (Number.isNaN(version)) throw new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidId, 'A procedure version is a whole number from 1.');
    return version;
  }
}
