import { HttpStatus } from '@nestjs/common';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { ApiError } from '../errors/api-error';
import { PlatformErrorCode } from '../errors/platform-error-code';
import { nulCharacter } from '../http/hostile-input';
import type { Principal } from './principal';

/** What the event contracts allow for an officer's subject (DocumentVerified.officer), so every principal fits. */
export const MAX_SUBJECT_LENGTH = 200;

/**
 * A validly signed token may still carry claims no column or event can hold. Refused at
 * authentication, before any handler writes them: a NUL character (PostgreSQL text cannot
 * store one), a subject longer than the contracts accept, or an officer's agency that is
 * not an agency code (every event names agencies by code, so no such officer could act).
 */
export function assertStorableClaims(principal: Principal): void {
  for (const value of Object.values(principal)) {
    if (typeof value === 'string' && value.includes('\u0000')) throw nulCharacter('bearer token');
  }
  if (principal.subject.length > MAX_SUBJECT_LENGTH) {
    throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.SubjectTooLong, `The bearer token's subject is longer than ${MAX_SUBJECT_LENGTH} characters.`);
  }
  if (principal.role === 'officer' && !AGENCY_CODE_PATTERN.test(principal.agencyCode)) {
    throw new ApiError(HttpStatus.UNAUTHORIZED, PlatformErrorCode.Unauthenticated, "The bearer token's agency is not an agency code such as 000.00.12.H26.");
  }
}
