import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A written apology for a late dossier, with the new appointment it set (Decree 61/2018, art. 19). */
@Entity({ name: 'dossier_apology' })
export class DossierApology {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'dossier_id', type: 'uuid' })
  dossierId!: string;

  @Column({ name: 'previous_appointment_date', type: 'date' })
  previousAppointmentDate!: string;

  @Column({ name: 'new_appointment_date', type: 'date' })
  newAppointmentDate!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;
}
