import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DOSSIER_LIFECYCLE_STATES, type DossierLifecycleState } from '@app/contracts';
import { VND_COLUMN } from '@app/persistence';
import type { Channel, FormAnswers } from '../procedures/procedure-information';

/** The one-stop lifecycle of Decree 61/2018 and Circular 01/2018/TT-VPCP, as its events name it; `dossier-state-machine.ts` says which moves are legal. */
export const DOSSIER_STATUSES = DOSSIER_LIFECYCLE_STATES;

export type DossierStatus = DossierLifecycleState;

@Entity({ name: 'dossier' })
export class Dossier {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'procedure_code', type: 'text' })
  procedureCode!: string;

  /** The published version of the procedure the dossier was filed under: later edits never change it. */
  @Column({ name: 'procedure_version', type: 'int' })
  procedureVersion!: number;

  /** The service level of that version, kept here because every rule of the lifecycle asks for it. */
  @Column({ name: 'procedure_level', type: 'smallint' })
  procedureLevel!: number;

  /** This agency's own record of whose dossier it is; it never leaves the service (no events, no logs). */
  @Column({ name: 'citizen_personal_id', type: 'char', length: 12 })
  citizenPersonalId!: string;

  /** The vault's opaque reference: the only way the citizen is named to other services. */
  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ type: 'text' })
  status!: DossierStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** The e-form's answers (L3 and L4), validated against the procedure's application form. */
  @Column({ name: 'form_data', type: 'jsonb', nullable: true })
  formData!: FormAnswers | null;

  /** How the citizen chose to get the result, at submission. */
  @Column({ name: 'return_channel', type: 'text', nullable: true })
  returnChannel!: Channel | null;

  /** The national dossier code (agency code, date, daily sequence), given at reception. */
  @Column({ name: 'dossier_code', type: 'text', nullable: true })
  dossierCode!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  /** The day the result is due, in Vietnam (YYYY-MM-DD); moved by supplements and apologies. */
  @Column({ name: 'appointment_date', type: 'date', nullable: true })
  appointmentDate!: string | null;

  /** Working days left on the clock while a supplement request holds it. */
  @Column({ name: 'paused_working_days', type: 'int', nullable: true })
  pausedWorkingDays!: number | null;

  /** The fee of this dossier, in whole VND, fixed at submission from the procedure and the form. */
  @Column({ name: 'fee_vnd', type: 'bigint', nullable: true, transformer: VND_COLUMN })
  feeVnd!: number | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  /** How the fee was paid: online for L4, in person or by post at L3's desk. */
  @Column({ name: 'payment_channel', type: 'text', nullable: true })
  paymentChannel!: Channel | null;

  @Column({ name: 'status_changed_at', type: 'timestamptz' })
  statusChangedAt!: Date;
}
