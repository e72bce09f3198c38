import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { ApiError, PlatformErrorCode } from '@app/platform';

/** Route ids are UUIDs; anything else is refused before it reaches a query. */
export const ParseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.InvalidId, 'The id in the path must be a UUID.'),
});
