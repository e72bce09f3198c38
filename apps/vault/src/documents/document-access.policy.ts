import type { Principal } from '@app/platform';
import type { DataSharingState } from '../availability/reuse-scope.policy';
import { reuseScope } from '../availability/reuse-scope.policy';
import type { StoredDocument } from './stored-document.entity';

export type AccessBasis = 'owner' | 'provided-to-agency' | 'verifying-agency' | 'governing-body';

export type AccessDecision = { readonly allowed: true; readonly basis: AccessBasis } | { readonly allowed: false };

export interface AccessFacts {
  readonly document: Pick<StoredDocument, 'citizenRef' | 'status' | 'providedToAgencyCode' | 'verifiedByAgencyCode' | 'validUntil'>;
  /** The caller's own reference when the caller is a citizen the vault knows. */
  readonly callerCitizenRef: string | null;
  /** The governing body of the caller's agency when the caller is an officer of a known agency. */
  readonly officerBodyCode: string | null;
  /** The body of the agency that verified the document, once verified. */
  readonly verifyingBody: (DataSharingState & { readonly code: string }) | null;
}

/**
 * Who may see a document (Circular 32/2017's once-only rules, applied to reading):
 * - its owner;
 * - the agency it was provided to, and the one that verified it, whatever its status:
 *   they must read it to verify it, and keep answering for their decision;
 * - a sibling agency under the verifying agency's governing body, when the document is
 *   verified, still valid, and the body's connected data sharing is in effect.
 * Nobody else: not other citizens, not officers of other bodies, not platform admins.
 */
export function decideAccess(principal: Principal, facts: AccessFacts, now: Date): AccessDecision {
  const { document } = facts;
  switch (principal.role) {
    case 'citizen':
      return facts.callerCitizenRef !== null && facts.callerCitizenRef === document.citizenRef ? { allowed: true, basis: 'owner' } : { allowed: false };
    case 'officer': {
      if (principal.agencyCode === document.providedToAgencyCode) return { allowed: true, basis: 'provided-to-agency' };
      if (principal.agencyCode === document.verifiedByAgencyCode) return { allowed: true, basis: 'verifying-agency' };
      const body = facts.verifyingBody;
      const reusable =
        document.status === 'verified' &&
        (document.validUntil === null || document.validUntil.getTime() > now.getTime()) &&
        body !== null &&
        facts.officerBodyCode === body.code &&
        reuseScope(body, now) === 'governing-body';
      return reusable ? { allowed: true, basis: 'governing-body' } : { allowed: false };
    }
    case 'admin':
      return { allowed: false };
  }
}
