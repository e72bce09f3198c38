import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

/**
 * An officer of `agencyCode` checked a provided document against its original. Ids only:
 * the content stays in the vault, and the citizen is named by the vault's opaque reference,
 * never by the personal identification number.
 */
export class DocumentVerifiedV1 {
  @IsUUID()
  documentId!: string;

  @IsUUID()
  citizenRef!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsUUID()
  dossierId!: string;

  /** The officer's subject in the identity provider. */
  @IsString()
  @MaxLength(200)
  officer!: string;

  @IsTimestamp()
  verifiedAt!: string;

  /** End of validity (a date); absent means the document type's default applies. */
  @IsOptional()
  @IsTimestamp()
  validUntil?: string;
}

export const DocumentVerified = defineEvent({
  type: 'vn.gov.intake.document.verified.v1',
  payload: DocumentVerifiedV1,
  topic: () => 'intake.document-verified.v1',
  key: (event) => event.citizenRef,
  subject: (event) => event.documentId,
});
