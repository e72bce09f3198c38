/**
 * Every code the platform itself answers with, whatever the service: authentication,
 * request hygiene, uploads, pagination, idempotency and the catch-all shapes of the error
 * filter. Feature modules declare their own enums next to their errors (DocumentErrorCode,
 * DossierErrorCode…); the OpenAPI document lists both for each route.
 */
export enum PlatformErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedRequest = 'MALFORMED_REQUEST',
  NulCharacter = 'NUL_CHARACTER',
  JsonTooDeep = 'JSON_TOO_DEEP',
  Unauthenticated = 'UNAUTHENTICATED',
  SubjectTooLong = 'SUBJECT_TOO_LONG',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  Unprocessable = 'UNPROCESSABLE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  RequestRefused = 'REQUEST_REFUSED',
  FileTooLarge = 'FILE_TOO_LARGE',
  MalformedUpload = 'MALFORMED_UPLOAD',
  FileTypeMismatch = 'FILE_TYPE_MISMATCH',
  InvalidCursor = 'INVALID_CURSOR',
  IdempotencyKeyInvalid = 'IDEMPOTENCY_KEY_INVALID',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyInProgress = 'IDEMPOTENCY_IN_PROGRESS',
  MetricsDisabled = 'METRICS_DISABLED',
  InternalError = 'INTERNAL_ERROR',
}
