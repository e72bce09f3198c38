import { HttpStatus } from '@nestjs/common';
import { ApiError, PlatformErrorCode, type Principal } from '@app/platform';
import { DossierErrorCode } from './dossier-error-code';

export type CitizenPrincipal = Extract<Principal, { role: 'citizen' }>;
export type OfficerPrincipal = Extract<Principal, { role: 'officer' }>;

/** Routes are already limited by `@Roles`; this narrows the type and guards against a missing decorator. */
export function asCitizen(principal: Principal): CitizenPrincipal {
  if (principal.role !== 'citizen') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'This action is for: citizen.');
  return principal;
}

/** An officer acts here only for this desk's own agency, whatever their token says they may do elsewhere. */
export function asOfficerOf(principal: Principal, agencyCode: string): OfficerPrincipal {
  if (principal.role !== 'officer') throw new ApiError(HttpStatus.FORBIDDEN, PlatformErrorCode.RoleNotAllowed, 'This action is for: officer.');
  if (principal.agencyCode !== agencyCode) {
    throw new ApiError(HttpStatus.FORBIDDEN, DossierErrorCode.ForeignAgency, `Only officers of agency ${agencyCode} may act on its dossiers.`);
  }
  return principal;
}

export function dossierNotFound(id: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, DossierErrorCode.DossierNotFound, `There is no dossier ${id} for you here.`);
}
