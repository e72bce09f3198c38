import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the lifecycle events have said about a dossier: whose it is, for the payment events
 * that do not say, and when it is due, for the officers' due-soon sweep.
 */
@Entity('dossier_record')
export class DossierRecord {
  @PrimaryColumn({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ name: 'citizen_ref', type: 'uuid' })
  citizenRef!: string;

  @Column({ name: 'agency_code', type: 'text' })
  agencyCode!: string;

  @Column({ name: 'procedure_code', type: 'text' })
  procedureCode!: string;

  @Column({ name: 'dossier_code', type: 'text', nullable: true })
  dossierCode!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'appointment_date', type: 'date', nullable: true })
  appointmentDate!: string | null;

  /** The appointment date its agency was last warned about, so each date warns once. */
  @Column({ name: 'warned_for_date', type: 'date', nullable: true })
  warnedForDate!: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
