import { HttpStatus } from '@nestjs/common';
import { ApiError, PlatformErrorCode, type Principal } from '@app/platform';

export type CitizenPrincipal = Extract<Principal, { role: 'citizen' }>;

/** Narrows a principal on a citizen-only route (the guard has already checked the role). */
export function asCitizen(principal: Principal): CitizenPrincipal {
  if (principal.role !== 'citizen') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'This action is for: citizen.');
  return principal;
}

export type StaffPrincipal = Exclude<Principal, CitizenPrincipal>;
export type OfficerPrincipal = Extract<Principal, { role: 'officer' }>;

/** Narrows a principal on an officer-only route (the guard has already checked the role). */
export function asOfficer(principal: Principal): OfficerPrincipal {
  if (principal.role !== 'officer') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'This action is for: officer.');
  return principal;
}

/** Narrows a principal on an officer/admin route (the guard has already checked the role). */
export function asStaff(principal: Principal): StaffPrincipal {
  if (principal.role === 'citizen') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'This action is for: officer, admin.');
  return principal;
}
