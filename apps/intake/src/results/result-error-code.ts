/** Codes the results module answers with. */
export enum ResultErrorCode {
  SigningNotConfigured = 'RESULT_SIGNING_NOT_CONFIGURED',
  TimestampUnavailable = 'TIMESTAMP_UNAVAILABLE',
  ResultNotFound = 'RESULT_NOT_FOUND',
  InvalidVerificationCode = 'INVALID_VERIFICATION_CODE',
  AlreadyRevoked = 'RESULT_ALREADY_REVOKED',
  NoResultYet = 'NO_RESULT_YET',
}
