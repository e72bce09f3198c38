import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { AGENCY_CODE_PATTERN } from '../agency-codes';
import { defineEvent } from '../event-definition';
import { IsTimestamp } from '../timestamp';

/** The states of the one-stop lifecycle (Decree 61/2018, Circular 01/2018/TT-VPCP), as events name them. */
export const DOSSIER_LIFECYCLE_STATES = [
  'draft',
  'submitted',
  'received',
  'refused',
  'supplement_requested',
  'resubmitted',
  'in_processing',
  'awaiting_payment',
  'approved',
  'rejected',
  'result_issued',
  'result_delivered',
  'withdrawn',
] as const;

export type DossierLifecycleState = (typeof DOSSIER_LIFECYCLE_STATES)[number];

/** The dossier topic is keyed by dossier, so every consumer sees one dossier's story in order. */
export const DOSSIER_LIFECYCLE_TOPIC = 'intake.dossier-lifecycle.v1';

/**
 * A dossier at `agencyCode` moved from one state to another. Who acted is a role and, for an
 * officer, their subject; the citizen is named only by the vault's opaque reference.
 */
export class DossierStatusChangedV1 {
  @IsUUID()
  dossierId!: string;

  @Matches(AGENCY_CODE_PATTERN)
  agencyCode!: string;

  @IsString()
  @MaxLength(64)
  procedureCode!: string;

  @IsUUID()
  citizenRef!: string;

  @IsIn(DOSSIER_LIFECYCLE_STATES)
  from!: DossierLifecycleState;

  @IsIn(DOSSIER_LIFECYCLE_STATES)
  to!: DossierLifecycleState;

  @IsIn(['citizen', 'officer', 'system'])
  actorRole!: 'citizen' | 'officer' | 'system';

  @IsOptional()
  @IsString()
  @MaxLength(200)
  officer?: string;

  /** Why, in the officer's words: a refusal, a rejection, what a supplement asks for. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  /** Set once the dossier is received: the national dossier code and the day the result is due. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  dossierCode?: string;

  @IsOptional()
  @IsTimestamp()
  appointmentDate?: string;

  /** The procedure's online service level (1–4): who is invited to rate it, how a fee is paid. */
  @IsOptional()
  @IsIn([1, 2, 3, 4])
  serviceLevel?: 1 | 2 | 3 | 4;

  /** How the citizen chose to get the result back, once the dossier is submitted. */
  @IsOptional()
  @IsIn(['online', 'in_person', 'post'])
  returnChannel?: 'online' | 'in_person' | 'post';

  @IsTimestamp()
  at!: string;
}

export const DossierStatusChanged = defineEvent({
  type: 'vn.gov.intake.dossier.status-changed.v1',
  payload: DossierStatusChangedV1,
  topic: () => DOSSIER_LIFECYCLE_TOPIC,
  key: (event) => event.dossierId,
  subject: (event) => event.dossierId,
});
