import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { DOSSIER_LIFECYCLE_TOPIC } from './dossier-status-changed.event';
import { IsTimestamp } from '../timestamp';

/**
 * An agency issued a signed electronic result for a dossier. The document itself is in the
 * vault (`documentId`); anyone holding it can check it with `verificationCode`.
 */
export class ResultIssuedV1 {
  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsUUID()
  citizenRef!: string;

  @IsUUID()
  documentId!: string;

  @IsString()
  @MaxLength(64)
  documentTypeCode!: string;

  @Matches(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
  verificationCode!: string;

  @IsTimestamp()
  issuedAt!: string;
}

export const ResultIssued = defineEvent({
  type: 'vn.gov.intake.result.issued.v1',
  payload: ResultIssuedV1,
  topic: () => DOSSIER_LIFECYCLE_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});
