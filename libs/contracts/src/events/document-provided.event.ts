import { IsUUID, Matches } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

/**
 * A citizen attached a document they uploaded to a dossier at `agencyCode`: the document's
 * provenance. Only the agency's intake says so, signed; the citizen's own upload to the
 * vault binds the document to no agency and no dossier.
 *
 * On the verification topic, keyed by citizen like DocumentVerified: one partition carries a
 * citizen's provision before its verification, so the vault never meets them out of order.
 */
export class DocumentProvidedV1 {
  @IsUUID()
  documentId!: string;

  @IsUUID()
  citizenRef!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsUUID()
  dossierId!: string;

  @IsTimestamp()
  providedAt!: string;
}

export const DocumentProvided = defineEvent({
  type: 'vn.gov.intake.document.provided.v1',
  payload: DocumentProvidedV1,
  topic: () => 'intake.document-verified.v1',
  key: (event) => event.citizenRef,
  subject: (event) => event.documentId,
});
