import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { AGENCY_CODE_PATTERN, agencyCodeSlug } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

export const REUSE_SCOPES = ['agency', 'governing-body'] as const;
export type ReuseScope = (typeof REUSE_SCOPES)[number];

export const WITHDRAWAL_REASONS = ['revoked', 'expired'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/**
 * The latest word on whether one verified document may be reused, and by whom. Published
 * on its governing body's compacted topic keyed by document id, so an intake that replays
 * the topic ends up with exactly the current state.
 *
 * `scope` `agency`: only the agency that verified it; `governing-body`: every agency under
 * the body (the body has connected data sharing). A narrowed scope is simply a new record.
 *
 * `version` orders the records of one document: the vault raises it by one, under the
 * document's row lock, for every record it publishes about that document. A consumer keeps
 * a record only if its version is greater than the one it holds, so a late, duplicated or
 * replayed older record can never make a withdrawn document reusable again, and a
 * republication (same content, new version) leaves an up-to-date index as it was.
 */
export class DocumentAvailabilityV1 {
  @IsUUID()
  documentId!: string;

  @IsUUID()
  citizenRef!: string;

  @IsString()
  @MaxLength(64)
  documentTypeCode!: string;

  @Matches(AGENCY_CODE_PATTERN)
  governingBodyCode!: string;

  @Matches(AGENCY_CODE_PATTERN)
  verifiedByAgencyCode!: string;

  /** Shown to the citizen ("verified by …"); names are public, unlike the people involved. */
  @IsString()
  @MaxLength(300)
  verifiedByAgencyName!: string;

  @IsTimestamp()
  verifiedAt!: string;

  /** Absent for documents valid without limit (a birth certificate). */
  @IsOptional()
  @IsTimestamp()
  validUntil?: string;

  @IsIn(REUSE_SCOPES)
  scope!: ReuseScope;

  @IsIn(['available', 'withdrawn'])
  status!: 'available' | 'withdrawn';

  @ValidateIf((record: DocumentAvailabilityV1) => record.status === 'withdrawn')
  @IsIn(WITHDRAWAL_REASONS)
  withdrawnReason?: WithdrawalReason;

  /** Per document, starting at 1; see the class comment. */
  @IsInt()
  @Min(1)
  version!: number;
}

export function availabilityTopic(governingBodyCode: string): string {
  return `vault.document-availability.${agencyCodeSlug(governingBodyCode)}.v1`;
}

export const DocumentAvailability = defineEvent({
  type: 'vn.gov.vault.document.availability.v1',
  payload: DocumentAvailabilityV1,
  topic: (record) => availabilityTopic(record.governingBodyCode),
  key: (record) => record.documentId,
  subject: (record) => record.documentId,
});
