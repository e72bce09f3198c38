import { HttpStatus } from '@nestjs/common';
import { AGENCY_CODE_PATTERN } from '@app/contracts';
import { ApiError } from '@app/platform';

/** Every code the directory module answers with, besides the platform's (PlatformErrorCode). */
export enum DirectoryErrorCode {
  InvalidAgencyCode = 'INVALID_AGENCY_CODE',
  GoverningBodyNotFound = 'GOVERNING_BODY_NOT_FOUND',
  AgencyNotFound = 'AGENCY_NOT_FOUND',
  UnknownGoverningBody = 'UNKNOWN_GOVERNING_BODY',
  EffectiveDateInFuture = 'EFFECTIVE_DATE_IN_FUTURE',
  AgencyMoveNotSupported = 'AGENCY_MOVE_NOT_SUPPORTED',
}

export function assertAgencyCode(code: string): void {
  if (!AGENCY_CODE_PATTERN.test(code)) {
    throw new ApiError(HttpStatus.BAD_REQUEST, DirectoryErrorCode.InvalidAgencyCode, `"${code}" is not an electronic identifier code such as 000.00.12.H26.`);
  }
}

export const governingBodyNotFound = (code: string) =>
  new ApiError(HttpStatus.NOT_FOUND, DirectoryErrorCode.GoverningBodyNotFound, `No governing body has the code ${code}.`);

export const agencyNotFound = (code: string) => new ApiError(HttpStatus.NOT_FOUND, DirectoryErrorCode.AgencyNotFound, `No agency has the code ${code}.`);

export const unknownGoverningBody = (code: string) =>
  new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, DirectoryErrorCode.UnknownGoverningBody, `No governing body has the code ${code}; create it first.`);

export const effectiveDateInFuture = () =>
  // Scheduled changes are not supported yet: a future date would need a job that flips the
  // flag and republishes availability when it arrives. Until then the change applies now.
  new ApiError(HttpStatus.BAD_REQUEST, DirectoryErrorCode.EffectiveDateInFuture, 'effectiveFrom must not be in the future; scheduled changes are not supported yet.');

export const agencyMoveNotSupported = (code: string, from: string) =>
  new ApiError(
    HttpStatus.CONFLICT,
    DirectoryErrorCode.AgencyMoveNotSupported,
    `Agency ${code} belongs to ${from}; moving an agency to another governing body is not supported, register it under a new code instead.`,
  );
