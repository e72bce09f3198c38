import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { DOSSIER_LIFECYCLE_TOPIC } from './dossier-status-changed.event';
import { IsTimestamp } from '../timestamp';

/** A dossier passed its appointment: the agency apologised in writing and set a new date (Decree 61/2018, art. 19). */
export class DossierApologyIssuedV1 {
  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsUUID()
  citizenRef!: string;

  @IsString()
  @MaxLength(64)
  dossierCode!: string;

  @IsTimestamp()
  previousAppointmentDate!: string;

  @IsTimestamp()
  newAppointmentDate!: string;

  @IsTimestamp()
  issuedAt!: string;
}

export const DossierApologyIssued = defineEvent({
  type: 'vn.gov.intake.dossier.apology-issued.v1',
  payload: DossierApologyIssuedV1,
  topic: () => DOSSIER_LIFECYCLE_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});
