import { HttpStatus, Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ApiError, PlatformErrorCode } from '@app/platform';

@Injectable()
export class MessageIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidId, 'A message id is a UUID.');
    return value.toLowerCase();
  }
}
