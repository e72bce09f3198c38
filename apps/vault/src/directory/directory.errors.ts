import { HttpStatus } from '@nestjs/common';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { ApiError } from '@app/platform';

export function assertAgencyCode(code: string): void {
  if (!AGENCY_CODE_PATTERN.test(code)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_AGENCY_CODE', `"${code}" is not an electronic identifier code such as 000.00.12.H26.`);
  }
}

export const governingBodyNotFound = (code: string) =>
  new ApiError(HttpStatus.NOT_FOUND, 'GOVERNING_BODY_NOT_FOUND', `No governing body has the code ${code}.`);

export const agencyNotFound = (code: string) => new ApiError(HttpStatus.NOT_FOUND, 'AGENCY_NOT_FOUND', `No agency has the code ${code}.`);

export const unknownGoverningBody = (code: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, 'UNKNOWN_GOVERNING_BODY', `No governing body has the code ${code}; create it first.`);

export const effectiveDateInFuture = () =>
  // Scheduled changes are not supported yet: a future date would need a job that flips the
  // flag and republishes availability when it arrives. Until then the change applies now.
  new ApiError(HttpStatus.BAD_REQUEST, 'EFFECTIVE_DATE_IN_FUTURE', 'effectiveFrom must not be in the future; scheduled changes are not supported yet.');

export const agencyMoveNotSupported = (code: string, from: string) =>
  new ApiError(
    HttpStatus.CONFLICT,
    'AGENCY_MOVE_NOT_SUPPORTED',
    `Agency ${code} belongs to ${from}; moving an agency to another governing body is not supported, register it under a new code instead.`,
  );
