import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { ApiError } from '@app/platform';

/** Route ids are UUIDs; anything else is refused before it reaches a query. */
export const ParseIdPipe = new ParseUUIDPipe({
  exceptionFactory: () => new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_ID', 'The id in the path must be a UUID.'),
});
