import { IsUUID, Matches } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

/** A dossier at `agencyCode` was given an already verified document instead of asking for it. */
export class DocumentReusedV1 {
  @IsUUID()
  documentId!: string;

  @IsUUID()
  citizenRef!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsUUID()
  dossierId!: string;

  @IsTimestamp()
  reusedAt!: string;
}

export const DocumentReused = defineEvent({
  type: 'vn.gov.intake.document.reused.v1',
  payload: DocumentReusedV1,
  topic: () => 'intake.document-reused.v1',
  key: (event) => event.citizenRef,
  subject: (event) => event.documentId,
});
