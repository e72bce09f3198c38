import type { ReuseScope } from '@app/contracts';

/** What the rule needs to know about one indexed document. */
export interface ReuseCandidate {
  readonly documentId: string;
  readonly citizenRef: string;
  readonly documentTypeCode: string;
  readonly verifiedByAgencyCode: string;
  readonly verifiedAt: Date;
  readonly validUntil: Date | null;
  readonly scope: ReuseScope;
  readonly status: 'available' | 'withdrawn';
  /** Why the vault withdrew it, when it did. */
  readonly withdrawnReason?: 'revoked' | 'expired' | null;
}

/** Why a document attached by reuse may no longer stand in for the citizen's copy. */
export type ReuseWithdrawal = 'revoked' | 'expired' | 'no-longer-shared';

/**
 * The once-only rule for one agency's desk (Circular 32/2017, rules 1 and 2): a document may
 * be reused if it is still available and valid, and either the whole governing body shares
 * data or it was this very agency that verified it.
 *
 * Unverified documents never reach the index and another body's documents never reach this
 * desk's topic, so those two cases need no test here: they simply are not candidates.
 */
export class ReuseRule {
  constructor(private readonly agencyCode: string) {}

  permits(candidate: ReuseCandidate, now: Date): boolean {
    return this.refusal(candidate, now) === undefined;
  }

  /** Why the rule no longer permits a document (undefined: it does), as the citizen is told. */
  refusal(candidate: ReuseCandidate, now: Date): ReuseWithdrawal | undefined {
    if (candidate.status !== 'available') return candidate.withdrawnReason ?? 'revoked';
    if (candidate.validUntil !== null && candidate.validUntil.getTime() <= now.getTime()) return 'expired';
    return candidate.scope === 'governing-body' || candidate.verifiedByAgencyCode === this.agencyCode ? undefined : 'no-longer-shared';
  }

  /** The most recently verified permitted document of this citizen and type, if any. */
  pick<T extends ReuseCandidate>(candidates: readonly T[], citizenRef: string, documentTypeCode: string, now: Date): T | undefined {
    return candidates
      .filter((candidate) => candidate.citizenRef === citizenRef && candidate.documentTypeCode === documentTypeCode)
      .filter((candidate) => this.permits(candidate, now))
      .reduce<T | undefined>((best, candidate) => (best === undefined || isNewer(candidate, best) ? candidate : best), undefined);
  }
}

function isNewer(a: ReuseCandidate, b: ReuseCandidate): boolean {
  const difference = a.verifiedAt.getTime() - b.verifiedAt.getTime();
  // A tie is broken by id only so the same index always yields the same choice.
  return difference > 0 || (difference === 0 && a.documentId > b.documentId);
}
