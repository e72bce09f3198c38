import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';

const malformed = () => new ApiError(HttpStatus.BAD_REQUEST, PlatformErrorCode.MalformedRequest, 'The request body could not be parsed.');
const unreadable = () =>
  new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, PlatformErrorCode.UnsupportedMediaType, 'The request body has a charset or a content encoding this service does not read.');

/**
 * body-parser and raw-body name each refusal with a `type`. Keyed on it, not on the status
 * or the text, the answer stays the same whatever body-parser's messages say in its next
 * release, and whichever way Nest passes the error on (Nest 12 wraps it in an
 * HttpException, and then a 413 would carry "request entity too large" as its message).
 * Server faults (`stream.*`) are not here: they stay 500s, and are logged in full.
 */
const BY_TYPE: Readonly<Record<string, (error: { limit?: unknown }) => ApiError>> = {
  'entity.too.large': (error) =>
    new ApiError(
      HttpStatus.PAYLOAD_TOO_LARGE,
      PlatformErrorCode.PayloadTooLarge,
      'The request body is larger than this service accepts.',
      typeof error.limit === 'number' ? { limitBytes: error.limit } : undefined,
    ),
  'parameters.too.many': () => new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, PlatformErrorCode.PayloadTooLarge, 'The request body has more fields than this service accepts.'),
  'entity.parse.failed': malformed,
  'querystring.parse.rangeError': malformed,
  'request.size.invalid': malformed,
  'request.aborted': malformed,
  'charset.unsupported': unreadable,
  'encoding.unsupported': unreadable,
};

/** The platform's refusal for an error a body parser raised; anything else is returned as it is. */
export function bodyParserRefusal(error: unknown): unknown {
  const type = typeof error === 'object' && error !== null ? (error as { type?: unknown }).type : undefined;
  return typeof type === 'string' && Object.hasOwn(BY_TYPE, type) ? BY_TYPE[type](error as { limit?: unknown }) : error;
}
